/**
 * The faasGW gateway end to end: a project made by `lp-faas init`
 * (scaffoldProject, so the app keys are the random ones it provisions), a real
 * platform on a random port, requests signed by the `oauth-1.0a` package, and
 * functions that call the gateway themselves with a hand-written OAuth 1.0a
 * signer over the key they read through `Toolbelt.SecretClient()`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scaffoldProject } from "../src/project/scaffold";
import { openSettingsStore } from "../src/project/settings-store";
import { startPlatform, type RunningPlatform } from "../src/platform";
import type { InvocationRecord } from "../src/state/invocations";
import { adminFetch, gatewayInvoke, gatewayPath, invoke, type AppKey } from "./helpers";

let base: string;
let projectDir: string;
let platform: RunningPlatform;
let orchestratorKey: AppKey;
let defaultKey: AppKey;
const uuids: Record<string, string> = {};

/** What `echo` returns: its input and the per-invocation environment. */
const ECHO = `module.exports.lambda = async function lambda(input) {
  return {
    payload: input.payload,
    headers: input.headers,
    depth: process.env.LP_FAAS_ORCHESTRATION_DEPTH,
    invocationId: process.env.LP_FAAS_INVOCATION_ID,
  };
};
`;

/**
 * Calls the gateway from inside a function: OAuth 1.0a HMAC-SHA1 by hand over
 * the orchestrator app key, depth + 1 and its own invocation id as the parent.
 * \`payload.target\` is the uuid to call; \`payload.self\` makes it call itself.
 */
const CALLER = `const http = require("node:http");
const crypto = require("node:crypto");
const { Toolbelt } = require("lp-faas-toolbelt");

const enc = (v) => encodeURIComponent(String(v)).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

function authorization(method, url, key) {
  const u = new URL(url);
  const oauth = {
    oauth_consumer_key: key.consumerKey,
    oauth_nonce: crypto.randomBytes(16).toString("hex"),
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
    oauth_token: key.token,
    oauth_version: "1.0",
  };
  const params = [...u.searchParams, ...Object.entries(oauth)]
    .map(([k, v]) => [enc(k), enc(v)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const baseString = [method, enc(u.origin + u.pathname), enc(params.map(([k, v]) => k + "=" + v).join("&"))].join("&");
  oauth.oauth_signature = crypto.createHmac("sha1", enc(key.consumerSecret) + "&" + enc(key.tokenSecret)).update(baseString).digest("base64");
  return "OAuth " + Object.entries(oauth).map(([k, v]) => k + '="' + enc(v) + '"').join(", ");
}

function post(url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: text === "" ? null : JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

module.exports.lambda = async function lambda(input) {
  const secret = await Toolbelt.SecretClient().readSecret("lp-faas-orchestrator-app-key");
  const key = typeof secret.value === "string" ? JSON.parse(secret.value) : secret.value;
  const myId = process.env.LP_FAAS_INVOCATION_ID;
  const myDepth = Number(process.env.LP_FAAS_ORCHESTRATION_DEPTH);
  const target = input.payload.self ? process.env.LAMBDA_UUID : input.payload.target;
  const url = process.env.LP_FAAS_PLATFORM_URL + "/api/account/" + process.env.BRAND_ID + "/lambdas/" + target + "/invoke?v=1&externalSystem=" + enc(target + "_caller");
  const answer = await post(
    url,
    {
      authorization: authorization("POST", url, key),
      "x-lp-faas-orchestration-depth": String(myDepth + 1),
      "x-lp-faas-parent-invocation-id": myId,
    },
    JSON.stringify({ timestamp: Date.now(), payload: input.payload.self ? { self: true } : { from: "caller" }, headers: [{ key: "x-hop", value: String(myDepth + 1) }] }),
  );
  return { myId, myDepth, status: answer.status, body: answer.body };
};
`;

async function log(query = ""): Promise<InvocationRecord[]> {
  const response = await adminFetch(platform, `/_platform/invocations${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as InvocationRecord[];
}

const allInvocations = () => log("?limit=1000");

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "lp-faas-gateway-"));
  projectDir = join(base, "project");
  scaffoldProject(projectDir);
  for (const [name, source] of [
    ["echo", ECHO],
    ["caller", CALLER],
  ] as const) {
    mkdirSync(join(projectDir, "functions", name));
    writeFileSync(join(projectDir, "functions", name, "index.js"), source);
    writeFileSync(
      join(projectDir, "functions", name, "config.json"),
      JSON.stringify({ name, event: null, description: name, input: { headers: [], payload: {} }, environmentVariables: [] }, null, 4),
    );
  }
  const secrets = openSettingsStore(projectDir).read().secrets;
  orchestratorKey = secrets.find((s) => s.key === "lp-faas-orchestrator-app-key")!.value as AppKey;
  defaultKey = secrets.find((s) => s.key === "lp-faas-default-app-key")!.value as AppKey;
  platform = await startPlatform({ projectDir, port: 0, timeoutMs: 10_000, memoryMb: 256 });
  for (const fn of platform.functions()) uuids[fn.name] = fn.uuid;
}, 60_000);

afterAll(async () => {
  await platform?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe("gateway auth (OAuth 1.0a against the project's app keys)", () => {
  it("runs a call signed with the provisioned orchestrator key: the result is the body, the headers array is the function's", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), {
      key: orchestratorKey,
      body: { timestamp: Date.now(), payload: { n: 1 }, headers: [{ key: "X-Custom", value: "v" }] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      payload: { n: 1 },
      headers: [{ key: "X-Custom", value: "v" }],
      depth: "0",
      invocationId: answer.headers.get("x-request-id"),
    });
    const record = (await log(`/${answer.headers.get("x-request-id")}`)) as unknown as InvocationRecord;
    expect(record).toMatchObject({ functionName: "echo", source: "gateway", status: "succeeded", depth: 0 });
    expect(record.parentId).toBeUndefined();
  });

  it("accepts any app key among the secrets (the default one too)", async () => {
    expect((await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), { key: defaultKey })).status).toBe(200);
  });

  it("answers 401 { errorCode, errorMsg } to unsigned, unknown-key and wrongly signed calls, and runs nothing", async () => {
    const before = (await allInvocations()).length;
    const unsigned = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), { key: null });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).toEqual({ errorCode: "com.liveperson.faas.es.unauthorized", errorMsg: expect.stringContaining("Authorization") });
    expect(unsigned.headers.get("www-authenticate")).toMatch(/^OAuth realm="http:\/\/127\.0\.0\.1:\d+\/", oauth_problem="parameter_rejected"$/);

    const unknown = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), { key: { ...orchestratorKey, consumerKey: "nobody" } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.errorCode).toBe("com.liveperson.faas.es.unauthorized");
    expect(unknown.headers.get("www-authenticate")).toContain('oauth_problem="consumer_key_unknown"');

    const wrongSecret = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), { key: { ...orchestratorKey, consumerSecret: "guessed" } });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.headers.get("www-authenticate")).toContain('oauth_problem="signature_invalid"');

    // Unauthenticated callers learn nothing about uuids either.
    const missing = await gatewayInvoke(platform, gatewayPath(platform, "00000000-0000-0000-0000-000000000000"), { key: null });
    expect(missing.status).toBe(401);
    expect((await allInvocations()).length).toBe(before);
  });
});

describe("orchestration depth and parent", () => {
  it("passes the depth header to the function as LP_FAAS_ORCHESTRATION_DEPTH and records it", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), {
      headers: { "X-LP-FaaS-Orchestration-Depth": "7" },
      key: orchestratorKey,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.depth).toBe("7");
    expect(((await log(`/${answer.body.invocationId}`)) as unknown as InvocationRecord).depth).toBe(7);
    // The limit itself still runs.
    const atLimit = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), {
      headers: { "x-lp-faas-orchestration-depth": "10" },
      key: orchestratorKey,
    });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.depth).toBe("10");
    // The platform API runs at depth 0 with the platform's invocation id.
    const direct = await invoke(platform, "echo", { via: "platform" });
    expect(direct.body.result).toMatchObject({ depth: "0", invocationId: direct.body.invocationId });
  });

  it("refuses depth 11 with 508 Loop Detected and runs nothing", async () => {
    const before = await allInvocations();
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), {
      headers: { "x-lp-faas-orchestration-depth": "11" },
      key: orchestratorKey,
    });
    expect(answer.status).toBe(508);
    expect(answer.body).toEqual({ errorCode: "com.liveperson.faas.orchestrator-fn.loop-detected", errorMsg: expect.stringContaining("depth 11") });
    expect(await allInvocations()).toEqual(before);
  });

  it.each([["abc"], ["-1"], ["1.5"], [""], ["9999999"]])("answers 400 badinput to the depth header %j", async (depth) => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), {
      headers: { "x-lp-faas-orchestration-depth": depth },
      key: orchestratorKey,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ errorCode: "com.liveperson.faas.es.badinput", errorMsg: expect.stringContaining("x-lp-faas-orchestration-depth") });
  });

  it("answers 400 to a malformed parent header", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.echo!), {
      headers: { "x-lp-faas-parent-invocation-id": "not an id!" },
      key: orchestratorKey,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errorCode).toBe("com.liveperson.faas.es.badinput");
  });

  it("records a function's own gateway call as a child: parentId = the caller's invocation id, depth + 1", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.caller!), {
      key: orchestratorKey,
      body: { payload: { target: uuids.echo }, headers: [] },
    });
    expect(answer.status).toBe(200);
    const parentId = answer.headers.get("x-request-id")!;
    expect(answer.body).toMatchObject({ myId: parentId, myDepth: 0, status: 200 });
    expect(answer.body.body).toMatchObject({ payload: { from: "caller" }, headers: [{ key: "x-hop", value: "1" }], depth: "1" });
    const childId = answer.body.body.invocationId as string;

    const children = await log(`?parent=${parentId}`);
    expect(children.map((c) => c.id)).toEqual([childId]);
    expect(children[0]).toMatchObject({ functionName: "echo", source: "gateway", status: "succeeded", parentId, depth: 1 });
    // The parent is a real invocation of the log, and has no parent itself.
    const parent = (await log(`/${parentId}`)) as unknown as InvocationRecord;
    expect(parent).toMatchObject({ id: parentId, functionName: "caller", depth: 0 });
    expect(parent.parentId).toBeUndefined();
    expect(await log("?parent=00000000-0000-0000-0000-000000000000")).toEqual([]);
    // Both filters together.
    expect((await log(`?parent=${parentId}&function=caller`)).length).toBe(0);
    expect((await log(`?parent=${parentId}&function=echo`)).length).toBe(1);
  });

  it("stops a function calling itself at depth 11: depth 10 runs, its call answers 508", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.caller!), {
      key: orchestratorKey,
      headers: { "x-lp-faas-orchestration-depth": "9" },
      body: { payload: { self: true }, headers: [] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ myDepth: 9, status: 200 });
    const atTen = answer.body.body;
    expect(atTen).toMatchObject({ myDepth: 10, status: 508, body: { errorCode: "com.liveperson.faas.orchestrator-fn.loop-detected" } });
    const [child] = await log(`?parent=${answer.body.myId}`);
    expect(child).toMatchObject({ id: atTen.myId, functionName: "caller", depth: 10, parentId: answer.body.myId });
    expect(await log(`?parent=${atTen.myId}`)).toEqual([]);
  }, 30_000);
});

describe("results and paths", () => {
  it("answers 901 { errorCode, errorMsg, errorLogs } for a failed invocation", async () => {
    // payload null: caller's async lambda reads input.payload.self and rejects (a custom failure).
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuids.caller!), { key: orchestratorKey, body: { payload: null, headers: [] } });
    expect(answer.status).toBe(901);
    expect(answer.body).toEqual({ errorCode: "com.liveperson.faas.handler.custom-failure", errorMsg: expect.any(String), errorLogs: [] });
  });

  it("answers 404 missinglambda to an unknown uuid (signed)", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, "00000000-0000-0000-0000-000000000000"), { key: orchestratorKey });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ errorCode: "com.liveperson.faas.es.missinglambda", errorMsg: expect.stringContaining("00000000") });
  });

  it("accepts the V2 path /functions/{uuid}/invoke, with V2 error bodies { code, message }", async () => {
    const ok = await gatewayInvoke(platform, `/api/account/${platform.accountId}/functions/${uuids.echo}/invoke`, {
      key: orchestratorKey,
      body: { payload: { v: 2 }, headers: [] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.payload).toEqual({ v: 2 });
    const missing = await gatewayInvoke(platform, `/api/account/${platform.accountId}/functions/00000000-0000-0000-0000-000000000000/invoke`, {
      key: orchestratorKey,
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: "com.liveperson.faas.function.not-found", message: expect.any(String) });
    const unsigned = await gatewayInvoke(platform, `/api/account/${platform.accountId}/functions/${uuids.echo}/invoke`, { key: null });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).toEqual({ code: "com.liveperson.faas.es.unauthorized", message: expect.any(String) });
  });
});
