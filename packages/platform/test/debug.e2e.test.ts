/**
 * `lp-faas debug` end to end: the command starts its own platform, the test
 * attaches to the printed inspector port over the DevTools protocol (as VS
 * Code and Chrome do), stops at a breakpoint in the function's index.js, reads
 * a local variable and resumes; the command prints the result and stops. The
 * function's files are never changed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseJsonc } from "jsonc-parser";
import { ATTACH_CONFIGURATION_NAME } from "../src/project/vscode-launch";
import { connectCdp, inspectorTarget, type CdpClient } from "./cdp-client";
import { tempProject } from "./helpers";
import { runCli } from "./run-cli";

const project = tempProject();
const clients: CdpClient[] = [];
afterAll(() => {
  for (const client of clients) client.close();
  project.remove();
});

const SOURCE = [
  "function lambda(input, callback) {",
  "  const total = input.payload.items.reduce((sum, n) => sum + n, 0);",
  "  callback(null, { total });",
  "}",
  "",
].join("\n");
project.addFunction("adder", SOURCE, { input: { headers: [], payload: { items: [1, 2] } } });
// A V2 function: an ES module with a top-level lambda it does not export (the instance appends the export line).
const V2_SOURCE = [
  "async function lambda(input) {",
  "  const product = input.payload.items.reduce((all, n) => all * n, 1);",
  "  return { product };",
  "}",
  "",
].join("\n");
project.addFunction("v2adder", V2_SOURCE, { generation: 2 });

interface Frame {
  callFrameId: string;
  location: { scriptId: string; lineNumber: number };
}

/** Attaches to the port the command printed; with `breakAt`, stops there and returns the value of `read`. */
async function attach(port: number, breakAt?: { line: number; read: string }): Promise<unknown> {
  const cdp = await connectCdp(await inspectorTarget(port));
  clients.push(cdp);
  await cdp.send("Debugger.enable");
  if (breakAt) await cdp.send("Debugger.setBreakpointByUrl", { lineNumber: breakAt.line, urlRegex: "adder[\\\\/]index\\.js$" });
  await cdp.send("Runtime.runIfWaitingForDebugger");
  await cdp.next("Debugger.paused"); // just before the call
  await cdp.send("Debugger.resume");
  if (!breakAt) return undefined;
  const paused = await cdp.next("Debugger.paused");
  const frame = (paused.params.callFrames as Frame[])[0]!;
  expect(cdp.scriptUrl(frame.location.scriptId)).toMatch(/adder[\\/]index\.js$/);
  const value = await cdp.send("Debugger.evaluateOnCallFrame", { callFrameId: frame.callFrameId, expression: breakAt.read });
  await cdp.send("Debugger.resume");
  return (value.result as { value: unknown }).value;
}

/** Runs `lp-faas debug`, attaching once it prints the port. */
async function debug(args: string[], breakAt?: { line: number; read: string }) {
  let attached: Promise<unknown> | undefined;
  const watch = (all: string): void => {
    const port = /waits for a debugger on 127\.0\.0\.1:(\d+)/.exec(all)?.[1];
    if (port !== undefined) attached ??= attach(Number(port), breakAt);
  };
  const run = await runCli(["debug", ...args, "--inspect-port", "0"], { cwd: project.dir, onStdout: watch, onStderr: watch });
  return { run, read: await attached };
}

describe("lp-faas debug", () => {
  it("stops at a breakpoint in the function, shows a local variable, prints the result and writes launch.json", async () => {
    const { run, read } = await debug(["adder", "--payload", '{"items":[20,22]}'], { line: 2, read: "total" });
    expect(read).toBe(42);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Debugging adder: its instance \(pid \d+\) waits for a debugger on 127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain("chrome://inspect");
    expect(run.stdout).toContain(`Run and Debug → "${ATTACH_CONFIGURATION_NAME}" (.vscode/launch.json created)`);
    expect(run.stdout).toMatch(/adder succeeded in \d+ ms/);
    expect(run.stdout).toContain('"total": 42');
    expect(readFileSync(join(project.dir, "functions", "adder", "index.js"), "utf8")).toBe(SOURCE);

    const port = Number(/127\.0\.0\.1:(\d+)\./.exec(run.stdout)![1]);
    const launch = parseJsonc(readFileSync(join(project.dir, ".vscode", "launch.json"), "utf8"), [], { allowTrailingComma: true }) as {
      configurations: unknown[];
    };
    expect(launch.configurations).toEqual([expect.objectContaining({ name: ATTACH_CONFIGURATION_NAME, request: "attach", port })]);
  });

  it("debugs a V2 function: the breakpoint is on the function's own line, the file untouched", async () => {
    const { run, read } = await debug(["v2adder", "--payload", '{"items":[6,7]}'], { line: 2, read: "product" });
    expect(read).toBe(42);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"product": 42');
    expect(readFileSync(join(project.dir, "functions", "v2adder", "index.js"), "utf8")).toBe(V2_SOURCE);
  });

  it("uses config.json's input, reports a launch.json it cannot parse and leaves it untouched (--json)", async () => {
    const broken = '{ "configurations": [ { "name": "mine" } { } ] }';
    writeFileSync(join(project.dir, ".vscode", "launch.json"), broken);
    const { run } = await debug(["adder", "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\.vscode\/launch\.json cannot be parsed \(.*line 1, column 42\); it was left untouched: attach to 127\.0\.0\.1:\d+ by hand/);
    expect(readFileSync(join(project.dir, ".vscode", "launch.json"), "utf8")).toBe(broken);
    const answer = run.json() as { result: unknown; inspector: { port: number; url: string }; launchJson: { status: string } };
    expect(answer.result).toEqual({ total: 3 });
    expect(answer.inspector.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${answer.inspector.port}/`));
    expect(answer.launchJson.status).toBe("unparseable");
  });

  it("stops on Ctrl-C while it waits for a debugger, and leaves no instance behind", async () => {
    let interrupt: (signal: string) => void = () => undefined;
    const interrupted = new Promise<string>((resolve) => (interrupt = resolve));
    let pid: number | undefined;
    const run = await runCli(["debug", "adder", "--inspect-port", "0"], {
      cwd: project.dir,
      onStdout: (all) => {
        const found = /instance \(pid (\d+)\) waits/.exec(all)?.[1];
        if (found !== undefined && pid === undefined) {
          pid = Number(found);
          interrupt("SIGINT");
        }
      },
      waitForShutdown: () => interrupted,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("SIGINT: stopping the debug session");
    expect(pid).toBeDefined();
    expect(() => process.kill(pid!, 0)).toThrow(/ESRCH/);
  });

  it("refuses a function the project does not have", async () => {
    const run = await runCli(["debug", "nope", "--json"], { cwd: project.dir });
    expect(run.code).toBe(1);
    expect(run.json().error.code).toBe("com.liveperson.faas.es.missinglambda");
  });
});
