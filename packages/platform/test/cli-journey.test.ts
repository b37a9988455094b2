/**
 * A user's journey through the built `lp-faas` command, each step its own process:
 * init → dev (random port) → invoke both function forms → a secret round trip →
 * an allowlist change seen by the running function → Ctrl-C.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";

const bin = resolve(__dirname, "../bin/lp-faas.js");
const built = existsSync(resolve(__dirname, "../dist/cli/main.js"));
const run = promisify(execFile);
let root: string;
let project: string;
let port: number;
let dev: ChildProcess;

/** Resolves with the first JSON document `dev --json` prints on stdout (its summary, once it listens). */
function devSummary(child: ChildProcess): Promise<{ port: number }> {
  return new Promise((resolveSummary, rejectSummary) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolveSummary(JSON.parse(out) as { port: number });
      } catch {
        // not the whole document yet
      }
    });
    child.once("exit", (code) => rejectSummary(new Error(`lp-faas dev exited (${code}) before it listened: ${err}`)));
  });
}

async function lpFaas(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: project, env: { ...process.env, LP_FAAS_PORT: String(port) } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function invokeJson(name: string, payload: unknown): Promise<{ result?: unknown; error?: { code: string; message: string }; logs: unknown[] }> {
  const { stdout } = await lpFaas("invoke", name, "--payload", JSON.stringify(payload), "--json");
  return JSON.parse(stdout) as { result?: unknown; error?: { code: string; message: string }; logs: unknown[] };
}

describe.skipIf(!built)("lp-faas, step by step", () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "lp-faas-journey-"));
    project = root;
    expect((await lpFaas("init", "app")).code).toBe(0);
    project = join(root, "app");
    // Port 0: the platform binds a free port itself and says which in its summary (no probing, no race).
    dev = spawn(process.execPath, [bin, "dev", "--port", "0", "--timeout", "5000", "--json"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    port = (await devSummary(dev)).port;
    expect((await fetch(`http://127.0.0.1:${port}/_platform/health`)).ok).toBe(true);
  }, 30_000);

  afterAll(async () => {
    if (dev && dev.exitCode === null) {
      dev.kill("SIGINT");
      await new Promise((r) => dev.once("exit", r));
    }
    rmSync(root, { recursive: true, force: true });
  });

  it("invokes the callback form and the async form", async () => {
    const text = await lpFaas("invoke", "greeting", "--payload", '{"name":"Ada"}');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/greeting succeeded in \d+ ms/);
    expect(text.stdout).toContain("Hello Ada");
    expect(text.stdout).toMatch(/\[Info\]/);
    expect((await invokeJson("async_greeting", { name: "Bo" })).result).toBeDefined();
  });

  it("rotates a secret through a function, visible to the CLI", async () => {
    const answer = await invokeJson("secret_storage", {});
    expect(answer.error).toBeUndefined();
    const secret = await lpFaas("secrets", "get", "my_Secret-Key", "--json");
    expect(JSON.parse(secret.stdout)).toMatchObject({ key: "my_Secret-Key" });
    expect(JSON.parse(secret.stdout).value).not.toBe("example-secret-value");
  });

  it("applies `lp-faas allowlist add` to the running function's next invocation", async () => {
    // A third-party API on another loopback address, not on the allowlist yet.
    const api = createHttpServer((_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((r) => api.listen(0, "127.0.0.2", r));
    onTestFinished(() => void api.close());
    const url = `http://127.0.0.2:${(api.address() as { port: number }).port}/`;
    const refused = await invokeJson("http_request", { url });
    expect(refused.error?.message).toContain("Socket is closed");
    expect((await lpFaas("allowlist", "add", "127.0.0.2")).code).toBe(0);
    const allowed = await invokeJson("http_request", { url });
    expect(allowed.error).toBeUndefined();
    expect(allowed.result).toMatchObject({ statusCode: 200 });
  });

  it("fails with exit code 1 for an unknown function", async () => {
    const missing = await lpFaas("invoke", "nope");
    expect(missing.code).toBe(1);
    expect(missing.stderr + missing.stdout).toMatch(/nope/);
  });

  it("stops on Ctrl-C", async () => {
    dev.kill("SIGINT");
    const code = await new Promise((r) => dev.once("exit", r));
    expect(code).toBe(0);
  });
});
