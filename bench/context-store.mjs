// The Context Session Store under a mixed load: 70 % reads, 30 % writes through
// Toolbelt.ContextServiceClient, 16 in flight, against `lp-faas dev` running in its own
// process (the store on SQLite in a temp project). Targets: >= 5,000 ops/s, p99 < 20 ms.
// Baseline in the same run: the same read endpoint called with raw `undici.request`,
// same concurrency; the ratio of client to raw latency is the client's overhead.
// Usage: node bench/context-store.mjs [--json]   (needs `npm run build`)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { cleanEnv, ROOT } from "./lib.mjs";

const require = createRequire(import.meta.url);
const { Toolbelt } = require("lp-faas-toolbelt");

const OPS = Number(process.env.BENCH_CONTEXT_OPS ?? 20_000);
const WARMUP = 2_000;
const CONCURRENCY = 16;
const SESSIONS = 200;
const PROPERTIES = 8;
const ACCOUNT = "12345678";

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function startDev(projectDir) {
  const child = spawn(process.execPath, [join(ROOT, "packages/platform/bin/lp-faas.js"), "dev", projectDir, "--port", "0", "--json"], {
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`lp-faas dev exited with ${code}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      try {
        resolve({ child, url: JSON.parse(out).url });
      } catch {
        // wait for the whole document
      }
    });
  });
}

/** Runs `count` calls of `op(i)` with `concurrency` in flight; latencies in ms and ops/s. */
async function load(op, count, concurrency) {
  const latencies = new Array(count);
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await op(i);
      latencies[i] = performance.now() - t0;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { opsPerSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Deterministic mix: 7 of every 10 operations read, 3 write. */
function mixed(client) {
  return (i) => {
    const session = `s${(i * 7919) % SESSIONS}`;
    const slot = i % 10;
    if (slot < 5) return client.getAllPropertiesInSession("bench", session);
    if (slot < 7) return client.getPropertyInSession("bench", `p${i % PROPERTIES}`, session);
    return client.updatePropertiesInNamespace("bench", { [`p${i % PROPERTIES}`]: { i, at: Date.now() } }, session);
  };
}

export async function benchContextStore() {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-bench-context-"));
  mkdirSync(join(dir, "functions"), { recursive: true });
  writeFileSync(join(dir, "functions", "settings.json"), JSON.stringify({ secrets: [], whitelist: [] }));
  const { child, url } = await startDev(dir);
  const dispatcher = new Agent({ connections: CONCURRENCY });
  try {
    // An admin route: the token is the file lp-faas dev wrote into the project.
    const adminToken = readFileSync(join(dir, ".lp-faas", "admin-token"), "utf8").trim();
    const keyResponse = await request(`${url}/_platform/context/keys`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    });
    const { apiKey } = await keyResponse.body.json();
    Toolbelt.configure({ brandId: ACCOUNT, csdsDomain: url, rateLimit: false });
    const client = Toolbelt.ContextServiceClient({ accountId: ACCOUNT, apiKey });
    await client.createNamespace("bench");
    for (let s = 0; s < SESSIONS; s++) {
      await client.setPropertiesInNamespace(
        "bench",
        Object.fromEntries(Array.from({ length: PROPERTIES }, (_, p) => [`p${p}`, { s, p, text: "x".repeat(40) }])),
        `s${s}`,
      );
    }

    const rawHeaders = { "maven-api-key": apiKey, accept: "application/json", "content-type": "application/json" };
    const rawRead = async (i) => {
      const res = await request(`${url}/v1/account/${ACCOUNT}/bench/s${(i * 7919) % SESSIONS}/properties`, { headers: rawHeaders, dispatcher });
      const body = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      return body;
    };
    const clientRead = (i) => client.getAllPropertiesInSession("bench", `s${(i * 7919) % SESSIONS}`);

    await load(mixed(client), WARMUP, CONCURRENCY);
    await load(rawRead, WARMUP, CONCURRENCY);
    const mix = await load(mixed(client), OPS, CONCURRENCY);
    const raw = await load(rawRead, OPS / 2, CONCURRENCY);
    const viaClient = await load(clientRead, OPS / 2, CONCURRENCY);
    return { mix, raw, viaClient };
  } finally {
    await dispatcher.close();
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const { mix, raw, viaClient } = await benchContextStore();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ mix, raw, viaClient }));
  } else {
    const f = (n) => n.toFixed(2);
    console.log(`Context Session Store, ${CONCURRENCY} in flight, platform in its own process (${OPS} ops):`);
    console.log(
      `  mixed 70/30 via ContextServiceClient: ${Math.round(mix.opsPerSecond)} ops/s, p50 ${f(mix.p50)} ms, p99 ${f(mix.p99)} ms  (target >= 5000 ops/s, p99 < 20 ms)`,
    );
    console.log(`  read, raw undici:          ${Math.round(raw.opsPerSecond)} req/s, p50 ${f(raw.p50)} ms, p99 ${f(raw.p99)} ms`);
    console.log(`  read, ContextServiceClient: ${Math.round(viaClient.opsPerSecond)} ops/s, p50 ${f(viaClient.p50)} ms, p99 ${f(viaClient.p99)} ms`);
    console.log(`  client / raw: ${f(viaClient.p50 / raw.p50)}x p50 latency, ${f(raw.opsPerSecond / viaClient.opsPerSecond)}x time per op`);
  }
}
