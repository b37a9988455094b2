/**
 * The platform end to end: a real server on a random port, real worker
 * processes, the real toolbelt inside the functions, SQLite on disk.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { adminFetch, gatewayInvoke, gatewayPath, invoke, start, tempProject, TEST_ORCHESTRATOR_KEY, type TempProject } from "./helpers";

let project: TempProject;
let platform: RunningPlatform;
let target: Server;
let targetUrl: string;

beforeAll(async () => {
  // A third-party API on another loopback address, so the allowlist decides whether functions may reach it.
  target = createServer((req, res) => res.end(JSON.stringify({ reached: req.url })));
  await new Promise<void>((r) => target.listen(0, "127.0.0.2", r));
  targetUrl = `http://127.0.0.2:${(target.address() as { port: number }).port}`;

  project = tempProject();
  project.writeSettings({
    secrets: [
      { key: "my_Secret-Key", value: "old-value" },
      { key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY },
    ],
    whitelist: ["*.liveperson.com"],
  });
  project.addFunction(
    "v1_greeting",
    `function lambda(input, callback) {\n  console.info("hello", { who: input.payload.name });\n  callback(null, { greeting: "Hello " + input.payload.name, brand: process.env.BRAND_ID });\n}\n`,
  );
  project.addFunction(
    "async_greeting",
    `module.exports.lambda = async function lambda(input) { return { greeting: "Hi " + input.payload.name, uuid: process.env.LAMBDA_UUID }; };\n`,
  );
  project.addFunction(
    "secret_rotation",
    `const { Toolbelt } = require("lp-faas-toolbelt");
function lambda(input, callback) {
  const secretClient = Toolbelt.SecretClient();
  secretClient.readSecret("my_Secret-Key")
    .then((mySecret) => { const before = mySecret.value; mySecret.value = input.payload.next; return secretClient.updateSecret(mySecret).then((after) => ({ before, after: after.value })); })
    .then((r) => callback(null, r))
    .catch((err) => callback(err, null));
}\n`,
  );
  project.addFunction(
    "http_fetch",
    `const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda(input) {
  try {
    const body = await Toolbelt.HTTPClient()(input.payload.url, { json: true });
    return { ok: true, body };
  } catch (err) {
    return { ok: false, message: err.message, code: err.cause && err.cause.code };
  }
}
module.exports = { lambda };\n`,
  );
  project.addFunction("throws", `async function lambda() { throw new Error("custom failure"); }\nmodule.exports = { lambda };\n`);
  project.addFunction("hangs", `function lambda(input, callback) { /* never calls back */ }\n`);
  project.addFunction("exits", `function lambda(input, callback) { process.exit(3); }\n`);
  project.addFunction("reloadable", `module.exports.lambda = async () => "version 1";\n`);
  platform = await start(project, { watch: true, timeoutMs: 1500 });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  project?.remove();
  target?.close();
});

describe("lp-faas platform", () => {
  it("answers health and lists functions with stable uuids", async () => {
    expect((await adminFetch(platform, `/_platform/health`)).status).toBe(200);
    const functions = (await (await adminFetch(platform, `/_platform/functions`)).json()) as Array<{ name: string; uuid: string }>;
    expect(functions.map((f) => f.name).sort()).toEqual([
      "async_greeting",
      "exits",
      "hangs",
      "http_fetch",
      "reloadable",
      "secret_rotation",
      "throws",
      "v1_greeting",
    ]);
    for (const f of functions) expect(f.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("runs the V1 callback form and the async form, with the platform's environment and captured logs", async () => {
    const v1 = await invoke(platform, "v1_greeting", { name: "Ada" });
    expect(v1.status).toBe(200);
    expect(v1.body.result).toEqual({ greeting: "Hello Ada", brand: platform.accountId });
    expect(v1.body.logs?.[0]).toMatchObject({ level: "Info", message: "hello" });
    const asyncForm = await invoke(platform, "async_greeting", { name: "Bob" });
    const uuid = platform.functions().find((f) => f.name === "async_greeting")!.uuid;
    expect(asyncForm.body.result).toEqual({ greeting: "Hi Bob", uuid });
  });

  it("serves CSDS for any account, pointing every service back at itself", async () => {
    const csds = (await (await fetch(`${platform.url}/api/account/le42/service/baseURI.json?version=1.0`)).json()) as {
      baseURIs: Array<{ service: string; account: string; baseURI: string }>;
    };
    const msgHist = csds.baseURIs.find((entry) => entry.service === "msgHist");
    expect(msgHist).toEqual({ service: "msgHist", account: "le42", baseURI: platform.url });
  });

  it("round-trips a secret through a function into functions/settings.json", async () => {
    const answer = await invoke(platform, "secret_rotation", { next: "nEw.oaUtH2-tOKeN!!11!" });
    expect(answer.body.result).toEqual({ before: "old-value", after: "nEw.oaUtH2-tOKeN!!11!" });
    const settings = JSON.parse(readFileSync(join(project.dir, "functions", "settings.json"), "utf8")) as { secrets: Array<{ key: string; value: unknown }> };
    expect(settings.secrets).toEqual([
      { key: "my_Secret-Key", value: "nEw.oaUtH2-tOKeN!!11!" },
      { key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY },
    ]);
  });

  it("applies an allowlist change to the next invocation", async () => {
    const refused = await invoke(platform, "http_fetch", { url: `${targetUrl}/a` });
    expect(refused.body.result).toMatchObject({ ok: false, code: "com.liveperson.faas.egress.host-refused" });
    expect((refused.body.result as { message: string }).message).toContain("Socket is closed");
    const added = await adminFetch(platform, `/_platform/allowlist`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ entry: "127.0.0.2" }),
    });
    expect(added.status).toBe(201);
    const allowed = await invoke(platform, "http_fetch", { url: `${targetUrl}/b` });
    expect(allowed.body.result).toEqual({ ok: true, body: { reached: "/b" } });
  });

  it("fails a throwing, a hanging and an exiting function on their own, and keeps serving", async () => {
    const thrown = await invoke(platform, "throws");
    expect(thrown.body.error).toMatchObject({ code: "com.liveperson.faas.handler.custom-failure", message: expect.stringContaining("custom failure") });
    const [hung, exited, fine] = await Promise.all([invoke(platform, "hangs"), invoke(platform, "exits"), invoke(platform, "async_greeting", { name: "C" })]);
    expect(hung.body.error?.code).toBe("com.liveperson.faas.handler.executiontime-exceeded");
    expect(exited.body.error?.code).toBe("com.liveperson.faas.handler.runtime-exception");
    expect(fine.body.result).toMatchObject({ greeting: "Hi C" });
    expect((await invoke(platform, "exits")).body.error?.code).toBe("com.liveperson.faas.handler.runtime-exception");
  });

  it("invokes by uuid through the faasGW gateway, 901 on a failed invocation", async () => {
    const byName = Object.fromEntries(platform.functions().map((f) => [f.name, f.uuid]));
    const ok = await gatewayInvoke(platform, gatewayPath(platform, byName.async_greeting!), {
      body: { timestamp: Date.now(), headers: [], payload: { name: "Gw" } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ greeting: "Hi Gw" });
    const failed = await gatewayInvoke(platform, gatewayPath(platform, byName.throws!, "?v=1"), { rawBody: "{}" });
    expect(failed.status).toBe(901);
    expect(failed.body).toMatchObject({ errorCode: "com.liveperson.faas.handler.custom-failure" });
    const missing = await gatewayInvoke(platform, "/api/account/1/lambdas/00000000-0000-0000-0000-000000000000/invoke", { rawBody: "{}" });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: "com.liveperson.faas.es.missinglambda" });
  });

  it("answers bad input with JSON errors and stable codes, never a 500", async () => {
    const cases: Array<[string, RequestInit, number, string]> = [
      ["/_platform/functions/nope/invoke", { method: "POST", body: "{}" }, 404, "com.liveperson.faas.es.missinglambda"],
      ["/_platform/functions/async_greeting/invoke", { method: "POST", body: "{not json" }, 400, "com.liveperson.faas.es.badinput"],
      [
        "/_platform/functions/async_greeting/invoke",
        { method: "POST", body: JSON.stringify({ payload: "x".repeat(1_100_000) }) },
        413,
        "com.liveperson.faas.platform.payload-too-large",
      ],
      ["/_platform/functions/async_greeting/invoke", { method: "POST", body: JSON.stringify({ headers: "x" }) }, 400, "com.liveperson.faas.es.badinput"],
      ["/no/such/route", { method: "GET" }, 404, "com.liveperson.faas.platform.not-found"],
      ["/_platform/functions", { method: "DELETE" }, 405, "com.liveperson.faas.platform.method-not-allowed"],
      ["/_platform/secrets/missing", { method: "GET" }, 404, "com.liveperson.faas.secret.not-found"],
      ["/_platform/invocations?limit=lots", { method: "GET" }, 400, "com.liveperson.faas.es.badinput"],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await adminFetch(platform, path, init);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(((await response.json()) as { code: string }).code).toBe(code);
    }
  });

  it("records every invocation with its logs in SQLite", async () => {
    const answer = await invoke(platform, "v1_greeting", { name: "Log" });
    const record = (await (await adminFetch(platform, `/_platform/invocations/${answer.body.invocationId}`)).json()) as Record<string, unknown>;
    expect(record).toMatchObject({ id: answer.body.invocationId, functionName: "v1_greeting", status: "succeeded", source: "platform" });
    expect(record.logs).toEqual([expect.objectContaining({ level: "Info", message: "hello" })]);
    const failures = (await (await adminFetch(platform, `/_platform/invocations?function=throws`)).json()) as Array<{
      status: string;
      error: { code: string };
    }>;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatchObject({ status: "failed", error: { code: "com.liveperson.faas.handler.custom-failure" } });
  });

  it("serves concurrent invocations", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => invoke(platform, "async_greeting", { name: `n${i}` })));
    expect(answers.map((a) => (a.body.result as { greeting: string }).greeting)).toEqual(Array.from({ length: 8 }, (_, i) => `Hi n${i}`));
  });

  it("reloads a changed function without a restart", async () => {
    expect((await invoke(platform, "reloadable")).body.result).toBe("version 1");
    writeFileSync(join(project.dir, "functions", "reloadable", "index.js"), `module.exports.lambda = async () => "version 2";\n`);
    let result: unknown;
    for (let attempt = 0; attempt < 40 && result !== "version 2"; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      result = (await invoke(platform, "reloadable")).body.result;
    }
    expect(result).toBe("version 2");
  });
});
