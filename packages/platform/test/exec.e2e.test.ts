/**
 * `lp-faas exec`: a fresh platform (temporary state, free port) for the
 * length of a real child process, which finds it through LP_FAAS_PORT and
 * LP_FAAS_PLATFORM_URL; the exit code is the child's.
 */
import { spawnSync } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli";
import { tempProject, type TempProject } from "./helpers";

/** A child that records what it sees of the platform into `out`, then exits with `code`. */
const probe = (out: string, code: number): string[] => [
  process.execPath,
  "-e",
  `(async () => {
    const url = process.env.LP_FAAS_PLATFORM_URL;
    const health = await (await fetch(url + "/_platform/health")).json();
    const invoked = await (await fetch(url + "/_platform/functions/hello/invoke", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ payload: { n: 4 } }) })).json();
    require("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({ url, port: process.env.LP_FAAS_PORT, health, invoked, home: process.env.EXEC_TEST_MARK }));
    process.exit(${code});
  })();`,
];

describe("lp-faas exec", () => {
  let project: TempProject;
  let scratch: string;

  beforeEach(() => {
    project = tempProject();
    project.addFunction("hello", "module.exports.lambda = async (input) => ({ twice: input.payload.n * 2 });");
    scratch = mkdtempSync(join(tmpdir(), "lp-faas-exec-"));
  });

  afterEach(() => {
    project.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("runs the command against a fresh platform, exits with its code and stops the platform", async () => {
    const out = join(scratch, "seen.json");
    const run = await runCli(["exec", "--dir", project.dir, "--", ...probe(out, 7)], { cwd: scratch, env: { EXEC_TEST_MARK: "kept" } });
    expect(run.code).toBe(7);
    const seen = JSON.parse(readFileSync(out, "utf8")) as {
      url: string;
      port: string;
      health: { status: string; functions: number };
      invoked: unknown;
      home: string;
    };
    expect(seen.url).toBe(`http://127.0.0.1:${seen.port}`);
    expect(seen.health).toMatchObject({ status: "ok", functions: 1 });
    expect(seen.invoked).toMatchObject({ result: { twice: 8 } });
    expect(seen.home).toBe("kept");
    expect(run.stderr).toContain(`lp-faas exec: platform on ${seen.url}`);
    // Stopped, and no state left in the project.
    await expect(fetch(`${seen.url}/_platform/health`)).rejects.toThrow();
    expect(existsSync(join(project.dir, ".lp-faas"))).toBe(false);
  });

  it("exits 0 when the command succeeds", async () => {
    const run = await runCli(["exec", "--dir", project.dir, "--", process.execPath, "-e", "process.exit(0)"], { cwd: scratch });
    expect(run.code).toBe(0);
  });

  it("exits 127 with a clear error when the command does not exist, and stops the platform", async () => {
    const run = await runCli(["exec", "--dir", project.dir, "--", "lp-faas-no-such-command-here"], { cwd: scratch, env: { PATH: scratch } });
    expect(run.code).toBe(127);
    expect(run.stderr).toMatch(/lp-faas-no-such-command-here: command not found .*com\.liveperson\.faas\.cli\.command-not-found/);
    const url = /platform on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stderr)![1]!;
    await expect(fetch(`${url}/_platform/health`)).rejects.toThrow();
  });

  it("is a usage error without a command, and a project error outside a project", async () => {
    expect((await runCli(["exec", "--dir", project.dir], { cwd: scratch })).code).toBe(2);
    const outside = await runCli(["exec", "--", process.execPath, "-e", ""], { cwd: scratch });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("com.liveperson.faas.cli.project-missing");
  });

  it("fails with port-in-use, without running the command, when --port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const marker = join(scratch, "ran");
      const run = await runCli(
        ["exec", "--dir", project.dir, "--port", String(port), "--", process.execPath, "-e", `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "")`],
        {
          cwd: scratch,
        },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("com.liveperson.faas.cli.port-in-use");
      expect(existsSync(marker)).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("passes the exit code through the real lp-faas binary", () => {
    const bin = join(__dirname, "..", "bin", "lp-faas.js");
    const result = spawnSync(process.execPath, [bin, "exec", "--dir", project.dir, "--", process.execPath, "-e", "process.exit(3)"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.stderr).toContain("lp-faas exec: platform on http://127.0.0.1:");
    expect(result.status).toBe(3);
  });
});
