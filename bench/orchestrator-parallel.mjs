// 100 parallel OrchestratorClient invocations of a trivial function on a warm local platform:
// the batch's total time against the slowest single invocation's time (client side) in the same
// run — the client really runs them in parallel when the ratio is near 1 (target ≤ 1.5×) — and
// the per-invoke overhead of the client over a raw signed gateway call.
// Usage: node bench/orchestrator-parallel.mjs   (needs `npm run build`)
import { createRequire } from "node:module";
import { median } from "./lib.mjs";
import { trivialProject } from "./trivial-project.mjs";

const require = createRequire(import.meta.url);
const { startPlatform } = require("../packages/platform/dist/platform.js");
const { Toolbelt } = require("../packages/toolbelt/dist/cjs/index.js");
const { oauth1Authorization } = require("../packages/toolbelt/dist/cjs/lp-client/oauth1.js");

const PARALLEL = 100;
const SEQUENTIAL = 300;

export async function benchOrchestrator() {
  const project = trivialProject("lp-faas-orch-bench-");
  // One instance serves all 100 at once, as in the cloud.
  const platform = await startPlatform({ projectDir: project.dir, port: 0 });
  const uuid = platform.functions().find((fn) => fn.name === "trivial").uuid;
  const secrets = project.secrets;
  Toolbelt.configure({ brandId: platform.accountId, csdsDomain: platform.url, rateLimit: false, secrets });
  const client = Toolbelt.OrchestratorClient();
  const invocation = { uuid, payload: { n: 1 }, headers: {} };
  const key = secrets["lp-faas-orchestrator-app-key"];
  const gatewayUrl = new URL(`${platform.url}/api/account/${platform.accountId}/lambdas/${uuid}/invoke?v=1&externalSystem=bench`);
  // The raw baseline: undici.request with a signed body, no client logic at all.
  const { request } = require("undici");
  const raw = async () => {
    const res = await request(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: oauth1Authorization({ method: "POST", url: gatewayUrl }, key) },
      body: JSON.stringify({ timestamp: Date.now(), payload: { n: 1 }, headers: [] }),
    });
    await res.body.text();
  };
  const viaClient = () => client.invoke([invocation], 25000);
  try {
    // Warm the instance and both paths.
    await client.invoke(
      Array.from({ length: PARALLEL }, () => invocation),
      25000,
      { invokeParallel: true },
    );
    for (let i = 0; i < 100; i++) await raw();
    const batches = [];
    for (let round = 0; round < 5; round++) {
      const singles = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          const t0 = performance.now();
          await client.invoke([invocation], 25000);
          singles.push(performance.now() - t0);
        }),
      );
      const total = performance.now() - started;
      const inOneCall = performance.now();
      await client.invoke(
        Array.from({ length: PARALLEL }, () => invocation),
        25000,
        { invokeParallel: true },
      );
      batches.push({ total, slowest: Math.max(...singles), oneCall: performance.now() - inOneCall });
    }
    const time = async (fn) => {
      const t0 = performance.now();
      for (let i = 0; i < SEQUENTIAL; i++) await fn();
      return ((performance.now() - t0) * 1000) / SEQUENTIAL;
    };
    const clientUs = [];
    const rawUs = [];
    for (let round = 0; round < 3; round++) {
      rawUs.push(await time(raw));
      clientUs.push(await time(viaClient));
    }
    const total = median(batches.map((b) => b.total));
    const slowest = median(batches.map((b) => b.slowest));
    return {
      parallel: PARALLEL,
      totalMs: total,
      slowestSingleMs: slowest,
      ratio: total / slowest,
      oneCallWithInvokeParallelMs: median(batches.map((b) => b.oneCall)),
      perInvokeUs: { client: median(clientUs), rawGateway: median(rawUs), overheadUs: median(clientUs) - median(rawUs) },
      pass: total / slowest <= 1.5,
    };
  } finally {
    await platform.close();
    project.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchOrchestrator();
  const f = (n) => n.toFixed(1);
  console.log(`${r.parallel} parallel OrchestratorClient invocations of a trivial function, warm platform (medians of 5 rounds)`);
  console.log("| total ms | slowest single ms | ratio | target | result | one invoke() of 100 (invokeParallel) ms |");
  console.log(
    `| ${f(r.totalMs)} | ${f(r.slowestSingleMs)} | ${r.ratio.toFixed(2)}x | <= 1.50x | ${r.pass ? "PASS" : "FAIL"} | ${f(r.oneCallWithInvokeParallelMs)} |`,
  );
  console.log(
    `per invoke, sequential: client ${f(r.perInvokeUs.client)} µs vs raw signed gateway call ${f(r.perInvokeUs.rawGateway)} µs (overhead ${f(r.perInvokeUs.overheadUs)} µs)`,
  );
  console.log(`BENCH_ORCH_JSON ${JSON.stringify(r)}`);
  process.exit(0);
}
