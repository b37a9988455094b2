/**
 * Inspected instances with real worker processes and a real debugger session:
 * the test attaches over the Chrome DevTools Protocol (as VS Code and Chrome
 * do), sets a breakpoint in the function's index.js, reads a local variable
 * there and resumes.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectCdp, inspectorTarget, type CdpClient } from "../../test/cdp-client";
import { createInspectorPorts } from "./inspect";
import type { FunctionSpec, InspectorInfo, Runtime, RuntimeOptions } from "./types";
import { createRuntime } from "./worker-pool";

const root = mkdtempSync(join(tmpdir(), "lp-faas-inspect-"));
const output: string[] = [];
const runtimes: Runtime[] = [];
const clients: CdpClient[] = [];
const servers: Server[] = [];

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(runtimes.map((r) => r.close()));
  for (const server of servers) server.close();
  rmSync(root, { recursive: true, force: true });
});

function runtime(options: Partial<RuntimeOptions>): { runtime: Runtime; inspectors: InspectorInfo[] } {
  const inspectors: InspectorInfo[] = [];
  const created = createRuntime({
    timeoutMs: 10_000,
    memoryMb: 160,
    baseEnv: {},
    onWorkerOutput: (name, text) => output.push(`${name}|${text}`),
    onInspector: (info) => inspectors.push(info),
    ...options,
  });
  runtimes.push(created);
  return { runtime: created, inspectors };
}

function fn(name: string, source: string): FunctionSpec {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.js"), source);
  return { name, uuid: randomUUID(), dir, entry: join(dir, "index.js"), env: {} };
}

interface Frame {
  callFrameId: string;
  location: { scriptId: string; lineNumber: number };
}

const input = (payload: unknown = {}) => ({ headers: [], payload });
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A port free now (the system's pick), and one held until the test ends. */
async function listen(port = 0): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a debugger attached to an instance", () => {
  it("stops at a breakpoint in index.js, reads a local variable, resumes, and the invocation never times out while paused", async () => {
    const spec = fn(
      "debugged",
      ["function lambda(input, callback) {", '  const greeting = "hello " + input.payload.name;', "  callback(null, { greeting });", "}", ""].join("\n"),
    );
    const { runtime: rt, inspectors } = runtime({ timeoutMs: 300, inspect: { port: 0, waitForDebugger: true } });
    const outcome = rt.invoke(spec, input({ name: "Ada" }));
    const info = await until(() => inspectors[0], "the inspector");
    expect(info.functionName).toBe("debugged");

    const cdp = await connectCdp(await inspectorTarget(info.port));
    clients.push(cdp);
    expect(await inspectorTarget(info.port)).toBe(info.url);
    await cdp.send("Debugger.enable");
    const breakpoint = await cdp.send("Debugger.setBreakpointByUrl", { lineNumber: 2, urlRegex: `${escapeRegex(join("debugged", "index.js"))}$` });
    await cdp.send("Runtime.runIfWaitingForDebugger");

    // First stop: just before the platform calls the function.
    const before = await cdp.next("Debugger.paused");
    const beforeFrame = (before.params.callFrames as Frame[])[0]!;
    expect(cdp.scriptUrl(beforeFrame.location.scriptId)).toMatch(/worker-entry\.cjs$/);
    await new Promise((r) => setTimeout(r, 800)); // well past the 300 ms timeout
    // Stepping in from there reaches the function's first line.
    let steps = 0;
    let stepped: Frame;
    do {
      await cdp.send("Debugger.stepInto");
      stepped = ((await cdp.next("Debugger.paused")).params.callFrames as Frame[])[0]!;
      steps++;
    } while (!/index\.js$/.test(cdp.scriptUrl(stepped.location.scriptId) ?? "") && steps < 5);
    expect(cdp.scriptUrl(stepped.location.scriptId)).toMatch(/debugged[\\/]index\.js$/);
    expect(stepped.location.lineNumber).toBe(1);
    expect(steps).toBe(2); // what the comment at the pause and the docs promise
    await cdp.send("Debugger.resume");

    const paused = await cdp.next("Debugger.paused");
    expect((paused.params.hitBreakpoints as string[]).length).toBe(1);
    const frame = (paused.params.callFrames as Frame[])[0]!;
    expect(cdp.scriptUrl(frame.location.scriptId)).toMatch(/debugged[\\/]index\.js$/);
    expect(frame.location.lineNumber).toBe(2);
    const local = await cdp.send("Debugger.evaluateOnCallFrame", { callFrameId: frame.callFrameId, expression: "greeting" });
    expect((local.result as { value: unknown }).value).toBe("hello Ada");
    await new Promise((r) => setTimeout(r, 500));
    await cdp.send("Debugger.resume");

    await expect(outcome).resolves.toMatchObject({ ok: true, result: { greeting: "hello Ada" } });
    // Later invocations neither wait for a debugger nor pause before the call.
    await cdp.send("Debugger.removeBreakpoint", { breakpointId: breakpoint.breakpointId });
    await expect(rt.invoke(spec, input({ name: "Bo" }))).resolves.toMatchObject({ ok: true, result: { greeting: "hello Bo" } });
  });
});

describe("inspected instances", () => {
  const whoAmI = 'exports.lambda = async () => ({ pid: process.pid, inspector: require("node:inspector").url() ?? null });\n';

  it("fork inspected functions fresh, one port each from the base, and leave other functions on plain spares", async () => {
    const base = await freePort();
    const { runtime: rt, inspectors } = runtime({ inspect: { port: base, functions: ["first", "second"] } });
    const [first, second, plain] = await Promise.all([
      rt.invoke(fn("first", whoAmI), input()),
      rt.invoke(fn("second", whoAmI), input()),
      rt.invoke(fn("plain", whoAmI), input()),
    ]);
    const results = [first, second, plain].map((o) => (o.ok ? (o.result as { pid: number; inspector: string | null }) : undefined));
    expect(results[2]?.inspector).toBeNull();
    expect(inspectors.map((i) => i.functionName).sort()).toEqual(["first", "second"]);
    for (const [at, name] of ["first", "second"].entries()) {
      const info = inspectors.find((i) => i.functionName === name)!;
      expect(results[at]?.inspector).toBe(info.url);
      expect(info.pid).toBe(results[at]?.pid);
    }
    // Ports from the base, distinct (the second is base + 1 unless another program holds it).
    const ports = inspectors.map((i) => i.port).sort((a, b) => a - b);
    expect(ports[0]).toBe(base);
    expect(ports[1]).toBeGreaterThan(base);
  });

  it("take any free port when another program holds the one meant for them, and report that one", async () => {
    const held = await listen();
    const { runtime: rt, inspectors } = runtime({ inspect: { port: held } });
    const outcome = await rt.invoke(fn("elsewhere", whoAmI), input());
    const info = await until(() => inspectors[0], "the inspector");
    expect(info.port).not.toBe(held);
    expect(outcome.ok && (outcome.result as { inspector: string }).inspector).toBe(info.url);
    expect(await inspectorTarget(info.port)).toBe(info.url);
  });

  it("are not stopped over the memory limit, which they report instead", async () => {
    const { runtime: rt } = runtime({ memoryMb: 96, inspect: { port: 0 } });
    const spec = fn(
      "hungry",
      "exports.lambda = async () => { const b = Buffer.alloc(160 * 1048576, 1); await new Promise((r) => setTimeout(r, 600)); return b.length; };\n",
    );
    await expect(rt.invoke(spec, input())).resolves.toMatchObject({ ok: true, result: 160 * 1048576 });
    expect(output.join("")).toMatch(/hungry\|\[lp-faas\] The function's instance went over its memory limit of 96 MB .*not stopped, as it is inspected/);
  });
});

describe("createInspectorPorts", () => {
  it("hands out the lowest free port from the base and takes ports back", () => {
    const ports = createInspectorPorts({ port: 9229, functions: ["a"] });
    expect(ports.inspects("a")).toBe(true);
    expect(ports.inspects("b")).toBe(false);
    expect([ports.reserve(), ports.reserve(), ports.reserve()]).toEqual([9229, 9230, 9231]);
    ports.release(9230);
    expect(ports.reserve()).toBe(9230);
    expect(createInspectorPorts(undefined).inspects("a")).toBe(false);
    expect(createInspectorPorts({ port: 0 }).reserve()).toBe(0);
    expect(() => createInspectorPorts({ port: 70_000 })).toThrow(/inspect\.port/);
  });
});
