/**
 * A real mTLS server on 127.0.0.1: `https.createServer({ requestCert: true,
 * rejectUnauthorized: true, ca })`. It counts TLS connections (and TCP ones),
 * records requests with the client certificate's CN, and answers:
 *   /slow?ms=N → waits N ms; /status/NNN → that status; /text → plain text; else JSON echo.
 */
import { once } from "node:events";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";

export interface MtlsRecorded {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  clientCN: string | undefined;
}

export interface MtlsServer {
  url: string;
  port: number;
  tcpConnections: number;
  tlsConnections: number;
  requests: MtlsRecorded[];
  close(): Promise<void>;
}

export async function startMtlsServer(options: { cert: string; key: string; ca: string | string[] }): Promise<MtlsServer> {
  const requests: MtlsRecorded[] = [];
  const state = { tcp: 0, tls: 0 };
  const sockets = new Set<Socket>();
  const server = https.createServer({ cert: options.cert, key: options.key, ca: options.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const record: MtlsRecorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        clientCN: peer?.subject?.CN as string | undefined,
      };
      requests.push(record);
      const url = new URL(req.url ?? "/", "https://x");
      if (url.pathname === "/slow") {
        setTimeout(() => res.end("late"), Number(url.searchParams.get("ms") ?? 1000));
        return;
      }
      const status = /^\/status\/(\d{3})$/.exec(url.pathname);
      if (status) {
        res.writeHead(Number(status[1]), { "content-type": "application/json", "X-Custom": "Yes" });
        res.end(JSON.stringify({ error: "teapot" }));
        return;
      }
      if (url.pathname === "/text") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("plain text");
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "Set-Cookie": ["a=1", "b=2"] });
      res.end(JSON.stringify(record));
    });
  });
  server.on("connection", (socket: Socket) => {
    state.tcp++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("secureConnection", () => state.tls++);
  // Handshake failures (refused client certificates) are expected in some tests.
  server.on("tlsClientError", () => undefined);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get tcpConnections() {
      return state.tcp;
    },
    get tlsConnections() {
      return state.tls;
    },
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
