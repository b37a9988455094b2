// The bench's target: a plain node:http server on 127.0.0.1 (random port), keep-alive,
// answering every request with the same small JSON body. Run as a child process
// (fork) so it does not share an event loop with the client being measured; it
// reports its port to the parent over IPC and exits when the parent disconnects.
import { createServer } from "node:http";

const BODY = Buffer.from(JSON.stringify({ ok: true, service: "bench", items: [1, 2, 3] }));
const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "content-length": String(BODY.length),
};

let csds;
const server = createServer((req, res) => {
  // Drain any request body, then answer.
  req.resume();
  // CSDS lookups (the LpClient bench) get every service pointing back at this server.
  if (req.url.includes("/service/baseURI.json")) {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(csds);
  }
  res.writeHead(200, HEADERS);
  res.end(BODY);
});
// Keep idle connections open for the whole bench (clients decide when to close).
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.requestTimeout = 0;

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  csds = JSON.stringify({ baseURIs: [{ service: "msgHist", account: "123", baseURI: `http://127.0.0.1:${port}` }] });
  if (process.send) process.send({ port });
  else console.log(`listening on http://127.0.0.1:${port}/`);
});

process.on("disconnect", () => {
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
});
