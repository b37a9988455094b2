// The mTLS bench's target: an HTTPS server that requires a client certificate from the bench CA,
// run as a child process. Paths to the PEM files come in argv; the port goes back over IPC.
import { readFileSync } from "node:fs";
import { createServer } from "node:https";

const [cert, key, ca] = process.argv.slice(2).map((path) => readFileSync(path));
const BODY = Buffer.from(JSON.stringify({ ok: true, service: "mtls-bench" }));
const server = createServer({ cert, key, ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": String(BODY.length) });
  res.end(BODY);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => {
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
});
