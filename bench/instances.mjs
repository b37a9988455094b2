// Function instances on the local platform (issue 14): concurrent invocations of a 400 ms function
// served by one instance at once, the first invocation after a file change (a spare instance with
// Node and the toolbelt loaded takes over, so only the function's own code loads), and the memory
// the spares cost.
// Usage: node bench/instances.mjs [--json]   (needs `npm run build`)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request, Agent } from "undici";

const require = createRequire(import.meta.url);
const { startPlatform } = require("../packages/platform/dist/platform.js");

const CONCURRENT = 5;
const ROUNDS = Number(process.env.BENCH_INSTANCE_ROUNDS ?? 10);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident memory (MB) of this process's children running the instance entry (Linux /proc). */
function instanceRssMb() {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("worker-entry.cjs")) continue;
      found.push(Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))[1]) / 1024);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function writeFunction(dir, name, source) {
  mkdirSync(join(dir, "functions", name), { recursive: true });
  writeFileSync(join(dir, "functions", name, "index.js"), source);
  writeFileSync(
    join(dir, "functions", name, "config.json"),
    JSON.stringify({ name, event: null, description: "bench", input: { headers: [], payload: {} }, environmentVariables: [] }),
  );
}

export async function benchInstances(spareInstances = 1) {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-instances-bench-"));
  mkdirSync(join(dir, "functions"));
  writeFileSync(join(dir, "functions", "settings.json"), JSON.stringify({ secrets: [], whitelist: [] }));
  writeFunction(dir, "sleeper", "exports.lambda = async () => { await new Promise((r) => setTimeout(r, 400)); return 1; };\n");
  // A function that uses the toolbelt, as most do: with a spare, its first invocation loads only this file.
  const edited = (n) =>
    `const { Toolbelt } = require("lp-faas-toolbelt");\nexports.lambda = async () => ({ version: ${n}, client: typeof Toolbelt.HTTPClient });\n`;
  writeFunction(dir, "edited", edited(0));
  const reloads = [];
  const platform = await startPlatform({
    projectDir: dir,
    port: 0,
    watch: true,
    spareInstances,
    log: (line) => line.startsWith("reloading") && reloads.push(line),
  });
  const dispatcher = new Agent({ connections: 16 });
  const call = async (name) => {
    const res = await request(`${platform.url}/_platform/functions/${name}/invoke`, {
      method: "POST",
      body: '{"payload":{}}',
      headers: { "content-type": "application/json" },
      dispatcher,
    });
    const body = await res.body.json();
    if (res.statusCode !== 200 || body.error) throw new Error(`invoke ${name}: ${res.statusCode} ${JSON.stringify(body)}`);
    return body.result;
  };
  try {
    await sleep(500); // the spare boots
    const spares = instanceRssMb();
    await call("sleeper");
    const concurrent = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENT }, () => call("sleeper")));
      concurrent.push(performance.now() - t0);
    }
    await call("edited");
    const firstAfterChange = [];
    const warm = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const before = reloads.length;
      writeFunction(dir, "edited", edited(i));
      while (reloads.length === before) await sleep(10);
      await sleep(400); // a developer saves, then calls: the spare taken at the last reload has been replaced
      const t0 = performance.now();
      const result = await call("edited");
      firstAfterChange.push(performance.now() - t0);
      if (result.version !== i) throw new Error(`expected version ${i}, got ${JSON.stringify(result)}`);
      const t1 = performance.now();
      await call("edited");
      warm.push(performance.now() - t1);
    }
    return { concurrent: median(concurrent), firstAfterChange: median(firstAfterChange), warm: median(warm), spareRssMb: spares };
  } finally {
    await dispatcher.close();
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchInstances();
  const noSpare = await benchInstances(0); // the baseline, same run: an instance forked when needed
  const f = (n) => n.toFixed(1);
  console.log("Function instances (medians of", ROUNDS, "rounds)");
  console.log("figure | ms | target");
  console.log(`${CONCURRENT} concurrent invocations of a 400 ms function | ${f(r.concurrent)} | <= 500 ${r.concurrent <= 500 ? "pass" : "FAIL"}`);
  console.log(`first invocation after a file change | ${f(r.firstAfterChange)} | <= 50 ${r.firstAfterChange <= 50 ? "pass" : "FAIL"}`);
  console.log(`  the same without a spare (forked when needed) | ${f(noSpare.firstAfterChange)} | -`);
  console.log(`the next (warm) invocation | ${f(r.warm)} | -`);
  console.log(`spare instances: ${r.spareRssMb.length}, resident memory ${r.spareRssMb.map((mb) => `${f(mb)} MB`).join(", ") || "n/a (no /proc)"}`);
  if (process.argv.includes("--json")) console.log(`BENCH_INSTANCES_JSON ${JSON.stringify({ ...r, firstAfterChangeNoSpare: noSpare.firstAfterChange })}`);
}
