/**
 * The V2 pool on real worker processes: an idle warm instance is reused for the next invocation, stopped
 * once idle for `v2IdleMs`, and the next invocation then gets a fresh process; a timed-out V2 instance is
 * replaced. Waits are for conditions (a process gone), never measured.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FunctionSpec, InvocationOutcome, Runtime } from "./types";
import { createRuntime } from "./worker-pool";

const root = mkdtempSync(join(tmpdir(), "lp-faas-v2-pool-"));
const runtimes: Runtime[] = [];

function v2Function(name: string, source: string): FunctionSpec {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.js"), source);
  return { name, uuid: randomUUID(), dir, entry: join(dir, "index.js"), env: {}, generation: 2 };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const pidOf = (outcome: InvocationOutcome): number => {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as number;
};

afterAll(async () => {
  await Promise.all(runtimes.map((runtime) => runtime.close()));
  rmSync(root, { recursive: true, force: true });
});

describe("a V2 function's instances", () => {
  it("are reused while warm, stopped when idle, and replaced after a timeout", async () => {
    const runtime = createRuntime({
      timeoutMs: 1500,
      memoryMb: 256,
      baseEnv: { BRAND_ID: "1" },
      spareInstances: 0,
      v2IdleMs: 300,
      onWorkerOutput: () => undefined,
    });
    runtimes.push(runtime);
    const spec = v2Function(
      "pids",
      `async function lambda(input) {\n  if (input.payload.hang) await new Promise(() => undefined);\n  return process.pid;\n}\n`,
    );
    const input = (payload: object) => ({ headers: [], payload });
    const first = pidOf(await runtime.invoke(spec, input({})));
    // Right after an invocation the instance is warm: the next one, started at once, runs there.
    expect(pidOf(await runtime.invoke(spec, input({})))).toBe(first);
    await until(() => !alive(first));
    const second = pidOf(await runtime.invoke(spec, input({})));
    expect(second).not.toBe(first);

    const hung = await runtime.invoke(spec, input({ hang: true }));
    expect(hung).toMatchObject({ ok: false, error: { code: "com.customer.faas.function.execution-exceeded" } });
    await until(() => !alive(second));
    expect(pidOf(await runtime.invoke(spec, input({})))).not.toBe(second);
  });
});
