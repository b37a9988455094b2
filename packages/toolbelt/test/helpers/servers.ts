/**
 * Real servers on 127.0.0.1 (random ports) for integration tests: an HTTP or
 * HTTPS server that counts its TCP connections and records requests, a silent
 * TCP server (for connect timeouts), and a forward proxy that records tunnels
 * (CONNECT) and absolute-URI requests.
 */
import { once } from "node:events";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import net, { type AddressInfo, type Socket } from "node:net";
import { testPki } from "./tls";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (req: IncomingMessage & { body: Buffer }, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function track(server: net.Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

async function listen(server: net.Server): Promise<number> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

function closer(server: net.Server, sockets: Set<Socket>): () => Promise<void> {
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

/** An HTTP(S) server running `handler` (default: echo as JSON). */
export async function startServer(handler?: Handler, options: { tls?: boolean } = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const withBody = Object.assign(req, { body });
      Promise.resolve((handler ?? echo)(withBody, res)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  };
  const server = options.tls ? https.createServer({ cert: testPki().cert, key: testPki().key }, onRequest) : http.createServer(onRequest);
  const sockets = track(server);
  const state = { connections: 0 };
  server.on(options.tls ? "secureConnection" : "connection", () => state.connections++);
  const port = await listen(server);
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    get connections() {
      return state.connections;
    },
    requests,
    close: closer(server, sockets),
  };
}

/** Echoes the request as JSON: method, url, headers, body (utf8). */
export const echo: Handler = (req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: req.body.toString("utf8") }));
};

/** A TCP server that accepts connections and never answers (TLS handshakes and requests hang). */
export async function startSilentServer(): Promise<TestServer> {
  const server = net.createServer(() => undefined);
  const sockets = track(server);
  const state = { connections: 0 };
  server.on("connection", () => state.connections++);
  const port = await listen(server);
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get connections() {
      return state.connections;
    },
    requests: [],
    close: closer(server, sockets),
  };
}

export interface TestProxy extends TestServer {
  /** `host:port` of every CONNECT the proxy accepted. */
  tunnels: string[];
  /** `METHOD absolute-uri` of every plain request the proxy forwarded (`GET http://host:port/path`). */
  forwards: string[];
}

/**
 * A real forward proxy, as squid is set up: CONNECT tunnels (the platform's egress
 * proxy speaks only these), and plain HTTP requests in absolute-URI form, which
 * it forwards; a request in origin form (`GET /path`) is refused with 400.
 */
export async function startConnectProxy(): Promise<TestProxy> {
  const tunnels: string[] = [];
  const forwards: string[] = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? "";
    if (!/^http:\/\//i.test(target)) {
      res.statusCode = 400;
      res.end("absolute-URI form or CONNECT only");
      return;
    }
    forwards.push(`${req.method} ${target}`);
    const upstream = http.request(target, { method: req.method, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(upstream);
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    tunnels.push(target);
    const [host, port] = target.split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const sockets = track(server);
  const state = { connections: 0 };
  server.on("connection", () => state.connections++);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return state.connections;
    },
    requests: [],
    tunnels,
    forwards,
    close: closer(server, sockets),
  };
}
