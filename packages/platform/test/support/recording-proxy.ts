/**
 * A forward proxy on 127.0.0.1 that records what it is asked, set up as squid
 * commonly is: CONNECT tunnels (recorded as `host:port`), and plain HTTP in
 * absolute-URI form (recorded as `METHOD uri`, then forwarded); a request in
 * origin form (`GET /path`) gets 400.
 */
import { once } from "node:events";
import http from "node:http";
import net, { type AddressInfo } from "node:net";

export interface RecordingProxy {
  url: string;
  tunnels: string[];
  forwards: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const tunnels: string[] = [];
  const forwards: string[] = [];
  const sockets = new Set<net.Socket>();
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
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
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
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    forwards,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
