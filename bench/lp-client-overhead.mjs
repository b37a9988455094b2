// LpClient against HTTPClient on a warm CSDS cache, in the same run: the cost of service discovery
// (cached) plus OAuth 1.0a signing per request. Target: LpClient ≤ 1.2× HTTPClient's time per request.
// Usage: node bench/lp-client-overhead.mjs   (needs `npm run build`)
import { createRequire } from "node:module";
import { runConcurrent, startServer } from "./lib.mjs";

const require = createRequire(import.meta.url);
const { Toolbelt } = require("../packages/toolbelt/dist/cjs/index.js");

const REQUESTS = Number(process.env.BENCH_LP_REQUESTS ?? 10_000);
const ROUNDS = 5;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** µs per request. */
async function load(call, total, concurrency) {
  return ((await runConcurrent(call, total, concurrency)) * 1000) / total;
}

export async function benchLpClientOverhead() {
  // The API runs in its own process, as a remote API would: what is compared is the client's cost.
  const server = await startServer();
  const base = `http://127.0.0.1:${server.port}`;
  Toolbelt.configure({
    brandId: "123",
    csdsDomain: base,
    rateLimit: false,
    secrets: { "lp-faas-default-app-key": { consumerKey: "ck", consumerSecret: "cs", token: "t", tokenSecret: "ts" } },
  });
  const http = Toolbelt.HTTPClient();
  const lp = Toolbelt.LpClient();
  const viaHttp = () => http(`${base}/api/data?x=1`, { json: true });
  const viaLp = () => lp("msgHist", "/api/data?x=1", { json: true });
  await load(viaHttp, 2000, 10);
  await load(viaLp, 2000, 10);
  const result = {};
  // 1 in flight: the latency a function awaiting one call after another sees (the target);
  // 10 in flight: client CPU per request when the client is the bottleneck (reported).
  for (const concurrency of [1, 10]) {
    const ours = [];
    const baseline = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order each round, so neither side always runs on a warmer machine.
      if (round % 2 === 0) {
        baseline.push(await load(viaHttp, REQUESTS / (concurrency === 1 ? 2 : 1), concurrency));
        ours.push(await load(viaLp, REQUESTS / (concurrency === 1 ? 2 : 1), concurrency));
      } else {
        ours.push(await load(viaLp, REQUESTS / (concurrency === 1 ? 2 : 1), concurrency));
        baseline.push(await load(viaHttp, REQUESTS / (concurrency === 1 ? 2 : 1), concurrency));
      }
    }
    result[`c${concurrency}`] = { lpClientUs: median(ours), httpClientUs: median(baseline), ratio: median(ours) / median(baseline) };
  }
  result.pass = result.c1.ratio <= 1.2;
  await server.stop();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchLpClientOverhead();
  console.log("LpClient vs HTTPClient on a warm CSDS cache, API server in its own process (µs per request, median of 5 rounds)");
  console.log("| in flight | LpClient | HTTPClient | ratio | target | result |");
  console.log(
    `| 1 (latency) | ${r.c1.lpClientUs.toFixed(1)} | ${r.c1.httpClientUs.toFixed(1)} | ${r.c1.ratio.toFixed(2)}x | <= 1.20x | ${r.pass ? "PASS" : "FAIL"} |`,
  );
  console.log(`| 10 (client CPU bound) | ${r.c10.lpClientUs.toFixed(1)} | ${r.c10.httpClientUs.toFixed(1)} | ${r.c10.ratio.toFixed(2)}x | - | - |`);
  console.log(`BENCH_LP_JSON ${JSON.stringify(r)}`);
  process.exit(0);
}
