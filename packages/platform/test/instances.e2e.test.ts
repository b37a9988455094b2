/**
 * The cloud's instance model on the whole platform (issue 14): concurrent and
 * orchestrated invocations run at once, the loop guard fires instead of a
 * deadlock, logs stay bounded in the platform's memory, and no instance (nor
 * what it spawned) outlives the platform, whether it closes, gets Ctrl-C or is
 * killed with SIGKILL. The last two run the built CLI (`npm run build`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaffoldProject } from "../src/project/scaffold";
import { startPlatform, type RunningPlatform } from "../src/platform";
import { invoke, writeFunction } from "./helpers";

let root: string;
let dir: string;
let platform: RunningPlatform;
const CLI = join(__dirname, "..", "bin", "lp-faas.js");

const uuidOf = (name: string): string => platform.functions().find((fn) => fn.name === name)!.uuid;

/** Processes whose parent is `ppid` and whose command line contains `marker` (Linux /proc). */
function childrenOf(ppid: number, marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) !== ppid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lp-faas-instances-"));
  dir = join(root, "project");
  scaffoldProject(dir);
  writeFunction(dir, "sleeper", `exports.lambda = async () => { await new Promise((r) => setTimeout(r, 400)); return process.pid; };\n`);
  // Calls itself until the loop guard stops it; every level passes the innermost answer up.
  writeFunction(
    dir,
    "recurse",
    `const { Toolbelt } = require("lp-faas-toolbelt");
exports.lambda = async () => {
  try {
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: process.env.LAMBDA_UUID, payload: {}, headers: {} }], 25000);
    return response.body;
  } catch (error) {
    return { stoppedBy: error.code, depth: Number(process.env.LP_FAAS_ORCHESTRATION_DEPTH) };
  }
};
`,
  );
  writeFunction(
    dir,
    "fanout",
    `const { Toolbelt } = require("lp-faas-toolbelt");
exports.lambda = async (input) => {
  const invocations = Array.from({ length: 16 }, () => ({ uuid: input.payload.uuid, payload: {}, headers: {} }));
  const started = Date.now();
  const responses = await Toolbelt.OrchestratorClient().invoke(invocations, 25000, { invokeParallel: true });
  return { ms: Date.now() - started, statuses: responses.map((r) => r.statusCode) };
};
`,
  );
  writeFunction(
    dir,
    "chatty",
    `exports.lambda = async () => { const line = "y".repeat(10000); for (let i = 0; i < 2000; i++) console.info(line); return "20 MB written"; };\n`,
  );
  platform = await startPlatform({ projectDir: dir, port: 0, timeoutMs: 15_000 });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("instances on the platform", () => {
  it("runs 5 concurrent invocations of a 400 ms function in well under 700 ms", async () => {
    await invoke(platform, "sleeper"); // warm
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => invoke(platform, "sleeper")));
    expect(performance.now() - started).toBeLessThan(700);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("stops a function invoking itself with loop-detected within seconds, not a deadlock until its timeout", async () => {
    const started = performance.now();
    const answer = await invoke(platform, "recurse");
    expect(performance.now() - started).toBeLessThan(5000); // the timeout is 15 s
    expect(answer.body.result).toEqual({ stoppedBy: "com.liveperson.faas.orchestrator-fn.loop-detected", depth: 10 });
  });

  it("runs a 16-way parallel fan-out of a 400 ms function within 1.5 s", async () => {
    const answer = await invoke(platform, "fanout", { uuid: uuidOf("sleeper") });
    const result = answer.body.result as { ms: number; statuses: number[] };
    expect(result.statuses).toEqual(Array.from({ length: 16 }, () => 200));
    expect(result.ms).toBeLessThan(1500);
  });

  it("keeps 20 MB of console output out of the platform's memory", async () => {
    await invoke(platform, "chatty"); // warm
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 3; i++) {
      const answer = await invoke(platform, "chatty");
      expect(answer.body.result).toBe("20 MB written");
      expect(answer.body.logs!.length).toBeLessThanOrEqual(10);
      expect(JSON.stringify(answer.body.logs).length).toBeLessThan(7000);
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024); // 60 MB written in all
  });
});

describe("no instance outlives the platform", () => {
  const procs: ChildProcess[] = [];
  afterAll(() => {
    for (const proc of procs) if (proc.exitCode === null) proc.kill("SIGKILL");
  });

  /** `lp-faas dev --json` on the project; resolves with its process and url once it listens. */
  async function dev(...flags: string[]): Promise<{ proc: ChildProcess; url: string }> {
    const proc = spawn(process.execPath, [CLI, "dev", dir, "--port", "0", "--json", ...flags], { stdio: ["ignore", "pipe", "pipe"] });
    procs.push(proc);
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        try {
          resolve((JSON.parse(stdout) as { url: string }).url);
        } catch {
          // not complete yet
        }
      });
      proc.once("exit", (code) => reject(new Error(`lp-faas dev exited with ${code}`)));
    });
    return { proc, url };
  }

  /** Starts a function that spawns `sleep` and then blocks its instance; returns the instance and sleep pids. */
  async function busyInstance(url: string, proc: ChildProcess): Promise<number[]> {
    writeFunction(dir, "spinner", `require("node:child_process").spawn("sleep", ["120"]);\nexports.lambda = () => { for (;;) {} };\n`);
    await new Promise((r) => setTimeout(r, 300)); // the watcher picks the function up
    void fetch(`${url}/_platform/functions/spinner/invoke`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(
      () => undefined,
    );
    let pids: number[] = [];
    await waitFor(() => {
      const instances = childrenOf(proc.pid!, "worker-entry.cjs");
      const sleeps = instances.flatMap((pid) => childrenOf(pid, "sleep"));
      pids = [...instances, ...sleeps];
      return sleeps.length > 0;
    }, 10_000);
    return pids;
  }

  it.skipIf(!existsSync(CLI) || !existsSync("/proc"))(
    "after kill -9 of the platform, its instances and what they spawned exit within 5 s",
    async () => {
      const { proc, url } = await dev();
      const pids = await busyInstance(url, proc);
      proc.kill("SIGKILL");
      await waitFor(() => pids.every((pid) => !alive(pid)), 5000);
    },
    30_000,
  );

  it.skipIf(!existsSync(CLI))(
    "lp-faas dev --memory sets the instance's limit: 1 GB of Buffers fails with it, the next call works",
    async () => {
      writeFunction(
        dir,
        "hog",
        `const kept = [];\nexports.lambda = async (input) => {\n  if (input.payload.hog) for (let i = 0; i < 100; i++) { kept.push(Buffer.alloc(10 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 2)); }\n  return "fine";\n};\n`,
      );
      const { proc, url } = await dev("--memory", "128");
      const call = async (payload: unknown) =>
        (await (
          await fetch(`${url}/_platform/functions/hog/invoke`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ payload }),
          })
        ).json()) as { result?: unknown; error?: { code: string; message: string } };
      expect((await call({ hog: true })).error).toEqual({
        code: "com.liveperson.faas.handler.runtime-exception",
        message: expect.stringContaining("over its memory limit of 128 MB"),
      });
      expect((await call({})).result).toBe("fine");
      proc.kill("SIGTERM");
    },
    30_000,
  );

  it.skipIf(!existsSync(CLI) || !existsSync("/proc"))(
    "Ctrl-C (SIGINT) stops the platform and leaves no process behind",
    async () => {
      const { proc, url } = await dev();
      const pids = await busyInstance(url, proc);
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGINT");
      await exited;
      await waitFor(() => pids.every((pid) => !alive(pid)), 2000);
    },
    30_000,
  );
});
