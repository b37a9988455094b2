/**
 * What an instance does as a whole, with real processes: concurrent
 * invocations with their own facts, logs and timeouts; limits on the whole
 * instance (resident memory, its process group); spares.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PlatformErrorCodes } from "../errors";
import { InvocationErrorCodes, LOG_LIMITS, type FunctionSpec, type InvocationOutcome, type Runtime, type RuntimeOptions } from "./types";
import { createRuntime } from "./worker-pool";

const root = mkdtempSync(join(tmpdir(), "lp-faas-instance-"));
const runtimes: Runtime[] = [];
const output: string[] = [];

function runtime(options: Partial<RuntimeOptions> = {}): Runtime {
  const created = createRuntime({
    timeoutMs: 10_000,
    memoryMb: 200,
    baseEnv: { BRAND_ID: "le12345678" },
    onWorkerOutput: (name, text) => output.push(`${name}|${text}`),
    ...options,
  });
  runtimes.push(created);
  return created;
}

function fn(name: string, source: string): FunctionSpec {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, "index.js");
  writeFileSync(entry, source);
  return { name, uuid: randomUUID(), dir, entry, env: {} };
}

const input = (payload: unknown = {}) => ({ headers: [], payload });

function ok(outcome: InvocationOutcome): unknown {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

function failed(outcome: InvocationOutcome): { code: string; message: string } {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.result)}`);
  return outcome.error;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z "); // a zombie is gone in all but name
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  rmSync(root, { recursive: true, force: true });
});

describe("concurrent invocations in one instance", () => {
  it("gives each its own id, depth and console output, through currentInvocation() and process.env", async () => {
    const rt = runtime();
    const spec = fn(
      "facts",
      `const { currentInvocation } = require(${JSON.stringify(require.resolve("lp-faas-toolbelt/platform"))});
exports.lambda = async (input) => {
  const before = currentInvocation();
  console.info("start " + input.payload.n);
  await new Promise((r) => setTimeout(r, 100 - input.payload.n * 10));
  console.info("end " + input.payload.n);
  const after = currentInvocation();
  return { before, after, env: [process.env.LP_FAAS_INVOCATION_ID, process.env.LP_FAAS_ORCHESTRATION_DEPTH] };
};`,
    );
    const outcomes = await Promise.all([1, 2, 3, 4].map((n) => rt.invoke(spec, input({ n }), { invocationId: `inv-${n}`, depth: n })));
    outcomes.forEach((outcome, i) => {
      const n = i + 1;
      expect(ok(outcome)).toEqual({
        before: { invocationId: `inv-${n}`, depth: n },
        after: { invocationId: `inv-${n}`, depth: n },
        env: [`inv-${n}`, String(n)],
      });
      expect(outcome.logs.map((l) => l.message)).toEqual([`start ${n}`, `end ${n}`]);
    });
  });

  it("times one out on its own: the others finish, then the instance and what it spawned are killed", async () => {
    const rt = runtime({ timeoutMs: 2000 });
    const spec = fn(
      "spawner",
      `const { spawn } = require("node:child_process");
exports.lambda = async (input) => {
  if (input.payload.hang) {
    const child = spawn("sleep", ["60"], { stdio: "ignore" });
    await new Promise(() => {});
  }
  await new Promise((r) => setTimeout(r, input.payload.wait));
  return { pid: process.pid, children: require("node:fs").readFileSync("/proc/" + process.pid + "/task/" + process.pid + "/children", "utf8").trim() };
};`,
    );
    const hung = rt.invoke(spec, input({ hang: true }));
    await new Promise((r) => setTimeout(r, 1000));
    const slow = rt.invoke(spec, input({ wait: 1500 })); // started before the timeout, ends after it (500 ms margins)
    const timedOut = await hung;
    expect(failed(timedOut).code).toBe(InvocationErrorCodes.ExecutionTimeExceeded);
    const fresh = ok(await rt.invoke(spec, input({ wait: 0 }))) as { pid: number };
    const survivor = ok(await slow) as { pid: number; children: string };
    expect(fresh.pid).not.toBe(survivor.pid); // the timed-out instance took no new work
    const sleepPid = Number(survivor.children.split(" ")[0]);
    expect(sleepPid).toBeGreaterThan(0);
    await waitFor(() => !alive(survivor.pid) && !alive(sleepPid), 2000);
  });
});

describe("limits on the whole instance", () => {
  it("stops an instance over its memory limit in Buffers, fails what it runs, and serves the next call", async () => {
    const rt = runtime({ memoryMb: 200 });
    const spec = fn(
      "hog",
      `const kept = [];
exports.lambda = async (input) => {
  if (input.payload.hog) {
    for (let i = 0; i < 100; i++) { kept.push(Buffer.alloc(10 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 5)); }
    return "kept 1 GB";
  }
  if (input.payload.wait) await new Promise((r) => setTimeout(r, 5000));
  return process.pid;
};`,
    );
    const first = ok(await rt.invoke(spec, input())) as number;
    const bystander = rt.invoke(spec, input({ wait: true }));
    const hog = await rt.invoke(spec, input({ hog: true }));
    expect(failed(hog)).toEqual({ code: InvocationErrorCodes.RuntimeException, message: expect.stringContaining("over its memory limit of 200 MB") });
    expect(failed(await bystander).message).toContain("memory limit"); // every invocation it was processing
    await waitFor(() => !alive(first), 2000);
    expect(ok(await rt.invoke(spec, input()))).not.toBe(first);
  });
});

describe("logs like the cloud", () => {
  it("keeps 10 entries / 6,000 characters of 20 MB of output and says what it dropped; the echo stops at 1 MB", async () => {
    const rt = runtime();
    const spec = fn(
      "chatty",
      `exports.lambda = async () => {
  const line = "x".repeat(1000);
  for (let i = 0; i < 20000; i++) console.info(line, i);
  console.debug("never kept");
  return "done";
};`,
    );
    const outcome = await rt.invoke(spec, input());
    expect(ok(outcome)).toBe("done");
    expect(outcome.logs).toHaveLength(LOG_LIMITS.maxEntries >= 6 ? 5 : LOG_LIMITS.maxEntries); // 5 × 1,001 chars fit in 6,000
    expect(outcome.logLimit).toMatchObject({ code: PlatformErrorCodes.LogLimitReached, droppedEntries: 19_995, droppedDebug: 1 });
    expect(outcome.logLimit?.droppedChars).toBeGreaterThan(19_995 * 1000);
    const echoed = () => output.filter((line) => line.startsWith("chatty|")).join("");
    await waitFor(() => echoed().includes("output truncated"), 2000); // stderr may trail the result
    expect(echoed().length).toBeLessThan(1.1 * 1024 * 1024);
  });
});

describe("spares", () => {
  it("keeps a spare with the toolbelt loaded and hands it to a function after a reload", async () => {
    const rt = runtime({ spareInstances: 1 });
    const spec = fn("spared", `exports.lambda = async () => ({ pid: process.pid, loaded: Object.keys(require.cache).some((k) => k.includes("toolbelt")) });`);
    const first = ok(await rt.invoke(spec, input())) as { pid: number; loaded: boolean };
    expect(first.loaded).toBe(true);
    await rt.reload("spared");
    const second = ok(await rt.invoke(spec, input())) as { pid: number; loaded: boolean };
    expect(second.pid).not.toBe(first.pid);
    expect(second.loaded).toBe(true);
  });
});
