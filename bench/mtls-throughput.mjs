// MTLSClient keep-alive throughput against a local mTLS server (child process), against raw
// undici.request with the same client certificate, in the same run. Target: ≥ 0.8× raw.
// Certificates are generated with openssl for the run. Usage: node bench/mtls-throughput.mjs
import { execFileSync, fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runConcurrent } from "./lib.mjs";

const require = createRequire(import.meta.url);
const { Toolbelt } = require("../packages/toolbelt/dist/cjs/index.js");
const { Agent, request } = require("undici");

const REQUESTS = Number(process.env.BENCH_MTLS_REQUESTS ?? 10_000);
const ROUNDS = 5;
const CONCURRENCY = 10;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function makePki(dir) {
  const run = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  writeFileSync(join(dir, "server.cnf"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  writeFileSync(join(dir, "client.cnf"), "extendedKeyUsage=clientAuth\n");
  run("req", "-x509", ...newKey, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=bench CA");
  for (const [name, ext] of [
    ["server", "server.cnf"],
    ["client", "client.cnf"],
  ]) {
    run("req", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
    run("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", ext);
  }
  const read = (name) => readFileSync(join(dir, name), "utf8");
  return { ca: read("ca.crt"), client: { cert: read("client.crt"), key: read("client.key") } };
}

/** Requests per second. */
async function load(call, total) {
  return total / ((await runConcurrent(call, total, CONCURRENCY)) / 1000);
}

export async function benchMtls() {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-mtls-bench-"));
  const pki = makePki(dir);
  const child = fork(fileURLToPath(new URL("./mtls-server.mjs", import.meta.url)), [join(dir, "server.crt"), join(dir, "server.key"), join(dir, "ca.crt")], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const { port } = await new Promise((resolve) => child.once("message", resolve));
  const url = `https://127.0.0.1:${port}/data`;
  Toolbelt.configure({ rateLimit: false });
  const mtls = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
  const agent = new Agent({ connect: { cert: pki.client.cert, key: pki.client.key, ca: pki.ca } });
  const ours = () => mtls.get(url, {}, undefined, { json: true });
  const raw = async () => {
    const res = await request(url, { dispatcher: agent });
    await res.body.json();
  };
  try {
    await load(ours, 2000);
    await load(raw, 2000);
    const oursRps = [];
    const rawRps = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        rawRps.push(await load(raw, REQUESTS));
        oursRps.push(await load(ours, REQUESTS));
      } else {
        oursRps.push(await load(ours, REQUESTS));
        rawRps.push(await load(raw, REQUESTS));
      }
    }
    const result = { mtlsClientRps: median(oursRps), rawUndiciRps: median(rawRps) };
    result.ratio = result.mtlsClientRps / result.rawUndiciRps;
    result.pass = result.ratio >= 0.8;
    return result;
  } finally {
    await agent.close();
    child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchMtls();
  console.log(`MTLSClient vs raw undici, keep-alive GET over mutual TLS, ${CONCURRENCY} in flight (median of ${ROUNDS} rounds)`);
  console.log(
    `| MTLSClient req/s | raw undici req/s | ratio | target | result |\n| ${r.mtlsClientRps.toFixed(0)} | ${r.rawUndiciRps.toFixed(0)} | ${r.ratio.toFixed(2)}x | >= 0.80x | ${r.pass ? "PASS" : "FAIL"} |`,
  );
  console.log(`BENCH_MTLS_JSON ${JSON.stringify(r)}`);
  process.exit(0);
}
