/**
 * OAuth 2.0 end to end: Sentinel's token endpoints on a real platform (port 0,
 * temp project, injected clock) and the bearer tokens they issue against the
 * gateway (uuid and event paths), Messaging Interactions and Engagement
 * Attributes — next to OAuth 1.0a, which keeps working.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform, type RunningPlatform } from "../src/platform";
import { scaffoldProject } from "../src/project/scaffold";
import { openSettingsStore } from "../src/project/settings-store";
import { gatewayPath, oauthAuthorization, start, tempProject, TEST_ORCHESTRATOR_KEY, type TempProject } from "./helpers";

const CLIENT = { client_id: "e2e-client-id", client_secret: "e2e client secret/&=" };
const LIFETIME_S = 3600;

let project: TempProject;
let platform: RunningPlatform;
let uuid: string;
/** The platform's clock, frozen so a test moves it to the millisecond. */
const START_MS = Date.now();
let clockMs = START_MS;

beforeAll(async () => {
  project = tempProject();
  project.addFunction("echo", "function lambda(input, callback) { callback(null, { echoed: input.payload }); }");
  project.writeSettings({
    secrets: [
      { key: "LIVEPERSON_DEFAULT_APP_KEY", value: CLIENT },
      { key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY },
    ],
    whitelist: [],
  });
  platform = await start(project, { now: () => clockMs });
  uuid = platform.functions().find((fn) => fn.name === "echo")!.uuid;
}, 60_000);

afterAll(async () => {
  await platform?.close();
  project?.remove();
});

const v2TokenPath = () => `/sentinel/api/v2/account/${platform.accountId}/app/token?v=2.0`;
const externalTokenPath = () => `/sentinel/api/account/${platform.accountId}/app/token?v=2.0`;

async function requestToken(
  form: Record<string, string> = { ...CLIENT, grant_type: "client_credentials" },
  options: { path?: string; contentType?: string } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${platform.url}${options.path ?? v2TokenPath()}`, {
    method: "POST",
    headers: { "content-type": options.contentType ?? "application/x-www-form-urlencoded", "x-request-id": "e2e" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function newToken(): Promise<string> {
  const answer = await requestToken();
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

describe("Sentinel token endpoint", () => {
  it("issues a Bearer token for the project's client credentials, on both paths", async () => {
    for (const path of [v2TokenPath(), externalTokenPath()]) {
      const answer = await requestToken(undefined, { path });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ access_token: expect.stringMatching(/^[\w-]{43}$/), token_type: "Bearer", expires_in: String(LIFETIME_S) });
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    expect(await newToken()).not.toBe(await newToken());
  });

  it("takes the secret as a JSON string too", async () => {
    project.writeSettings({ secrets: [{ key: "LIVEPERSON_DEFAULT_APP_KEY", value: JSON.stringify(CLIENT) }], whitelist: [] });
    try {
      expect((await requestToken()).status).toBe(200);
    } finally {
      project.writeSettings({
        secrets: [
          { key: "LIVEPERSON_DEFAULT_APP_KEY", value: CLIENT },
          { key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY },
        ],
        whitelist: [],
      });
    }
  });

  it("answers 401 invalid_client for a wrong secret or id, without echoing either", async () => {
    for (const form of [
      { ...CLIENT, client_secret: "guessed-secret", grant_type: "client_credentials" },
      { ...CLIENT, client_id: "guessed-id", grant_type: "client_credentials" },
    ]) {
      const answer = await requestToken(form);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: "invalid_client", error_description: expect.any(String) });
      expect(JSON.stringify(answer.body)).not.toMatch(/guessed|e2e client secret/);
    }
  });

  it("answers 400 unsupported_grant_type for another grant", async () => {
    const answer = await requestToken({ ...CLIENT, grant_type: "password" });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: "unsupported_grant_type", error_description: expect.stringContaining("client_credentials") });
  });

  it("answers 400 invalid_request for a JSON body or a missing parameter", async () => {
    const json = await requestToken(undefined, { contentType: "application/json" });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe("invalid_request");
    const missing = await requestToken({ client_id: CLIENT.client_id, grant_type: "client_credentials" });
    expect(missing).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: expect.stringContaining("client_secret") } });
  });

  it("answers 401 invalid_client when the project has no LIVEPERSON_DEFAULT_APP_KEY", async () => {
    project.writeSettings({ secrets: [], whitelist: [] });
    try {
      const answer = await requestToken();
      expect(answer).toMatchObject({
        status: 401,
        body: { error: "invalid_client", error_description: expect.stringContaining("LIVEPERSON_DEFAULT_APP_KEY") },
      });
    } finally {
      project.writeSettings({
        secrets: [
          { key: "LIVEPERSON_DEFAULT_APP_KEY", value: CLIENT },
          { key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY },
        ],
        whitelist: [],
      });
    }
  });
});

/** The three APIs, called with `authorization` (undefined: none). */
const APIS: Record<string, (authorization: string | undefined) => Promise<Response>> = {
  "the gateway's uuid path": (authorization) =>
    fetch(`${platform.url}${gatewayPath(platform, uuid)}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization && { authorization }) },
      body: JSON.stringify({ timestamp: Date.now(), headers: [], payload: { hello: "bearer" } }),
    }),
  "the gateway's event path": (authorization) =>
    fetch(`${platform.url}/api/account/${platform.accountId}/events/conversational_command/isImplemented?v=1&externalSystem=test`, {
      headers: authorization ? { authorization } : {},
    }),
  "Messaging Interactions": (authorization) =>
    fetch(`${platform.url}/messaging_history/api/account/${platform.accountId}/conversations/conversation/search?v=2`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization && { authorization }) },
      body: JSON.stringify({ conversationId: "00000000-0000-4000-8000-000000000000" }),
    }),
  "Engagement Attributes": (authorization) =>
    fetch(`${platform.url}/api/account/${platform.accountId}/monitoring/visitors/v1/visits/current/events?v=1&sid=s1`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...(authorization && { authorization }) },
      body: JSON.stringify([{ type: "ctmrinfo", info: { customerId: "c1" } }]),
    }),
};

const invalidTokenChallenge = () => `Bearer realm="${platform.url}/", error="invalid_token"`;

describe.each(Object.keys(APIS))("bearer tokens on %s", (api) => {
  const call = APIS[api]!;

  it("accepts a valid token", async () => {
    const response = await call(`Bearer ${await newToken()}`);
    expect(response.status).toBe(200);
  });

  it("refuses a missing, unknown or malformed token with a Bearer challenge", async () => {
    for (const authorization of ["Bearer", "Bearer ", "Bearer not-a-token-we-issued", "Bearer bad token"]) {
      const response = await call(authorization);
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(invalidTokenChallenge());
    }
  });

  it("refuses a token once it has expired on the platform's clock", async () => {
    const token = await newToken();
    try {
      clockMs = START_MS + LIFETIME_S * 1000 - 1;
      expect((await call(`Bearer ${token}`)).status).toBe(200);
      clockMs = START_MS + LIFETIME_S * 1000;
      const response = await call(`Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(invalidTokenChallenge());
    } finally {
      clockMs = START_MS;
    }
  });

  it("still accepts OAuth 1.0a, and answers no Authorization with the OAuth challenge", async () => {
    const request = (await call(undefined)).url;
    const method = api === "Engagement Attributes" ? "PUT" : api === "the gateway's event path" ? "GET" : "POST";
    expect((await call(oauthAuthorization(method, request))).status).toBe(200);
    const unsigned = await call(undefined);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get("www-authenticate")).toMatch(/^OAuth realm=".*", oauth_problem="parameter_rejected"$/);
  });
});

describe("a project lp-faas init wrote", () => {
  it("gets a token for its own LIVEPERSON_DEFAULT_APP_KEY, and that token opens the gateway", async () => {
    const base = mkdtempSync(join(tmpdir(), "lp-faas-sentinel-"));
    const dir = join(base, "project");
    scaffoldProject(dir);
    const credentials = openSettingsStore(dir)
      .read()
      .secrets.find((secret) => secret.key === "LIVEPERSON_DEFAULT_APP_KEY")?.value as Record<string, string>;
    expect(credentials).toEqual({ client_id: expect.any(String), client_secret: expect.any(String) });
    const scaffolded = await startPlatform({ projectDir: dir, port: 0, timeoutMs: 10_000, memoryMb: 256 });
    try {
      const response = await fetch(`${scaffolded.url}/sentinel/api/v2/account/${scaffolded.accountId}/app/token?v=2.0`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...credentials, grant_type: "client_credentials" }).toString(),
      });
      expect(response.status).toBe(200);
      const { access_token } = (await response.json()) as { access_token: string };
      const fn = scaffolded.functions().find((candidate) => candidate.name === "greeting")!;
      const invoked = await fetch(`${scaffolded.url}/api/account/${scaffolded.accountId}/lambdas/${fn.uuid}/invoke?v=1&externalSystem=test`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
        body: JSON.stringify({ timestamp: Date.now(), headers: [], payload: {} }),
      });
      expect(invoked.status).toBe(200);
    } finally {
      await scaffolded.close();
      rmSync(base, { recursive: true, force: true });
    }
  }, 30_000);
});
