/**
 * The function runtime with real worker processes. Functions are written at
 * test time into a temp dir outside the monorepo (no node_modules anywhere up
 * the tree), so toolbelt resolution cannot come from a normal lookup.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformErrorCodes } from "../errors";
import { InvocationErrorCodes, type FunctionSpec, type InvocationOutcome, type Runtime, type RuntimeOptions } from "./types";
import { createRuntime } from "./worker-pool";

const root = mkdtempSync(join(tmpdir(), "lp-faas-runtime-"));
const output: string[] = [];
const runtimes: Runtime[] = [];

function runtime(options: Partial<RuntimeOptions> = {}): Runtime {
  const created = createRuntime({
    timeoutMs: 10_000,
    memoryMb: 160,
    baseEnv: { BRAND_ID: "le12345678" },
    onWorkerOutput: (name, text) => output.push(`${name}|${text}`),
    ...options,
  });
  runtimes.push(created);
  return created;
}

function fn(name: string, source: string, options: { file?: string; env?: Record<string, string> } = {}): FunctionSpec {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, options.file ?? "index.js");
  writeFileSync(entry, source);
  return { name, uuid: randomUUID(), dir, entry, env: options.env ?? {} };
}

const input = (payload: unknown = {}) => ({ headers: [{ key: "x-test", value: "1" }], payload });

function ok(outcome: InvocationOutcome): unknown {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

function failed(outcome: InvocationOutcome): { code: string; message: string } {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.result)}`);
  return outcome.error;
}

/** Child processes of this test process that run a worker (Linux /proc). */
function workerChildren(): number[] {
  if (!existsSync("/proc")) return [];
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("worker-entry.cjs")) found.push(Number(entry));
    } catch {
      // process gone meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

let rt: Runtime;
beforeAll(() => {
  expect(existsSync(join(root, "..", "node_modules"))).toBe(false);
  rt = runtime();
});

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  rmSync(root, { recursive: true, force: true });
});

describe("function forms and the toolbelt", () => {
  it("runs a V1 file that only declares a global callback-style lambda and requires lp-faas-toolbelt", async () => {
    const spec = fn(
      "v1global",
      `const { Toolbelt, LpServices } = require("lp-faas-toolbelt");
function lambda(input, callback) {
  callback(null, { echo: input.payload, headers: input.headers, http: typeof Toolbelt.HTTPClient, msgHist: LpServices.MSG_HIST });
}`,
    );
    expect(ok(await rt.invoke(spec, input({ a: 1 })))).toEqual({
      echo: { a: 1 },
      headers: [{ key: "x-test", value: "1" }],
      http: "function",
      msgHist: "msgHist",
    });
  });

  it("runs module.exports / exports.lambda forms, async and callback style, and core-functions-toolbelt", async () => {
    const asyncForm = fn(
      "cjsasync",
      `const { Toolbelt } = require("core-functions-toolbelt");
const helper = require("./helper");
module.exports = { lambda: async (input) => ({ n: helper(input.payload.n), secret: typeof Toolbelt.SecretClient }) };`,
    );
    writeFileSync(
      join(asyncForm.dir, "helper.js"),
      `const { LpServices } = require("lp-faas-toolbelt");\nmodule.exports = (n) => n * 2 + (LpServices.MSG_HIST ? 0 : 100);`,
    );
    expect(ok(await rt.invoke(asyncForm, input({ n: 21 })))).toEqual({ n: 42, secret: "function" });

    const callbackForm = fn("cjscallback", `exports.lambda = function (input, callback) { setTimeout(() => callback(null, "done"), 10); };`);
    expect(ok(await rt.invoke(callbackForm, input()))).toBe("done");
  });

  it("imports the toolbelt in ES module functions (index.js with export syntax, index.mjs)", async () => {
    const esmJs = fn(
      "esmjs",
      `import { Toolbelt, LpServices } from "lp-faas-toolbelt";
import { double } from "./util.js";
export async function lambda(input) {
  return { http: typeof Toolbelt.HTTPClient, msgHist: LpServices.MSG_HIST, n: double(input.payload.n) };
}`,
    );
    writeFileSync(join(esmJs.dir, "util.js"), `export const double = (n) => n * 2;\n`);
    expect(ok(await rt.invoke(esmJs, input({ n: 4 })))).toEqual({ http: "function", msgHist: "msgHist", n: 8 });

    const mjs = fn("esmmjs", `import { Toolbelt } from "core-functions-toolbelt";\nexport async function lambda() { return typeof Toolbelt.HTTPClient; }`, {
      file: "index.mjs",
    });
    expect(ok(await rt.invoke(mjs, input()))).toBe("function");
  });

  it("fails with RuntimeException when the code cannot be loaded or defines no lambda", async () => {
    const broken = fn("broken", `function lambda(input, callback) { callback(null, 1) `);
    expect(failed(await rt.invoke(broken, input()))).toMatchObject({
      code: InvocationErrorCodes.RuntimeException,
      message: expect.stringContaining("could not be loaded"),
    });
    const none = fn("nolambda", `const x = 1;`);
    expect(failed(await rt.invoke(none, input())).message).toContain("defines no lambda");
  });
});

describe("environment and warm workers", () => {
  it("gives the worker baseEnv, LAMBDA_UUID and the function's env, not the platform's", async () => {
    process.env.LP_FAAS_RUNTIME_TEST_LEAK = "leak";
    const spec = fn(
      "envfn",
      `function lambda(input, callback) { callback(null, { brand: process.env.BRAND_ID, uuid: process.env.LAMBDA_UUID, foo: process.env.FOO, leak: process.env.LP_FAAS_RUNTIME_TEST_LEAK ?? null }); }`,
      { env: { FOO: "bar" } },
    );
    expect(ok(await rt.invoke(spec, input()))).toEqual({ brand: "le12345678", uuid: spec.uuid, foo: "bar", leak: null });
    delete process.env.LP_FAAS_RUNTIME_TEST_LEAK;
  });

  it("lets a function set, change and delete its own environment variables", async () => {
    const spec = fn(
      "envwrite",
      `exports.lambda = async () => { process.env.MADE_HERE = "1"; process.env.FOO = "changed"; delete process.env.FOO; process.env.N = 5; return { made: process.env.MADE_HERE, foo: process.env.FOO ?? null, n: process.env.N, keys: Object.keys(process.env).includes("MADE_HERE") }; };`,
      { env: { FOO: "bar" } },
    );
    expect(ok(await rt.invoke(spec, input()))).toEqual({ made: "1", foo: null, n: "5", keys: true });
  });

  it("reuses the same warm worker and keeps module state; undefined results become null", async () => {
    const spec = fn("warm", `let calls = 0;\nmodule.exports.lambda = async (input) => input.payload.none ? undefined : { pid: process.pid, calls: ++calls };`);
    const first = ok(await rt.invoke(spec, input())) as { pid: number; calls: number };
    const second = ok(await rt.invoke(spec, input())) as { pid: number; calls: number };
    expect(second.pid).toBe(first.pid);
    expect(second.calls).toBe(2);
    expect(ok(await rt.invoke(spec, input({ none: true })))).toBeNull();
  });

  it("runs concurrent invocations at once in one instance, as a V1 instance does", async () => {
    const spec = fn(
      "concurrent",
      `exports.lambda = async (input) => { await new Promise((r) => setTimeout(r, 400)); return { i: input.payload.i, pid: process.pid }; };`,
    );
    ok(await rt.invoke(spec, input({ i: -1 }))); // warm: the code is loaded
    const started = performance.now();
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => rt.invoke(spec, input({ i }))));
    const elapsed = performance.now() - started;
    const results = outcomes.map(ok) as Array<{ i: number; pid: number }>;
    expect(results.map((r) => r.i)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(results.map((r) => r.pid)).size).toBe(1);
    expect(elapsed).toBeLessThan(700); // one at a time on 4 workers took ~900 ms
  });
});

describe("failures", () => {
  it("maps throw, reject, callback(err) and uncaught exceptions to their codes", async () => {
    const spec = fn(
      "failing",
      `exports.lambda = function (input, callback) {
  const mode = input.payload.mode;
  if (mode === "throw") throw new TypeError("boom");
  if (mode === "callback") return callback(new Error("bad input"));
  if (mode === "uncaught") return setTimeout(() => { throw new Error("late crash"); }, 5);
  if (mode === "circular") { const o = {}; o.o = o; return callback(null, o); }
  callback(null, "fine");
};`,
    );
    const asyncSpec = fn(
      "rejecting",
      `module.exports = { lambda: async (input) => { if (input.payload.mode === "reject") throw new Error("nope"); return "fine"; } };`,
    );

    expect(failed(await rt.invoke(spec, input({ mode: "throw" })))).toEqual({ code: InvocationErrorCodes.RuntimeException, message: "TypeError: boom" });
    expect(failed(await rt.invoke(spec, input({ mode: "callback" })))).toEqual({ code: InvocationErrorCodes.CustomFailure, message: "bad input" });
    expect(failed(await rt.invoke(asyncSpec, input({ mode: "reject" })))).toEqual({ code: InvocationErrorCodes.CustomFailure, message: "nope" });
    const uncaught = failed(await rt.invoke(spec, input({ mode: "uncaught" })));
    expect(uncaught.code).toBe(InvocationErrorCodes.RuntimeException);
    expect(uncaught.message).toContain("late crash");
    expect(failed(await rt.invoke(spec, input({ mode: "circular" }))).message).toContain("not JSON-serialisable");
    expect(ok(await rt.invoke(spec, input()))).toBe("fine");
    expect(ok(await rt.invoke(asyncSpec, input()))).toBe("fine");
  });

  it("times out a hung function or a callback never called, kills the worker and serves the next call", async () => {
    const fast = runtime({ timeoutMs: 1000 }); // room for a spare booting on a busy machine
    const spec = fn(
      "hangs",
      `exports.lambda = function (input, callback) {
  if (input.payload.mode === "spin") { while (true) {} }
  if (input.payload.mode === "silent") return;
  callback(null, process.pid);
};`,
    );
    const before = ok(await fast.invoke(spec, input())) as number;
    const spin = await fast.invoke(spec, input({ mode: "spin" }));
    expect(failed(spin)).toEqual({ code: InvocationErrorCodes.ExecutionTimeExceeded, message: "Lambda Execution is taking too long" });
    expect(spin.durationMs).toBeGreaterThanOrEqual(950);
    await waitFor(() => !alive(before)); // SIGKILLed, reaped shortly after
    const after = ok(await fast.invoke(spec, input())) as number;
    expect(after).not.toBe(before);
    expect(failed(await fast.invoke(spec, input({ mode: "silent" }))).code).toBe(InvocationErrorCodes.ExecutionTimeExceeded);
    expect(typeof ok(await fast.invoke(spec, input()))).toBe("number");
  });

  it("fails process.exit() and out-of-memory in their own invocation while other functions keep answering", async () => {
    const crasher = fn(
      "crasher",
      `exports.lambda = async (input) => {
  if (input.payload.mode === "exit") process.exit(3);
  if (input.payload.mode === "oom") { const hog = []; for (;;) hog.push(new Array(100000).fill(Math.random())); }
  return "alive";
};`,
    );
    const steady = fn("steady", `exports.lambda = async () => { await new Promise((r) => setTimeout(r, 50)); return process.pid; };`);
    const steadyPid = ok(await rt.invoke(steady, input()));

    const [exited, during] = await Promise.all([rt.invoke(crasher, input({ mode: "exit" })), rt.invoke(steady, input())]);
    expect(failed(exited)).toMatchObject({ code: InvocationErrorCodes.RuntimeException, message: expect.stringContaining("exit code 3") });
    expect(ok(during)).toBe(steadyPid);
    expect(ok(await rt.invoke(crasher, input()))).toBe("alive");

    const [oom, during2] = await Promise.all([rt.invoke(crasher, input({ mode: "oom" })), rt.invoke(steady, input())]);
    expect(failed(oom)).toMatchObject({ code: InvocationErrorCodes.RuntimeException, message: expect.stringContaining("memory limit of 160 MB") });
    expect(ok(during2)).toBe(steadyPid);
    expect(ok(await rt.invoke(crasher, input()))).toBe("alive");
  });
});

describe("console capture", () => {
  it("records levels, messages and extras per invocation, drops Debug and late output, echoes with the function name", async () => {
    const spec = fn(
      "logger",
      `exports.lambda = async (input) => {
  if (input.payload.round === 1) {
    console.debug("dbg");
    console.info("info", { a: 1 }, 2);
    console.log({ b: [1, 2] });
    console.warn("careful");
    console.error(new Error("oops"));
    setTimeout(() => console.info("late from round 1"), 30);
    return "one";
  }
  await new Promise((r) => setTimeout(r, 120));
  console.info("round 2");
  return "two";
};`,
    );
    const first = await rt.invoke(spec, input({ round: 1 }));
    expect(ok(first)).toBe("one");
    expect(first.logs.map(({ level, message, extras }) => ({ level, message, extras }))).toEqual([
      { level: "Info", message: "info", extras: [{ a: 1 }, 2] },
      { level: "Info", message: '{"b":[1,2]}', extras: [] },
      { level: "Warn", message: "careful", extras: [] },
      { level: "Error", message: "Error: oops", extras: [] },
    ]);
    expect(first.logs.every((l) => typeof l.timestamp === "number" && l.timestamp > 0)).toBe(true);
    expect(first.logLimit).toEqual({ code: PlatformErrorCodes.LogLimitReached, droppedEntries: 0, droppedChars: 0, droppedDebug: 1 });

    const second = await rt.invoke(spec, input({ round: 2 }));
    expect(ok(second)).toBe("two");
    expect(second.logs.map((l) => l.message)).toEqual(["round 2"]);
    expect(second.logLimit).toBeUndefined();

    const echoed = output.filter((line) => line.startsWith("logger|")).join("");
    expect(echoed).toContain("[logger] WARN: careful");
    expect(echoed).toContain("[logger] DEBUG: dbg"); // the terminal still shows it
    expect(echoed).toMatch(/\[logger\] INFO \(outside an invocation, dropped\): late from round 1/);
  });

  it("keeps the logs written before a failure", async () => {
    const spec = fn("logthenfail", `exports.lambda = (input, callback) => { console.info("step 1"); callback(new Error("failed at step 2")); };`);
    const outcome = await rt.invoke(spec, input());
    expect(failed(outcome).message).toBe("failed at step 2");
    expect(outcome.logs.map((l) => l.message)).toEqual(["step 1"]);
  });
});

describe("reload and close", () => {
  it("reload makes the next invocation load the changed code", async () => {
    const spec = fn("reloadable", `exports.lambda = async () => "v1";`);
    expect(ok(await rt.invoke(spec, input()))).toBe("v1");
    writeFileSync(spec.entry, `exports.lambda = async () => "v2";`);
    expect(ok(await rt.invoke(spec, input()))).toBe("v1"); // still warm
    await rt.reload("reloadable");
    expect(ok(await rt.invoke(spec, input()))).toBe("v2");
  });

  it("reload while busy lets the running invocation finish, then serves new code", async () => {
    const spec = fn("reloadbusy", `exports.lambda = async (input) => { await new Promise((r) => setTimeout(r, input.payload.wait ?? 0)); return "old"; };`);
    expect(ok(await rt.invoke(spec, input()))).toBe("old"); // warm: the code is loaded
    const running = rt.invoke(spec, input({ wait: 300 }));
    await new Promise((r) => setTimeout(r, 50)); // busy with the old code
    writeFileSync(spec.entry, `exports.lambda = async () => "new";`);
    await rt.reload("reloadbusy");
    expect(ok(await running)).toBe("old");
    expect(ok(await rt.invoke(spec, input()))).toBe("new");
  });

  it("close stops every instance, including busy ones and spares, and leaves no child process", async () => {
    const own = runtime();
    const a = fn("closeA", `exports.lambda = async () => process.pid;`);
    const b = fn("closeB", `exports.lambda = async (input) => { if (input.payload.hang) await new Promise(() => {}); return process.pid; };`);
    const pids = [ok(await own.invoke(a, input())), ok(await own.invoke(b, input()))] as number[];
    const hanging = own.invoke(b, input({ hang: true }));
    await new Promise((r) => setTimeout(r, 100));
    await own.close();
    expect(failed(await hanging).code).toBe(InvocationErrorCodes.RuntimeException);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    await expect(own.invoke(a, input())).rejects.toThrow(/closed/);

    await Promise.all(runtimes.map((r) => r.close()));
    expect(workerChildren()).toEqual([]);
  });
});
