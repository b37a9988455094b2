/**
 * A test-only front door that lets the official `liveperson-functions-client`
 * reach a local platform, all on loopback. The client has two things no
 * configuration changes: it asks CSDS at a fixed host
 * (`http://adminlogin.liveperson.net/...` for a numeric account), and it builds
 * every service URL as `<protocol>://<baseURI>/<path>`, so a baseURI must be a
 * bare host name on the protocol's default port, as LivePerson's CSDS answers.
 * The local platform listens on 127.0.0.1:<port> and names itself with its URL.
 *
 * So, in the test process only:
 * - `routeNamesTo()` hooks Node's global HTTP agent: connections to the given
 *   names on port 80 go to the front door's loopback port instead (no DNS, no
 *   packet leaves the machine; restored after the test);
 * - the front door relays each request to the platform with the platform's
 *   own Host (the platform refuses foreign Host headers: DNS rebinding), and
 *   rewrites CSDS answers so each service's baseURI is a front-door name
 *   (`faasGW` → the gateway name under test), as the cloud's CSDS would answer.
 * It records every request as the client sent it, for assertions.
 */
import { once } from "node:events";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface SeenRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FrontDoor {
  port: number;
  seen: SeenRequest[];
  /** The name CSDS answers for `faasGW` from now on (a name with `fninvocations` makes the client speak V2). */
  setGatewayName(name: string): void;
  close(): Promise<void>;
}

const CSDS_PATH = /^\/api\/account\/[^/]+\/service\/baseURI\.json(?:\?|$)/;

export const OTHER_SERVICES_NAME = "services.lp-faas.test";

export async function startFrontDoor(platformUrl: string, initialGatewayName: string): Promise<FrontDoor> {
  const platform = new URL(platformUrl);
  let gatewayName = initialGatewayName;
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: body.toString("utf8") });
      const headers = { ...req.headers, host: platform.host };
      delete headers.connection;
      const relay = http.request({ host: platform.hostname, port: platform.port, method: req.method, path: req.url, headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => parts.push(chunk));
        answer.on("end", () => {
          let text = Buffer.concat(parts);
          if (CSDS_PATH.test(req.url!) && answer.statusCode === 200) {
            const csds = JSON.parse(text.toString("utf8")) as { baseURIs: Array<{ service: string; baseURI: string }> };
            for (const entry of csds.baseURIs) entry.baseURI = entry.service === "faasGW" ? gatewayName : OTHER_SERVICES_NAME;
            text = Buffer.from(JSON.stringify(csds));
          }
          const outHeaders = { ...answer.headers, "content-length": String(text.length) };
          delete outHeaders["transfer-encoding"];
          res.writeHead(answer.statusCode!, outHeaders);
          res.end(text);
        });
      });
      relay.on("error", (error) => res.writeHead(502).end(`front door: ${error.message}`));
      relay.end(body);
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    setGatewayName: (name) => void (gatewayName = name),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type CreateConnection = (options: { host?: string | null; port?: number | string | null }, callback?: unknown) => Socket;

/** Sends this process's plain-HTTP connections to `names` (port 80) to 127.0.0.1:`port`; returns the undo. */
export function routeNamesTo(names: readonly string[], port: number): () => void {
  const agent = http.globalAgent as unknown as { createConnection: CreateConnection };
  const original = agent.createConnection;
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  agent.createConnection = function (this: unknown, options, callback) {
    const host = options.host?.toLowerCase();
    const toPort = options.port === undefined || options.port === null || Number(options.port) === 80;
    const target = host !== undefined && wanted.has(host) && toPort ? { ...options, host: "127.0.0.1", port } : options;
    return original.call(this, target, callback);
  };
  return () => {
    agent.createConnection = original;
  };
}
