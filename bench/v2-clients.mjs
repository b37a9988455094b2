// The V2 entry's LpClient and OrchestratorClient against V1's, in the same run, on the same warm
// local platform: V2 (Sentinel bearer token, fetch Response) vs V1 (OAuth 1.0a signature, parsed body).
// - LpClient: one Messaging Interactions conversation search per call, µs per call (1 and 10 in flight).
// - OrchestratorClient: one invoke() of a trivial V1 function per call, sequential, µs per call; and
//   100 invocations in one invoke() with invokeParallel, ms per batch.
// The platform runs in this process (as in orchestrator-parallel.mjs): both sides pay for it equally,
// so the ratio V2 / V1 is the figure to read. Target: V2 ≤ 1.20× V1 for each.
// Usage: node bench/v2-clients.mjs   (needs `npm run build`)
import { createRequire } from "node:module";
import { median, runConcurrent } from "./lib.mjs";
import { trivialProject } from "./trivial-project.mjs";

const require = createRequire(import.meta.url);
const { startPlatform } = require("../packages/platform/dist/platform.js");
const v1 = require("../packages/toolbelt/dist/cjs/index.js");
const v2 = require("../packages/toolbelt/dist/cjs/v2/index.js");

const CALLS = Number(process.env.BENCH_V2_CALLS ?? 2_000);
const ROUNDS = 5;
const PARALLEL = 100;
const CONVERSATION_ID = "3439894b-a73d-4eea-9616-faa095b7eaf0"; // in the scaffold's fixtures

/** Alternates the two sides round by round (neither always runs on a warmer machine); medians. */
async function compare(measureV1, measureV2) {
  const a = [];
  const b = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      a.push(await measureV1());
      b.push(await measureV2());
    } else {
      b.push(await measureV2());
      a.push(await measureV1());
    }
  }
  return { v1: median(a), v2: median(b), ratio: median(b) / median(a) };
}

const perCallUs = async (call, total, concurrency) => ((await runConcurrent(call, total, concurrency)) * 1000) / total;

export async function benchV2Clients() {
  const project = trivialProject("lp-faas-v2-bench-");
  const platform = await startPlatform({ projectDir: project.dir, port: 0, spareInstances: 0 });
  try {
    const account = platform.accountId;
    const secrets = project.secrets;
    // V1 reads its OAuth 1.0a keys from configure(); V2 its client credentials from the same secrets,
    // CSDS from X_LIVEPERSON_CSDS_DOMAIN and the account from X_LIVEPERSON_BRAND_ID.
    v1.Toolbelt.configure({ brandId: account, csdsDomain: platform.url, rateLimit: false, secrets });
    process.env.X_LIVEPERSON_BRAND_ID = account;
    process.env.X_LIVEPERSON_CSDS_DOMAIN = platform.url;

    const path = `/messaging_history/api/account/${account}/conversations/conversation/search?v=2&company=lp&source=FaaS_Toolbelt`;
    const search = JSON.stringify({ conversationId: CONVERSATION_ID });
    const lpV1 = v1.Toolbelt.LpClient();
    const lpV2 = v2.Toolbelt.LpClient();
    const viaV1 = () => lpV1(v1.LpServices.MSG_HIST, path, { method: "POST", body: JSON.parse(search), json: true });
    const viaV2 = async () => {
      const res = await lpV2(v2.LpServices.MSG_HIST, path, { method: "POST", headers: { "content-type": "application/json" }, body: search });
      if (res.status !== 200) throw new Error(`V2 LpClient got ${res.status}`);
      await res.json();
    };
    // Warm: CSDS caches, the token, connection pools.
    await perCallUs(viaV1, 300, 10);
    await perCallUs(viaV2, 300, 10);
    const lpClient = {
      c1: await compare(
        () => perCallUs(viaV1, CALLS / 2, 1),
        () => perCallUs(viaV2, CALLS / 2, 1),
      ),
      c10: await compare(
        () => perCallUs(viaV1, CALLS, 10),
        () => perCallUs(viaV2, CALLS, 10),
      ),
    };

    const uuid = platform.functions().find((fn) => fn.name === "trivial").uuid;
    const orchV1 = v1.Toolbelt.OrchestratorClient();
    const orchV2 = v2.Toolbelt.OrchestratorClient();
    const invocation = () => ({ uuid, payload: { n: 1 }, headers: {} });
    const batch = () => Array.from({ length: PARALLEL }, invocation);
    const sequential = (client) => async () => {
      const t0 = performance.now();
      for (let i = 0; i < CALLS / 10; i++) await client.invoke([invocation()], 25000);
      return ((performance.now() - t0) * 1000) / (CALLS / 10);
    };
    const parallel = (client) => async () => {
      const t0 = performance.now();
      const answers = await client.invoke(batch(), 25000, { invokeParallel: true });
      if (answers.length !== PARALLEL) throw new Error("a batch lost invocations");
      return performance.now() - t0;
    };
    await orchV1.invoke(batch(), 25000, { invokeParallel: true });
    await orchV2.invoke(batch(), 25000, { invokeParallel: true });
    const orchestrator = { sequentialUs: await compare(sequential(orchV1), sequential(orchV2)), parallelMs: await compare(parallel(orchV1), parallel(orchV2)) };
    const ratios = [lpClient.c1.ratio, lpClient.c10.ratio, orchestrator.sequentialUs.ratio, orchestrator.parallelMs.ratio];
    return { lpClient, orchestrator, pass: ratios.every((r) => r <= 1.2) };
  } finally {
    delete process.env.X_LIVEPERSON_BRAND_ID;
    delete process.env.X_LIVEPERSON_CSDS_DOMAIN;
    await platform.close();
    project.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchV2Clients();
  const f = (n) => n.toFixed(1);
  const row = (name, unit, c) =>
    `| ${name} | ${f(c.v2)} ${unit} | ${f(c.v1)} ${unit} | ${c.ratio.toFixed(2)}x | <= 1.20x | ${c.ratio <= 1.2 ? "PASS" : "FAIL"} |`;
  console.log(`V2 clients against V1 clients on the same warm local platform (medians of ${ROUNDS} alternated rounds)`);
  console.log("| figure | V2 | V1 | ratio | target | result |");
  console.log(row("LpClient, 1 in flight", "µs/call", r.lpClient.c1));
  console.log(row("LpClient, 10 in flight", "µs/call", r.lpClient.c10));
  console.log(row("OrchestratorClient, sequential", "µs/call", r.orchestrator.sequentialUs));
  console.log(row(`OrchestratorClient, ${PARALLEL} parallel in one invoke()`, "ms", r.orchestrator.parallelMs));
  console.log(`BENCH_V2_JSON ${JSON.stringify(r)}`);
  process.exit(0);
}
