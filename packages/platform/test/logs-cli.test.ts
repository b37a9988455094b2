/**
 * `lp-faas logs` against a real platform: past invocations with each filter,
 * the errors a user meets (no token file, no platform, another project's
 * token), `--json --follow` as NDJSON, and `--follow` in its own process
 * printing an invocation another process made, then ending on Ctrl-C with 0.
 */
import { execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { invoke, start, tempProject, type TempProject } from "./helpers";
import { runCli } from "./run-cli";

const bin = resolve(__dirname, "../bin/lp-faas.js");
let project: TempProject;
let platform: RunningPlatform;

beforeAll(async () => {
  project = tempProject();
  project.addFunction(
    "greet",
    "function lambda(input, callback) { console.debug('dbg ' + input.payload); console.info('hello ' + input.payload, { n: input.payload }); console.warn('careful ' + input.payload); callback(null, 'ok'); }",
  );
  project.addFunction("broken", "function lambda(input, callback) { console.info('about to fail'); callback(new Error('it broke')); }");
  platform = await start(project);
  expect((await invoke(platform, "greet", 1)).status).toBe(200);
  expect((await invoke(platform, "broken")).status).toBe(200);
  expect((await invoke(platform, "greet", 2)).status).toBe(200);
}, 30_000);

afterAll(async () => {
  await platform?.close();
  project?.remove();
});

const logs = (...args: string[]) => runCli(["logs", "--port", String(platform.port), ...args], { cwd: project.dir });

type Record = { id: string; functionName: string; status: string; error?: { code: string }; logs: Array<{ level: string; message: string }> };

describe("lp-faas logs", () => {
  it("prints past invocations oldest first: a header line each, then its log lines", async () => {
    const run = await logs();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const headers = run.stdout.split("\n").filter((line) => /^\d{4}-/.test(line));
    expect(headers).toHaveLength(3);
    expect(headers[0]).toMatch(/^\S+Z greet succeeded in \d+ ms \(invocation \S+\)$/);
    expect(headers[1]).toMatch(/ broken failed in \d+ ms: com\.liveperson\.faas\.handler\.custom-failure/);
    expect(run.stdout).toContain("  Error: it broke");
    expect(run.stdout).toMatch(/\[Info\] +hello 1 \{"n":1\}/);
    expect(run.stdout).toMatch(/\[Warn\] +careful 2/);
    expect(run.stdout.indexOf("hello 1")).toBeLessThan(run.stdout.indexOf("hello 2"));
  });

  it("filters by function, level, time and count; --json is one document", async () => {
    const greet = (await logs("greet", "--json")).json() as Record[];
    expect(greet.map((r) => r.functionName)).toEqual(["greet", "greet"]);
    expect(greet[0]!.logs.map((l) => l.message)).toEqual(["hello 1", "careful 1"]); // Debug entries: never kept (as in the cloud)

    const warn = (await logs("--level", "WARN", "--json")).json() as Record[];
    expect(warn.map((r) => r.functionName)).toEqual(["greet", "broken", "greet"]); // broken: no Warn entry, but it failed
    expect(warn.map((r) => r.logs.map((l) => l.level))).toEqual([["Warn"], [], ["Warn"]]);

    const latest = (await logs("--limit", "1", "--json")).json() as Record[];
    expect(latest.map((r) => r.logs[0]?.message)).toEqual(["hello 2"]);

    expect((await logs("--since", "10m", "--json")).json()).toHaveLength(3);
    expect((await logs("--since", new Date(Date.now() + 60_000).toISOString(), "--json")).json()).toEqual([]);
    const none = await logs("nobody");
    expect(none.stdout).toMatch(/^No invocations of nobody match/);

    const bad = await logs("--level", "loud");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--level.*one of debug, info, warn, error/);
    expect((await logs("--since", "yesterday")).code).toBe(2);
  });

  it("says what is wrong: no token file, no platform, another project's token", async () => {
    const fresh = tempProject();
    try {
      const noToken = await runCli(["logs", "--port", String(platform.port), "--dir", fresh.dir, "--json"], { cwd: project.dir });
      expect(noToken.code).toBe(1);
      expect(noToken.json().error.code).toBe("com.liveperson.faas.cli.admin-token-missing");
      expect(noToken.json().error.message).toContain(join(".lp-faas", "admin-token"));

      const other = await start(fresh); // makes the other project's token
      await other.close();
      const wrong = await runCli(["logs", "--port", String(platform.port), "--dir", fresh.dir], { cwd: project.dir });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/refuses the admin token in .*it serves another project.*\(com\.liveperson\.faas\.platform\.admin-forbidden\)/);

      const free = await freePort();
      const down = await runCli(["logs", "--port", String(free)], { cwd: project.dir });
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(new RegExp(`no platform on port ${free}.*\\(com\\.liveperson\\.faas\\.cli\\.platform-unreachable\\)`));
    } finally {
      fresh.remove();
    }
  });

  it("--json --follow prints one record per line, the latest first, then new ones", async () => {
    let stop!: (signal: string) => void;
    let lines: Record[] = [];
    const seen = new Promise<void>((resolveSeen) => {
      void runCli(["logs", "--port", String(platform.port), "--follow", "--json", "--limit", "1", "broken"], {
        cwd: project.dir,
        waitForShutdown: () => new Promise((resolveStop) => (stop = resolveStop)),
        onStdout: (all) => {
          lines = all
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record);
          if (lines.length === 2) resolveSeen();
        },
      }).then((run) => expect(run.code).toBe(0));
    });
    const waitFor = async (count: number) => {
      for (let i = 0; i < 100 && lines.length < count; i++) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(1); // the history is read after the stream is open: from here on nothing is missed
    expect(lines).toHaveLength(1);
    await invoke(platform, "greet", 3); // filtered out
    await invoke(platform, "broken");
    await seen;
    expect(lines.map((r) => [r.functionName, r.status])).toEqual([
      ["broken", "failed"],
      ["broken", "failed"],
    ]);
    expect(lines[0]!.id).not.toBe(lines[1]!.id);
    stop("SIGINT");
  });

  it("--follow ends with platform-unreachable when the platform stops", async () => {
    const other = tempProject();
    const stopping = await start(other);
    try {
      let following!: () => void;
      const ready = new Promise<void>((resolveReady) => (following = resolveReady));
      const run = runCli(["logs", "--follow", "--port", String(stopping.port)], {
        cwd: other.dir,
        onStdout: (all) => all.includes("Following every function") && following(),
      });
      await ready;
      await stopping.close();
      const ended = await run;
      expect(ended.code).toBe(1);
      expect(ended.stderr).toMatch(/the platform on port \d+ stopped; start it again .*\(com\.liveperson\.faas\.cli\.platform-unreachable\)/);
    } finally {
      await stopping.close();
      other.remove();
    }
  });

  it("--follow in its own process prints an invocation another process makes, and Ctrl-C ends it with 0", async () => {
    const child = spawn(process.execPath, [bin, "logs", "--follow", "--limit", "0", "greet", "--port", String(platform.port), "--dir", project.dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const printed = (pattern: RegExp) =>
      new Promise<void>((resolvePrinted, rejectPrinted) => {
        const check = () => pattern.test(stdout) && resolvePrinted();
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          check();
        });
        check();
        child.once("exit", (code) => rejectPrinted(new Error(`lp-faas logs exited (${code}): ${stderr}`)));
      });
    await printed(/Following greet's invocations/);
    const { stdout: invoked } = await promisify(execFile)(process.execPath, [
      bin,
      "invoke",
      "greet",
      "--payload",
      "42",
      "--port",
      String(platform.port),
      "--json",
    ]);
    const id = (JSON.parse(invoked) as { invocationId: string }).invocationId;
    await printed(new RegExp(`greet succeeded in \\d+ ms \\(invocation ${id}\\)\\n.*\\[Info\\] +hello 42`));
    const exited = new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  }, 30_000);
});

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
