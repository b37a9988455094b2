// Warm invoke of a trivial function through the local platform, against a bare JSON echo on the
// same server, in the same run: p50/p99 latency and throughput at 1 and 10 concurrent.
// Usage: node bench/platform-invoke.mjs [--json]   (needs `npm run build`)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request, Agent } from "undici";

const require = createRequire(import.meta.url);
const { startPlatform } = require("../packages/platform/dist/platform.js");

const REQUESTS = Number(process.env.BENCH_INVOKES ?? 2000);
const WARMUP = 200;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function load(url, body, concurrency, count, dispatcher) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < count) {
      next++;
      const t0 = performance.now();
      const res = await request(url, { method: "POST", body, headers: { "content-type": "application/json" }, dispatcher });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}: ${text}`);
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: count / seconds };
}

export async function benchPlatformInvoke() {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-bench-"));
  mkdirSync(join(dir, "functions", "trivial"), { recursive: true });
  writeFileSync(join(dir, "functions", "settings.json"), JSON.stringify({ secrets: [], whitelist: [] }));
  writeFileSync(join(dir, "functions", "trivial", "index.js"), "function lambda(input, callback) { callback(null, { ok: true, echo: input.payload }); }\n");
  writeFileSync(
    join(dir, "functions", "trivial", "config.json"),
    JSON.stringify({ name: "trivial", event: null, description: "bench", input: { headers: [], payload: {} }, environmentVariables: [] }),
  );
  const platform = await startPlatform({ projectDir: dir, port: 0 });
  const dispatcher = new Agent({ connections: 16 });
  const body = JSON.stringify({ payload: { n: 1 }, headers: [] });
  const invokeUrl = `${platform.url}/_platform/functions/trivial/invoke`;
  const echoUrl = `${platform.url}/_platform/echo`;
  const rows = [];
  try {
    await load(invokeUrl, body, 2, WARMUP, dispatcher);
    await load(echoUrl, body, 2, WARMUP, dispatcher);
    for (const concurrency of [1, 10]) {
      const invoke = await load(invokeUrl, body, concurrency, REQUESTS, dispatcher);
      const echo = await load(echoUrl, body, concurrency, REQUESTS, dispatcher);
      rows.push({ concurrency, invoke, echo });
    }
  } finally {
    await dispatcher.close();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchPlatformInvoke();
  const f = (n) => n.toFixed(2);
  console.log("Warm invoke through the platform vs a bare echo on the same server");
  console.log("concurrency | invoke p50 ms | invoke p99 ms | invoke req/s | echo p50 ms | echo p99 ms | echo req/s | p50 ratio | target p50 <= 5 ms");
  for (const { concurrency, invoke, echo } of rows) {
    console.log(
      `${concurrency} | ${f(invoke.p50)} | ${f(invoke.p99)} | ${invoke.rps.toFixed(0)} | ${f(echo.p50)} | ${f(echo.p99)} | ${echo.rps.toFixed(0)} | ${(invoke.p50 / echo.p50).toFixed(2)}x | ${concurrency === 1 ? (invoke.p50 <= 5 ? "pass" : "FAIL") : "-"}`,
    );
  }
  if (process.argv.includes("--json")) console.log(`BENCH_PLATFORM_JSON ${JSON.stringify(rows)}`);
}
