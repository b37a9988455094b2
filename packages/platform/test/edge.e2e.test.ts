/**
 * The platform's edge (issue 13), end to end on a real platform: no request
 * brings it down (nested, huge and endless bodies on every route family),
 * browsers cannot reach it cross-site (Host, Origin, Content-Type), and only
 * its owner can administer it (the admin token), while what a function may
 * use in the cloud stays open to functions.
 */
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformErrorCodes } from "../src/errors";
import type { RunningPlatform } from "../src/platform";
import {
  adminFetch,
  adminHeaders,
  gatewayInvoke,
  gatewayPath,
  invoke,
  oauthAuthorization,
  start,
  tempProject,
  TEST_ORCHESTRATOR_KEY,
  type TempProject,
} from "./helpers";

const NESTED = `{"payload":${"[".repeat(5000)}${"]".repeat(5000)}}`;
const HUGE = JSON.stringify({ payload: "x".repeat(2 * 1024 * 1024) });

let project: TempProject;
let platform: RunningPlatform;
let contextKey: string;

/** A function that tries every admin route with plain HTTP, and uses its SecretClient. */
const PROBE = `
const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda(input, callback) {
  try {
    const base = process.env.LP_FAAS_PLATFORM_URL;
    const json = { "content-type": "application/json" };
    const calls = [
      ["GET", "/_platform/secrets"],
      ["POST", "/_platform/secrets", { key: "planted", value: 1 }],
      ["DELETE", "/_platform/secrets/lp-faas-default-app-key"],
      ["POST", "/_platform/allowlist", { entry: "evil.example" }],
      ["DELETE", "/_platform/allowlist/api.example.com"],
      ["POST", "/_platform/context/keys", { accountId: "99999999" }],
      ["GET", "/_platform/context/keys"],
      ["GET", "/_platform/functions"],
      ["GET", "/_platform/invocations"],
      ["GET", "/_platform/conversations"],
    ];
    const statuses = {};
    for (const [method, path, body] of calls) {
      const response = await fetch(base + path, { method, headers: json, body: body && JSON.stringify(body) });
      statuses[method + " " + path] = response.status;
    }
    const secrets = Toolbelt.SecretClient();
    const read = await secrets.readSecret("plain");
    await secrets.updateSecret({ key: "plain", value: "updated by a function" });
    const env = JSON.stringify(process.env);
    callback(null, { statuses, read: read.value, tokenInEnv: env.includes(input.payload.token) });
  } catch (error) {
    callback(error);
  }
}`;

beforeAll(async () => {
  project = tempProject();
  project.addFunction("greeting", "function lambda(input, callback) { callback(null, { hello: input.payload }); }");
  project.addFunction("probe", PROBE);
  project.writeSettings({
    secrets: [
      { key: "plain", value: "a value" },
      { key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY },
    ],
    whitelist: ["api.example.com"],
  });
  platform = await start(project);
  contextKey = ((await (await adminFetch(platform, "/_platform/context/keys", { method: "POST", body: "{}" })).json()) as { apiKey: string }).apiKey;
});

afterAll(async () => {
  await platform?.close();
  project?.remove();
});

async function healthy(): Promise<void> {
  expect((await fetch(`${platform.url}/_platform/health`)).status).toBe(200);
}

/** One request with any Host/Origin (fetch refuses to set Host), answered as { status, body }. */
function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: platform.port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The route families, each with what it needs to get as far as reading its body. */
function families(): Array<{ name: string; method: string; path: string; headers: Record<string, string> }> {
  const gateway = gatewayPath(platform, platform.functions().find((fn) => fn.name === "greeting")!.uuid);
  const search = `/messaging_history/api/account/${platform.accountId}/conversations/conversation/search?v=2`;
  const sde = `/api/account/${platform.accountId}/monitoring/visitors/v1/visits/current/events?v=1&sid=s1`;
  const signed = (method: string, path: string) => ({ authorization: oauthAuthorization(method, `${platform.url}${path}`) });
  return [
    { name: "platform API invoke", method: "POST", path: "/_platform/functions/greeting/invoke", headers: {} },
    { name: "platform API echo", method: "POST", path: "/_platform/echo", headers: {} },
    { name: "platform API secret update", method: "PUT", path: "/_platform/secrets/plain", headers: {} },
    { name: "platform API conversations (admin)", method: "POST", path: "/_platform/conversations", headers: adminHeaders(platform) },
    { name: "gateway", method: "POST", path: gateway, headers: signed("POST", gateway) },
    { name: "Messaging Interactions", method: "POST", path: search, headers: signed("POST", search) },
    { name: "Engagement Attributes", method: "PUT", path: sde, headers: signed("PUT", sde) },
    { name: "context store", method: "PATCH", path: `/v1/account/${platform.accountId}/ns1/s1/properties`, headers: { "maven-api-key": contextKey } },
  ];
}

describe("bad input is a 4xx, never a crash", () => {
  it("5,000 nested arrays are a 400 naming the depth limit on every route family", async () => {
    for (const family of families()) {
      const response = await fetch(`${platform.url}${family.path}`, {
        method: family.method,
        headers: { "content-type": "application/json", ...family.headers },
        body: NESTED,
      });
      const text = await response.text();
      expect(response.status, `${family.name}: ${text}`).toBe(400);
      expect(text, family.name).toContain("64 levels");
    }
    await healthy();
    expect((await invoke(platform, "greeting", "still here")).body.result).toEqual({ hello: "still here" });
  });

  it("a body over 1 MiB is a 413 on every route family", async () => {
    for (const family of families()) {
      const response = await fetch(`${platform.url}${family.path}`, {
        method: family.method,
        headers: { "content-type": "application/json", ...family.headers },
        body: HUGE,
      });
      const text = await response.text();
      expect(response.status, `${family.name}: ${text}`).toBe(413);
      expect(text, family.name).toContain("1048576 bytes");
    }
    await healthy();
  });

  it("a chunked upload that passes the limit is answered 413 and its connection closed", async () => {
    const socket = connect(platform.port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    socket.on("error", () => undefined); // the server may reset a connection it closed while we still write
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(`POST /_platform/echo HTTP/1.1\r\nHost: 127.0.0.1:${platform.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = "a".repeat(64 * 1024);
    const writer = setInterval(() => {
      if (!socket.destroyed) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    }, 5);
    await closed;
    clearInterval(writer);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received.toLowerCase()).toContain("connection: close");
    await healthy();
  });

  it("HEAD works wherever GET does, without a body", async () => {
    const head = await fetch(`${platform.url}/_platform/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await adminFetch(platform, "/_platform/functions", { method: "HEAD" })).status).toBe(200);
    expect((await fetch(`${platform.url}/api/account/${platform.accountId}/service/baseURI.json?version=1.0`, { method: "HEAD" })).status).toBe(200);
  });

  it("a function whose config.json is broken is a 422 saying so, not a missing function", async () => {
    project.addFunction("broken", "function lambda(input, callback) { callback(null, 1); }");
    writeFileSync(join(project.dir, "functions", "broken", "config.json"), '{ "name": "broken", ');
    const answer = await invoke(platform, "broken");
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe(PlatformErrorCodes.InvalidProject);
    expect(answer.body.message).toMatch(/^function broken has an invalid config\.json: not valid JSON: unexpected end of the file at line 1/);
  });

  it("malformed HTTP is a 400 and the platform keeps serving", async () => {
    const socket = connect(platform.port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n");
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    await healthy();
  });
});

describe("browser safety", () => {
  it("refuses a Host that is not the platform's own (DNS rebinding)", async () => {
    const answer = await rawRequest("GET", "/_platform/secrets/plain", { host: `attacker.example:${platform.port}` });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ code: "com.liveperson.faas.platform.host-refused", message: expect.stringContaining("Host") });
    expect(answer.body).not.toContain("a value");
    for (const host of [`127.0.0.1:${platform.port}`, `localhost:${platform.port}`, `[::1]:${platform.port}`]) {
      expect((await rawRequest("GET", "/_platform/secrets/plain", { host })).status, host).toBe(200);
    }
    expect((await rawRequest("GET", "/_platform/health", { host: "127.0.0.1" })).status).toBe(403);
  });

  it("refuses a foreign Origin with 403 and accepts its own", async () => {
    const foreign = await fetch(`${platform.url}/_platform/secrets/plain`, { headers: { origin: "https://attacker.example" } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { code: string }).code).toBe("com.liveperson.faas.platform.origin-refused");
    expect((await fetch(`${platform.url}/_platform/health`, { headers: { origin: "null" } })).status).toBe(403);
    expect((await fetch(`${platform.url}/_platform/secrets/plain`, { headers: { origin: `http://localhost:${platform.port}` } })).status).toBe(200);
  });

  it("refuses text/plain and form bodies with 415 on routes that take JSON", async () => {
    const cases: Array<[string, string, Record<string, string>]> = [
      ["POST", "/_platform/functions/greeting/invoke", {}],
      ["PUT", "/_platform/secrets/plain", {}],
      ["POST", "/_platform/allowlist", adminHeaders(platform)],
      ["POST", "/_platform/context/keys", adminHeaders(platform)],
    ];
    for (const [method, path, headers] of cases) {
      for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
        const response = await fetch(`${platform.url}${path}`, { method, headers: { ...headers, "content-type": type }, body: '{"value":"x"}' });
        expect(response.status, `${method} ${path} ${type}`).toBe(415);
        expect(((await response.json()) as { code: string }).code).toBe("com.liveperson.faas.platform.unsupported-media-type");
      }
    }
    expect((await rawRequest("GET", "/_platform/secrets/plain", { host: `127.0.0.1:${platform.port}` })).body).toContain("a value");
  });
});

describe("two kinds of caller", () => {
  const adminRoutes: Array<[string, string, string?]> = [
    ["GET", "/_platform/secrets"],
    ["POST", "/_platform/secrets", '{"key":"made-by-admin","value":1}'],
    ["POST", "/_platform/allowlist", '{"entry":"admin.example.com"}'],
    ["DELETE", "/_platform/allowlist/admin.example.com"],
    ["GET", "/_platform/context/keys"],
    ["POST", "/_platform/context/keys", "{}"],
    ["GET", "/_platform/functions"],
    ["GET", "/_platform/invocations"],
    ["GET", "/_platform/conversations"],
    ["DELETE", "/_platform/secrets/made-by-admin"],
  ];

  it("keeps the token in <project>/.lp-faas/admin-token with mode 600", () => {
    const path = join(project.dir, ".lp-faas", "admin-token");
    expect(readFileSync(path, "utf8").trim()).toBe(platform.adminToken);
    if (process.platform !== "win32") expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("answers admin routes 401 without the token, 403 with a wrong one, 2xx with it", async () => {
    for (const [method, path, body] of adminRoutes) {
      const init = { method, body, headers: { "content-type": "application/json" } };
      const without = await fetch(`${platform.url}${path}`, init);
      expect(without.status, `${method} ${path}`).toBe(401);
      expect(without.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect(((await without.json()) as { code: string }).code).toBe("com.liveperson.faas.platform.admin-unauthenticated");
      const wrong = await fetch(`${platform.url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${"x".repeat(43)}` } });
      expect(wrong.status, `${method} ${path}`).toBe(403);
      const right = await adminFetch(platform, path, { method, body });
      expect(right.status, `${method} ${path}: ${await right.clone().text()}`).toBeGreaterThanOrEqual(200);
      expect(right.status, `${method} ${path}`).toBeLessThan(300);
    }
  });

  it("refuses to delete or overwrite a system secret even for the owner", async () => {
    const deleted = await adminFetch(platform, "/_platform/secrets/lp-faas-orchestrator-app-key", { method: "DELETE" });
    expect(deleted.status).toBe(403);
    expect(((await deleted.json()) as { code: string }).code).toBe(PlatformErrorCodes.SecretForbidden);
    const created = await adminFetch(platform, "/_platform/secrets", { method: "POST", body: JSON.stringify({ key: "lp-faas-default-app-key", value: "x" }) });
    expect(created.status).toBe(403);
  });

  it("gives a function 401 on every admin route while its SecretClient works, and never the token", async () => {
    const answer = await invoke(platform, "probe", { token: platform.adminToken });
    expect(answer.body.error).toBeUndefined();
    const result = answer.body.result as { statuses: Record<string, number>; read: unknown; tokenInEnv: boolean };
    for (const [call, status] of Object.entries(result.statuses)) expect(status, call).toBe(401);
    expect(result.read).toBe("a value");
    expect(result.tokenInEnv).toBe(false);
    expect(((await (await fetch(`${platform.url}/_platform/secrets/plain`)).json()) as { value: unknown }).value).toBe("updated by a function");
    const keys = (await (await adminFetch(platform, "/_platform/context/keys?accountId=99999999")).json()) as unknown[];
    expect(keys).toEqual([]);
  });

  it("keeps the open routes open: health, allowlist read, secret read, invoke, the gateway", async () => {
    expect((await fetch(`${platform.url}/_platform/allowlist`)).status).toBe(200);
    expect((await fetch(`${platform.url}/_platform/secrets/plain`)).status).toBe(200);
    expect((await invoke(platform, "greeting", 1)).status).toBe(200);
    const uuid = platform.functions().find((fn) => fn.name === "greeting")!.uuid;
    expect((await gatewayInvoke(platform, gatewayPath(platform, uuid))).status).toBe(200);
  });
});
