// `npm run bench`: lp-faas-toolbelt against raw undici, each figure against a baseline
// measured in the same run on the same machine. See bench/README.md for how to read it.
//
// It is a report, not a test: the exit code is 0 even when a target is missed
// (non-zero only when the bench itself cannot run).
//
// Knobs (environment variables), defaults in brackets:
//   BENCH_REQUESTS   requests per throughput trial            [20000]
//   BENCH_WARMUP     warm-up requests per client               [3000]
//   BENCH_ROUNDS     throughput trials per client (alternated) [6]
//   BENCH_CONCURRENCY in-flight requests                       [10]
//   BENCH_COLD_RUNS  fresh processes per side, cold start      [15]
//   BENCH_REQUIRE_RUNS fresh processes per side, require only  [21]
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { ROOT, cleanEnv, collectGarbage, max, median, min, runNode, startServer } from "./lib.mjs";

const int = (name, fallback) => {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number >= 1`);
  return value;
};
const REQUESTS = int("BENCH_REQUESTS", 20_000);
const WARMUP = int("BENCH_WARMUP", 3_000);
const ROUNDS = int("BENCH_ROUNDS", 6);
const CONCURRENCY = int("BENCH_CONCURRENCY", 10);
const COLD_RUNS = int("BENCH_COLD_RUNS", 15);
const REQUIRE_RUNS = int("BENCH_REQUIRE_RUNS", 21);
/** A trial stops early after this long, so a pathological client cannot hang the bench. */
const TRIAL_CAP_MS = 15_000;

// The client in this process must see the same neutral environment as the fresh processes.
const neutralEnv = cleanEnv();
for (const name of Object.keys(process.env)) if (!(name in neutralEnv)) delete process.env[name];

const require = createRequire(`${ROOT}/package.json`);
const undici = require("undici");
const { Toolbelt } = require("lp-faas-toolbelt");

const log = (...args) => console.error(...args);

// ---------------------------------------------------------------------------
// 1. Throughput
// ---------------------------------------------------------------------------

/** Runs `total` requests with `concurrency` in flight; resolves with requests/s and failures. */
async function load(doRequest, total, concurrency, capMs = TRIAL_CAP_MS) {
  let issued = 0;
  let done = 0;
  let failures = 0;
  let firstError;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = performance.now() + capMs;
  async function worker() {
    while (issued < total && performance.now() < deadline) {
      issued++;
      try {
        await doRequest();
        done++;
      } catch (error) {
        failures++;
        firstError ??= error;
      }
    }
  }
  // A request that never settles would hang the bench: give up on the trial well after the cap.
  let hung;
  const watchdog = new Promise((_, reject) => {
    hung = setTimeout(() => reject(new Error(`a trial did not finish within ${(capMs + 10_000) / 1000} s (a request never settled)`)), capMs + 10_000);
  });
  try {
    await Promise.race([Promise.all(Array.from({ length: concurrency }, worker)), watchdog]);
  } finally {
    clearTimeout(hung);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  // Client CPU (user + system) per completed request: steadier than req/s when other
  // processes compete for the cores, since it does not count time spent waiting.
  const cpuUsPerRequest = (cpu.user + cpu.system) / Math.max(done, 1);
  return { rps: done / seconds, cpuUsPerRequest, done, failures, seconds, firstError };
}

async function throughput(url) {
  Toolbelt.configure({ rateLimit: false, allowlist: ["127.0.0.1"] });
  const client = Toolbelt.HTTPClient();
  const expected = await (await undici.request(url)).body.text();

  const clients = {
    ours: async () => {
      const body = await client.get(url);
      if (body.length !== expected.length) throw new Error(`unexpected body from HTTPClient: ${String(body).slice(0, 80)}`);
    },
    baseline: async () => {
      const { statusCode, body } = await undici.request(url);
      const text = await body.text();
      if (statusCode !== 200 || text.length !== expected.length) throw new Error(`unexpected response from undici: ${statusCode}`);
    },
  };

  // Warm-up: JIT, connection pools (both sides open CONCURRENCY keep-alive sockets).
  for (const side of ["ours", "baseline"]) {
    collectGarbage();
    const warm = await load(clients[side], WARMUP, CONCURRENCY);
    if (warm.failures) throw new Error(`${side} failed during warm-up: ${warm.firstError?.stack ?? warm.firstError}`);
  }

  const samples = { ours: [], baseline: [] };
  const cpu = { ours: [], baseline: [] };
  const failures = { ours: 0, baseline: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    // ABBA order, so neither side always runs first (thermal, GC, scheduler drift).
    const order = round % 2 === 0 ? ["ours", "baseline"] : ["baseline", "ours"];
    for (const side of order) {
      collectGarbage();
      const result = await load(clients[side], REQUESTS, CONCURRENCY);
      samples[side].push(result.rps);
      cpu[side].push(result.cpuUsPerRequest);
      failures[side] += result.failures;
      log(
        `  throughput round ${round + 1}/${ROUNDS} ${side.padEnd(8)} ${result.rps.toFixed(0).padStart(7)} req/s, ${result.cpuUsPerRequest.toFixed(1).padStart(6)} µs client CPU/request  (${result.done} in ${result.seconds.toFixed(2)} s${result.failures ? `, ${result.failures} failed` : ""})`,
      );
    }
  }
  return { samples, cpu, failures };
}

// ---------------------------------------------------------------------------
// 2. Cold start and 3. require alone, in fresh processes
// ---------------------------------------------------------------------------

// Each program prints {"response": ms, "exit": ms}: performance.now() (ms since the process
// started) when the response body has been read, and at process exit. The figure with the
// target is the wall time the parent sees, spawn to exit; these two are for reading it.
const COLD = {
  ours: `
    let response;
    const { Toolbelt } = require("lp-faas-toolbelt");
    Toolbelt.HTTPClient().get(process.argv[1]).then(
      (body) => { response = performance.now(); if (!body) { console.error("empty body"); process.exitCode = 2; } },
      (error) => { console.error(error); process.exitCode = 1; });
    process.on("exit", () => process.stdout.write(JSON.stringify({ response, exit: performance.now() })));`,
  baseline: `
    let response;
    const { request } = require("undici");
    request(process.argv[1]).then(
      async ({ statusCode, body }) => { const text = await body.text(); response = performance.now(); if (statusCode !== 200 || !text) { console.error("bad response"); process.exitCode = 2; } },
      (error) => { console.error(error); process.exitCode = 1; });
    process.on("exit", () => process.stdout.write(JSON.stringify({ response, exit: performance.now() })));`,
};

const REQUIRE_ONLY = {
  ours: `const t0 = process.hrtime.bigint(); require("lp-faas-toolbelt"); const t1 = process.hrtime.bigint(); process.stdout.write(String(t1 - t0));`,
  baseline: `const t0 = process.hrtime.bigint(); require("undici"); const t1 = process.hrtime.bigint(); process.stdout.write(String(t1 - t0));`,
};

/** Interleaved fresh-process runs (ABBA), after one discarded run per side to warm the file cache. */
async function freshProcesses(label, programs, runs, args, measure) {
  for (const side of ["ours", "baseline"]) await runNode(programs[side], args);
  const samples = { ours: [], baseline: [] };
  const inProcess = { ours: [], baseline: [] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ["ours", "baseline"] : ["baseline", "ours"];
    for (const side of order) {
      const result = await runNode(programs[side], args);
      const { value, extra } = measure(result);
      samples[side].push(value);
      if (extra !== undefined) inProcess[side].push(extra);
    }
  }
  log(`  ${label}: ${runs} runs per side done`);
  return { samples, inProcess };
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

function row(name, unit, better, target, samples, extra = {}) {
  const ours = median(samples.ours);
  const baseline = median(samples.baseline);
  const ratio = ours / baseline;
  const pass = better === "higher" ? ratio >= target : ratio <= target;
  return {
    name,
    unit,
    ours,
    baseline,
    ratio,
    target: `${better === "higher" ? ">=" : "<="} ${target.toFixed(2)}x`,
    pass: Number.isFinite(ratio) && pass,
    spread: {
      ours: [min(samples.ours), max(samples.ours)],
      baseline: [min(samples.baseline), max(samples.baseline)],
    },
    samples,
    ...extra,
  };
}

function fmt(value, unit) {
  if (!Number.isFinite(value)) return "n/a";
  if (unit === "req/s") return `${value.toFixed(0)} req/s`;
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

function printTable(rows) {
  const header = ["benchmark", "ours", "baseline", "ratio", "target", "result"];
  const lines = rows.map((r) => [r.name, fmt(r.ours, r.unit), fmt(r.baseline, r.unit), `${r.ratio.toFixed(2)}x`, r.target, r.pass ? "PASS" : "FAIL"]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const l of lines) console.log(line(l));
  console.log("");
  for (const r of rows) {
    const [oMin, oMax] = r.spread.ours;
    const [bMin, bMax] = r.spread.baseline;
    console.log(
      `  ${r.name}: ours ${fmt(oMin, r.unit)} .. ${fmt(oMax, r.unit)}, baseline ${fmt(bMin, r.unit)} .. ${fmt(bMax, r.unit)} (min .. max of ${r.samples.ours.length} runs each)`,
    );
  }
}

async function main() {
  const started = performance.now();
  console.log(`lp-faas-toolbelt bench: node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "unknown"})`);
  console.log(
    `throughput: ${ROUNDS} x ${REQUESTS} requests per side, ${CONCURRENCY} in flight, after ${WARMUP} warm-up; ` +
      `cold start: ${COLD_RUNS} runs per side; require: ${REQUIRE_RUNS} runs per side\n`,
  );
  const server = await startServer();
  const rows = [];
  const problems = [];
  try {
    log("1/3 throughput ...");
    const tp = await throughput(server.url);
    if (tp.failures.ours || tp.failures.baseline) problems.push(`throughput: ${tp.failures.ours} failed requests (ours), ${tp.failures.baseline} (baseline)`);
    // Per-round ratio (ours / baseline of the same round): steadier than the ratio of medians when
    // the machine's background load drifts; printed for reading, the target uses the medians.
    const paired = tp.samples.ours.map((v, i) => v / tp.samples.baseline[i]);
    rows.push(
      row("throughput (keep-alive GET, 10 in flight)", "req/s", "higher", 0.8, tp.samples, {
        pairedRatio: median(paired),
        cpuUsPerRequest: { ours: median(tp.cpu.ours), baseline: median(tp.cpu.baseline) },
      }),
    );

    log("2/3 cold start ...");
    const cold = await freshProcesses("cold start", COLD, COLD_RUNS, [server.url], (r) => ({ value: r.wallMs, extra: JSON.parse(r.stdout) }));
    const inside = (side, key) => median(cold.inProcess[side].map((m) => m[key]));
    rows.push(
      row("cold start (fresh node: require + 1 GET, wall)", "ms", "lower", 1.3, cold.samples, {
        inProcessMs: {
          response: { ours: inside("ours", "response"), baseline: inside("baseline", "response") },
          exit: { ours: inside("ours", "exit"), baseline: inside("baseline", "exit") },
        },
      }),
    );

    log("3/3 require alone ...");
    const req = await freshProcesses("require", REQUIRE_ONLY, REQUIRE_RUNS, [], (r) => ({ value: Number(r.stdout) / 1e6 }));
    rows.push(row("require() alone (in-process hrtime)", "ms", "lower", 1.5, req.samples));
  } finally {
    await server.stop();
  }

  console.log("");
  printTable(rows);
  const tpRow = rows.find((r) => r.pairedRatio !== undefined);
  if (tpRow) {
    const { ours, baseline } = tpRow.cpuUsPerRequest;
    console.log(`  throughput, median of per-round ratios (ours / baseline in the same round): ${tpRow.pairedRatio.toFixed(2)}x`);
    console.log(
      `  throughput, client CPU per request (user + system, median): ours ${ours.toFixed(1)} µs, baseline ${baseline.toFixed(1)} µs ` +
        `(toolbelt layer: ${(ours - baseline).toFixed(1)} µs per request, ${(ours / baseline).toFixed(2)}x)`,
    );
  }
  const coldRow = rows.find((r) => r.inProcessMs);
  if (coldRow) {
    const { response, exit } = coldRow.inProcessMs;
    console.log(
      `  cold start, inside the process (medians of performance.now(), ms since node started): response read ` +
        `ours ${fmt(response.ours, "ms")} vs baseline ${fmt(response.baseline, "ms")} (${(response.ours / response.baseline).toFixed(2)}x); ` +
        `exit ours ${fmt(exit.ours, "ms")} vs baseline ${fmt(exit.baseline, "ms")}`,
    );
  }
  const passed = rows.filter((r) => r.pass).length;
  console.log("");
  for (const p of problems) console.log(`WARNING: ${p}`);
  console.log(
    `${passed}/${rows.length} targets met${
      passed === rows.length
        ? ""
        : `; missed: ${rows
            .filter((r) => !r.pass)
            .map((r) => r.name)
            .join("; ")}`
    }`,
  );
  console.log(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const json = {
    node: process.version,
    cpus: cpus().length,
    config: { requests: REQUESTS, warmup: WARMUP, rounds: ROUNDS, concurrency: CONCURRENCY, coldRuns: COLD_RUNS, requireRuns: REQUIRE_RUNS },
    results: rows.map((r) => ({
      name: r.name,
      unit: r.unit,
      ours: round(r.ours),
      baseline: round(r.baseline),
      ratio: round(r.ratio, 3),
      target: r.target,
      pass: r.pass,
      samples: { ours: r.samples.ours.map((v) => round(v)), baseline: r.samples.baseline.map((v) => round(v)) },
      ...(r.pairedRatio !== undefined && { pairedRatio: round(r.pairedRatio, 3) }),
      ...(r.cpuUsPerRequest && { cpuUsPerRequest: { ours: round(r.cpuUsPerRequest.ours, 1), baseline: round(r.cpuUsPerRequest.baseline, 1) } }),
      ...(r.inProcessMs && {
        inProcessMs: Object.fromEntries(Object.entries(r.inProcessMs).map(([key, v]) => [key, { ours: round(v.ours), baseline: round(v.baseline) }])),
      }),
    })),
    problems,
    passed,
    total: rows.length,
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}

function round(value, digits = 2) {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench could not run: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
