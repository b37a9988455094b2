/**
 * LivePerson Functions V2 functions on the platform, end to end (real platform on 127.0.0.1, real
 * worker processes): an ES module whose top-level `async function lambda(input)` is not exported runs,
 * sees V2's environment and `console.getTraceId()`, fails with V2's codes and bodies, runs one
 * invocation per instance up to `maxInstances` (then 429), next to V1 functions that keep V1's model,
 * codes and bodies. Concurrency is proven by a barrier on files and by process ids, never by timing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform as startKit } from "../src/kit/start-platform";
import { PlatformApiError } from "../src/kit/platform-api-error";
import { startPlatform, type RunningPlatform } from "../src/platform";
import { adminFetch, gatewayInvoke, gatewayPath, invoke, tempProject, TEST_ORCHESTRATOR_KEY, type TempProject } from "./helpers";

const MAX_INSTANCES = 3;
let project: TempProject;
let platform: RunningPlatform;
/** Where the `barrier` function signals it arrived and waits to be released. */
let barrierDir: string;

const uuidOf = (name: string): string => platform.functions().find((fn) => fn.name === name)!.uuid;
const v2Path = (uuid: string): string => `/api/account/${platform.accountId}/functions/${uuid}/invoke`;

/** A V2 function as lpf 2 writes it: ES module syntax, a top-level lambda, no export. */
const ENV_AND_TRACE = `import { hostname } from "node:os";

async function lambda(input) {
  console.info("tracing", console.getTraceId());
  return {
    headers: input.headers,
    payload: input.payload,
    host: typeof hostname(),
    traceId: console.getTraceId(),
    env: {
      X_LIVEPERSON_BRAND_ID: process.env.X_LIVEPERSON_BRAND_ID ?? null,
      X_LIVEPERSON_FUNCTION_UUID: process.env.X_LIVEPERSON_FUNCTION_UUID ?? null,
      X_LIVEPERSON_CSDS_DOMAIN: process.env.X_LIVEPERSON_CSDS_DOMAIN ?? null,
      GREETING: process.env.GREETING ?? null,
      BRAND_ID: process.env.BRAND_ID ?? null,
      LAMBDA_UUID: process.env.LAMBDA_UUID ?? null,
    },
  };
}
`;

/** Waits (polling the file system) until the test releases it; says it arrived with its pid. */
const BARRIER = `import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

async function lambda(input) {
  const { dir, tag } = input.payload;
  writeFileSync(join(dir, "arrived-" + tag), String(process.pid));
  while (!existsSync(join(dir, "release"))) await new Promise((resolve) => setTimeout(resolve, 20));
  return { pid: process.pid, tag };
}
`;

beforeAll(async () => {
  project = tempProject();
  barrierDir = mkdtempSync(join(tmpdir(), "lp-faas-v2-barrier-"));
  project.writeSettings({ secrets: [{ key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY }], whitelist: [] });
  project.addFunction("v2_env", ENV_AND_TRACE, { environmentVariables: { GREETING: "hi" } });
  project.addFunction("v2_throws", `async function lambda(input) {\n  console.warn("about to fail");\n  throw new Error("no " + input.payload.what);\n}\n`, {
    environmentVariables: { key: "value" },
  });
  project.addFunction("v2_sync_throws", `function lambda() {\n  throw new TypeError("sync");\n}\n`, { generation: 2 });
  project.addFunction("v2_syntax", `import { x } from "node:os";\nasync function lambda( {\n`);
  project.addFunction("v2_hangs", `async function lambda() {\n  await new Promise(() => undefined);\n}\n`, { generation: 2 });
  project.addFunction("barrier", BARRIER);
  project.addFunction("v2_exits", `async function lambda() {\n  process.exit(3);\n}\n`, { generation: 2 });
  project.addFunction("v1_callback", `function lambda(input, callback) {\n  callback(new Error("v1 failure"));\n}\n`);
  project.addFunction("v1_pid", `module.exports.lambda = async () => { await new Promise((r) => setTimeout(r, 200)); return process.pid; };\n`);
  platform = await startPlatform({ projectDir: project.dir, port: 0, timeoutMs: 4000, memoryMb: 256, maxInstances: MAX_INSTANCES });
});

afterAll(async () => {
  await platform?.close();
  project?.remove();
  rmSync(barrierDir, { recursive: true, force: true });
});

describe("a V2 function", () => {
  it("is told apart from V1 functions, per function", async () => {
    const listed = (await (await adminFetch(platform, "/_platform/functions")).json()) as Array<{ name: string; generation: number }>;
    expect(Object.fromEntries(listed.map((fn) => [fn.name, fn.generation]))).toEqual({
      barrier: 2,
      v1_callback: 1,
      v1_pid: 1,
      v2_env: 2,
      v2_exits: 2,
      v2_hangs: 2,
      v2_sync_throws: 2,
      v2_syntax: 2,
      v2_throws: 2,
    });
  });

  it("runs without an export, with V2's environment, and console.getTraceId() is the invocation's id", async () => {
    const answer = await invoke(platform, "v2_env", { n: 1 });
    expect(answer.status).toBe(200);
    const result = answer.body.result as { traceId: string; env: Record<string, string | null>; payload: unknown; host: string };
    expect(result.payload).toEqual({ n: 1 });
    expect(result.host).toBe("string");
    expect(result.env).toEqual({
      X_LIVEPERSON_BRAND_ID: platform.accountId,
      X_LIVEPERSON_FUNCTION_UUID: uuidOf("v2_env"),
      X_LIVEPERSON_CSDS_DOMAIN: platform.url,
      GREETING: "hi",
      BRAND_ID: null,
      LAMBDA_UUID: null,
    });
    expect(result.traceId).toBe(answer.body.invocationId);
    expect(answer.body.logs).toEqual([expect.objectContaining({ level: "Info", message: "tracing", extras: [answer.body.invocationId] })]);
  });

  it("gets { headers: [{ key, value }], payload } from the gateway, and its trace id is the answer's X-Request-Id", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuidOf("v2_env")), {
      body: { timestamp: Date.now(), headers: [{ key: "x-one", value: "1" }], payload: { via: "gateway" } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ headers: [{ key: "x-one", value: "1" }], payload: { via: "gateway" } });
    expect(answer.body.traceId).toBe(answer.headers.get("x-request-id"));
  });

  it("that throws answers 901 with V2's body and code on both gateway paths, and its logs are recorded", async () => {
    const body = { timestamp: Date.now(), headers: [], payload: { what: "luck" } };
    for (const path of [gatewayPath(platform, uuidOf("v2_throws")), v2Path(uuidOf("v2_throws"))]) {
      const answer = await gatewayInvoke(platform, path, { body });
      expect(answer.status).toBe(901);
      expect(answer.body).toEqual({
        code: "com.customer.faas.function.threw-error",
        message: "no luck",
        errorLogs: [expect.objectContaining({ level: "Warn", message: "about to fail" })],
      });
      const record = (await (await adminFetch(platform, `/_platform/invocations/${answer.headers.get("x-request-id")}`)).json()) as {
        status: string;
        error: { code: string };
        logs: Array<{ message: string }>;
      };
      expect(record).toMatchObject({ status: "failed", error: { code: "com.customer.faas.function.threw-error" } });
      expect(record.logs.map((entry) => entry.message)).toEqual(["about to fail"]);
    }
    const direct = await invoke(platform, "v2_sync_throws");
    expect(direct.body.error).toEqual({ code: "com.customer.faas.function.threw-error", message: "sync" });
  });

  it("that cannot load or exits fails with js-runtime-error; one that hangs with execution-exceeded", async () => {
    const broken = await gatewayInvoke(platform, gatewayPath(platform, uuidOf("v2_syntax")));
    expect(broken.status).toBe(901);
    expect(broken.body).toMatchObject({
      code: "com.customer.faas.function.js-runtime-error",
      message: "The function could not be loaded: SyntaxError: Unexpected end of input (index.js:3)",
    });
    const exits = await gatewayInvoke(platform, gatewayPath(platform, uuidOf("v2_exits")));
    expect(exits.status).toBe(901);
    expect(exits.body).toMatchObject({ code: "com.customer.faas.function.js-runtime-error", message: expect.stringContaining("exit code 3") });
    const hung = await gatewayInvoke(platform, gatewayPath(platform, uuidOf("v2_hangs")));
    expect(hung.status).toBe(901);
    expect(hung.body).toMatchObject({ code: "com.customer.faas.function.execution-exceeded" });
    expect(hung.body).not.toHaveProperty("errorCode");
  });

  it(`runs one invocation per instance: ${MAX_INSTANCES} at once in ${MAX_INSTANCES} processes, one more is refused with 429`, async () => {
    const running = Array.from({ length: MAX_INSTANCES }, (_, i) => invoke(platform, "barrier", { dir: barrierDir, tag: `t${i}` }));
    // Every instance is busy once each has arrived (a V2 instance that took two would never let the second arrive).
    while (readdirSync(barrierDir).filter((file) => file.startsWith("arrived-")).length < MAX_INSTANCES) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const refused = await gatewayInvoke(platform, gatewayPath(platform, uuidOf("barrier")), {
      body: { timestamp: Date.now(), headers: [], payload: { dir: barrierDir, tag: "extra" } },
    });
    expect(existsSync(join(barrierDir, "arrived-extra"))).toBe(false); // nothing ran
    // The overview (the dashboard's first page) counts the runtime's instances: all busy.
    const busy = await overviewOf("barrier");
    expect(busy).toMatchObject({ instance: "busy", instances: MAX_INSTANCES, inFlight: MAX_INSTANCES });
    writeFileSync(join(barrierDir, "release"), "");
    const answers = await Promise.all(running);

    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: "com.liveperson.faas.function.runtime.limit-reached", message: expect.stringContaining("--max-instances") });
    expect(answers.map((answer) => answer.status)).toEqual(Array(MAX_INSTANCES).fill(200));
    const pids = answers.map((answer) => (answer.body.result as { pid: number }).pid);
    expect(new Set(pids).size).toBe(MAX_INSTANCES);
    expect(pids).not.toContain(process.pid);

    // The warm instances are reused afterwards, one invocation after the other.
    const again = await invoke(platform, "barrier", { dir: barrierDir, tag: "again" });
    expect(pids).toContain((again.body.result as { pid: number }).pid);
    expect(await overviewOf("barrier")).toMatchObject({ instance: "warm", instances: MAX_INSTANCES, inFlight: 0 });
  });
});

/** One function's line of `GET /_platform/overview`. */
async function overviewOf(name: string): Promise<Record<string, unknown> | undefined> {
  const overview = (await (await adminFetch(platform, "/_platform/overview")).json()) as { functions: Array<Record<string, unknown>> };
  return overview.functions.find((fn) => fn.name === name);
}

describe("V1 functions beside V2 ones", () => {
  it("keep V1's bodies and codes on the V1 path", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuidOf("v1_callback")));
    expect(answer.status).toBe(901);
    expect(answer.body).toEqual({ errorCode: "com.liveperson.faas.handler.custom-failure", errorMsg: "v1 failure", errorLogs: [] });
  });

  it("keep V1's instance model: concurrent invocations share one instance, beyond any V2 cap", async () => {
    const answers = await Promise.all(Array.from({ length: MAX_INSTANCES + 2 }, () => invoke(platform, "v1_pid")));
    expect(answers.map((answer) => answer.status)).toEqual(Array(MAX_INSTANCES + 2).fill(200));
    expect(new Set(answers.map((answer) => answer.body.result)).size).toBe(1);
  });
});

describe("the V2 egress switch", () => {
  let target: TempProject;
  let server: import("node:http").Server;
  let port = 0;

  beforeAll(async () => {
    const http = await import("node:http");
    server = http.createServer((_req, res) => res.end("reached"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as import("node:net").AddressInfo).port;
    target = tempProject();
    target.writeSettings({ secrets: [], whitelist: [] });
    target.addFunction("fetcher", `async function lambda(input) {\n  const response = await fetch(input.payload.url);\n  return await response.text();\n}\n`, {
      generation: 2,
    });
    // The toolbelt's own clients follow the switch too (not only the function's fetch).
    target.addFunction(
      "toolbelt_fetcher",
      `import { Toolbelt } from "lp-faas-toolbelt";\nasync function lambda(input) {\n  return await Toolbelt.HTTPClient()(input.payload.url);\n}\n`,
      { generation: 2 },
    );
  });
  afterAll(async () => {
    target?.remove();
    await new Promise((resolve) => server.close(resolve));
  });

  it("enforces the project's allowlist on V2 functions by default, and not with v2Allowlist: false", async () => {
    const url = `http://127.0.0.1:${port}/`;
    const enforced = await startPlatform({ projectDir: target.dir, port: 0, timeoutMs: 4000, spareInstances: 0 });
    try {
      const refused = await invoke(enforced, "fetcher", { url });
      expect(refused.body.error?.code).toBe("com.customer.faas.function.threw-error");
      expect(refused.body.error?.message).toMatch(/fetch failed|Socket is closed/);
      expect((await invoke(enforced, "toolbelt_fetcher", { url })).body.error?.message).toMatch(/not on the domain allowlist/);
    } finally {
      await enforced.close();
    }
    const open = await startPlatform({ projectDir: target.dir, port: 0, timeoutMs: 4000, spareInstances: 0, v2Allowlist: false });
    try {
      expect((await invoke(open, "fetcher", { url })).body.result).toBe("reached");
      const viaToolbelt = await invoke(open, "toolbelt_fetcher", { url });
      expect(viaToolbelt.body.result).toBe("reached");
    } finally {
      await open.close();
    }
  });
});

describe("a V2 function's folder", () => {
  it("may hold other modules it imports (ES modules without a package.json)", async () => {
    const dir = join(project.dir, "functions", "v2_modules");
    mkdirSync(dir);
    writeFileSync(join(dir, "util.js"), `export const twice = (n) => n * 2;\n`);
    writeFileSync(join(dir, "index.js"), `import { twice } from "./util.js";\nasync function lambda(input) {\n  return twice(input.payload.n);\n}\n`);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ name: "v2_modules", environmentVariables: { key: "value" } }));
    expect((await invoke(platform, "v2_modules", { n: 21 })).body.result).toBe(42);
  });
});

describe("a V2 function invoked by event", () => {
  it("answers its failure in V2's shape on the event path too", async () => {
    const dir = join(project.dir, "functions", "v2_command");
    mkdirSync(dir);
    writeFileSync(join(dir, "index.js"), `async function lambda(input) {\n  throw new Error("cannot " + input.payload.arguments[0]);\n}\n`);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ name: "v2_command", event: "conversational_command", generation: 2 }));
    const answer = await gatewayInvoke(platform, `/api/account/${platform.accountId}/events/conversational_command/invoke?v=1&externalSystem=test`, {
      body: { timestamp: Date.now(), headers: [], payload: { conversationId: "c-1", arguments: ["fly"] } },
    });
    expect(answer.status).toBe(901);
    expect(answer.body).toEqual({ code: "com.customer.faas.function.threw-error", message: "cannot fly", errorLogs: [] });
  });
});

describe("a function whose generation changes", () => {
  it("runs as its new generation from the next invocation", async () => {
    const dir = join(project.dir, "functions", "flips");
    mkdirSync(dir);
    writeFileSync(join(dir, "index.js"), `async function lambda() {\n  return { trace: typeof console.getTraceId, brand: process.env.BRAND_ID ?? null };\n}\n`);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ name: "flips", generation: 1 }));
    expect((await invoke(platform, "flips")).body.result).toEqual({ trace: "undefined", brand: platform.accountId });
    writeFileSync(join(dir, "config.json"), JSON.stringify({ name: "flips", generation: 2, description: "now V2" }));
    expect((await invoke(platform, "flips")).body.result).toEqual({ trace: "function", brand: null });
  });
});

describe("the testing kit", () => {
  it("takes maxInstances, answers 429 as a PlatformApiError, and gives the V2 variables in env", async () => {
    const kit = await startKit({ projectDir: project.dir, maxInstances: 1, timeoutMs: 10_000 });
    const dir = mkdtempSync(join(tmpdir(), "lp-faas-v2-kit-"));
    try {
      expect(kit.env).toMatchObject({ X_LIVEPERSON_BRAND_ID: kit.accountId, X_LIVEPERSON_CSDS_DOMAIN: kit.url });
      const first = kit.invoke<{ pid: number }>("barrier", { dir, tag: "one" });
      while (!existsSync(join(dir, "arrived-one"))) await new Promise((resolve) => setTimeout(resolve, 20));
      const refused = await kit.invoke("barrier", { dir, tag: "two" }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(PlatformApiError);
      expect(refused).toMatchObject({ status: 429, code: "com.liveperson.faas.function.runtime.limit-reached" });
      writeFileSync(join(dir, "release"), "");
      expect((await first).result?.pid).toEqual(expect.any(Number));
    } finally {
      await kit.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
