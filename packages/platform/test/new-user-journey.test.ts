/**
 * What a new user does with events, each step its own process through the built `lp-faas` (as in a terminal):
 * list the events; make a project and a conversation-end function from its template; run the platform;
 * follow the logs from a second "terminal"; invoke with --event and see the cloud's verdict (and a warning
 * for a malformed command); and, as their own test would, start a platform with the testing kit
 * (`import { startPlatform } from "lp-faas-platform"`), invoke with the event and check the result.
 * The debugger's journey (attach, breakpoint, read a variable) is test/debug.e2e.test.ts.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = resolve(__dirname, "../bin/lp-faas.js");
const built = existsSync(resolve(__dirname, "../dist/esm/index.mjs"));
const run = promisify(execFile);
const CONVERSATION_END = "controllerbot_messaging_conversation_end";

let root: string;
let app: string;
let dev: ChildProcess | undefined;
let port: number;

async function lpFaas(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, env: { ...process.env, LP_FAAS_PORT: String(port) } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Collects a child's stdout; resolves when `match` appears in it. */
function waitForOutput(child: ChildProcess, match: RegExp, what: string): Promise<string> {
  return new Promise((resolveOutput, rejectOutput) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => rejectOutput(new Error(`${what}: no ${match} within 15 s; stdout ${out}; stderr ${err}`)), 15_000);
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (match.test(out)) {
        clearTimeout(timer);
        resolveOutput(out);
      }
    });
  });
}

describe.skipIf(!built)("a new user, with events", () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "lp-faas-new-user-"));
    expect((await lpFaas(root, "init", "app")).code).toBe(0);
    app = join(root, "app");
  }, 30_000);

  afterAll(async () => {
    if (dev && dev.exitCode === null) {
      dev.kill("SIGINT");
      await new Promise((r) => dev!.once("exit", r));
    }
    rmSync(root, { recursive: true, force: true });
  });

  it("lists the events", async () => {
    const list = await lpFaas(app, "events", "list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ eventId: CONVERSATION_END, functionLimit: 1, skills: true }));
  });

  it("creates a conversation-end function from its template, and one returning a malformed command", async () => {
    const created = await lpFaas(app, "create", "function", "farewell", "--event", CONVERSATION_END, "--json");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual(expect.objectContaining({ name: "farewell", event: CONVERSATION_END, template: "messaging_commands" }));
    expect((await lpFaas(app, "create", "function", "bad_end", "--event", CONVERSATION_END)).code).toBe(0);
    writeFileSync(join(app, "functions", "bad_end", "index.js"), 'function lambda(input, callback) { callback(null, [{ type: "transfer" }]); }\n');
  });

  it("runs the platform, follows its logs from another process, and invokes by event", async () => {
    dev = spawn(process.execPath, [bin, "dev", "--port", "0", "--json"], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
    port = (JSON.parse(await waitForOutput(dev, /\n\}\s*$/, "lp-faas dev")) as { port: number }).port;

    const follower = spawn(process.execPath, [bin, "logs", "--follow", "--limit", "0", "--port", String(port)], {
      cwd: app,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const followed = waitForOutput(follower, /farewell succeeded/, "lp-faas logs --follow");
    await new Promise((r) => setTimeout(r, 500)); // its stream is open before the invocation

    const good = await lpFaas(app, "invoke", "farewell", "--event", CONVERSATION_END, "--json");
    expect(good.code).toBe(0);
    const answer = JSON.parse(good.stdout) as { result: unknown; event: { eventId: string; action: string; warnings: string[] } };
    expect(answer.result).toEqual([{ type: "systemMessage", text: expect.any(String) }]);
    expect(answer.event).toEqual({ eventId: CONVERSATION_END, action: expect.stringContaining("system message"), warnings: [] });

    const bad = await lpFaas(app, "invoke", "bad_end", "--event", CONVERSATION_END);
    expect(bad.code).toBe(0); // a warning never fails the invocation
    expect(bad.stdout).toMatch(/Warning: .*transfer.* needs "skillId" or "agentId"/);

    expect(await followed).toMatch(/farewell succeeded/);
    follower.kill("SIGINT");
    expect(await new Promise((r) => follower.once("exit", r))).toBe(0);
  }, 40_000);

  it("tests the function from the user's own code with the testing kit", async () => {
    const script = [
      'import { startPlatform } from "lp-faas-platform";',
      "const platform = await startPlatform({ projectDir: process.argv[2] });",
      "try {",
      `  const answer = await platform.invoke("farewell", {}, { event: "${CONVERSATION_END}" });`,
      "  process.stdout.write(JSON.stringify(answer));",
      "} finally {",
      "  await platform.close();",
      "}",
    ].join("\n");
    const file = join(resolve(__dirname, ".."), `.journey-${process.pid}.mjs`); // inside the package, so "lp-faas-platform" resolves
    writeFileSync(file, script);
    try {
      const { stdout } = await run(process.execPath, [file, app], { cwd: app });
      const answer = JSON.parse(stdout) as { result: Array<{ type: string }>; event?: { warnings: string[] } };
      expect(answer.result[0]!.type).toBe("systemMessage");
      expect(answer.event?.warnings).toEqual([]);
    } finally {
      rmSync(file, { force: true });
    }
  }, 30_000);
});
