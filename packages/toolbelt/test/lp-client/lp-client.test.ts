/**
 * LpClient against a fake LivePerson on 127.0.0.1 whose OAuth 1.0a verifier is
 * an independent RFC 5849 implementation (fake-liveperson.ts): every request
 * below is accepted only if the toolbelt's signature is right.
 */
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { deepFreeze } from "../helpers/objects";
import { configure, resetConfig } from "../../src/config/resolve-config";
import type { ToolbeltSettings } from "../../src/config/types";
import { LpServices } from "../../src/enums/lp-services";
import { ErrorCodes } from "../../src/errors/codes";
import { RequestError, StatusCodeError } from "../../src/errors/request-errors";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import type { FullResponse } from "../../src/http/types";
import { Toolbelt } from "../../src/toolbelt";
import { startServer, type TestServer } from "../helpers/servers";
import { testPki } from "../helpers/tls";
import { parseOAuthHeader, rejection, startFakeLivePerson, type ApiKey, type FakeLivePerson } from "./fake-liveperson";

const ACCOUNT = "le12345678";
const KEY: ApiKey = { consumerKey: "ck-1234", consumerSecret: "cs-S3CRET-one", token: "tk-5678", tokenSecret: "ts-S3CRET-two" };
const KEY2: ApiKey = { consumerKey: "ck-rotated", consumerSecret: "cs-S3CRET-new", token: "tk-rotated", tokenSecret: "ts-S3CRET-new" };
const SECRET_TEXTS = [KEY.consumerSecret, KEY.tokenSecret, KEY2.consumerSecret, KEY2.tokenSecret, "oauth_signature"];

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  resetConfig();
  delete process.env.BRAND_ID;
  while (servers.length) await servers.pop()!.close();
});

async function fakeLp(options: Partial<Parameters<typeof startFakeLivePerson>[0]> = {}): Promise<FakeLivePerson> {
  const lp = await startFakeLivePerson({ account: ACCOUNT, keys: [KEY], ...options });
  servers.push(lp);
  return lp;
}

function setup(lp: FakeLivePerson, settings: ToolbeltSettings = {}): void {
  resetConfig();
  configure({ brandId: ACCOUNT, csdsDomain: lp.url, rateLimit: false, secrets: { "lp-faas-default-app-key": KEY }, ...settings });
}

function views(error: unknown): string {
  const e = error as Error & { options?: unknown };
  return [String(e), e.message, e.stack, JSON.stringify(e), inspect(e, { depth: 20, showHidden: true }), JSON.stringify(e.options ?? null)].join("\n");
}

function expectNoSecrets(error: unknown): void {
  const text = views(error);
  for (const secret of SECRET_TEXTS) expect(text).not.toContain(secret);
}

describe("LpClient: discovery, signing, HTTPClient semantics", () => {
  it("GETs by default with the default API key, and resolves the parsed body with json: true", async () => {
    const lp = await fakeLp();
    setup(lp);
    const body = await Toolbelt.LpClient()(LpServices.ACCOUNT_CONFIG_READ_ONLY, `/api/account/${ACCOUNT}/configuration/le-users/skills?v=4.0`, { json: true });
    expect(body).toEqual({ method: "GET", target: `/api/account/${ACCOUNT}/configuration/le-users/skills?v=4.0`, body: "" });
    const [request] = lp.apiRequests;
    expect(request!.verdict.ok).toBe(true);
    const params = parseOAuthHeader(request!.authorization)!;
    expect(params.get("oauth_consumer_key")).toBe(KEY.consumerKey);
    expect(params.get("oauth_token")).toBe(KEY.token);
    expect(params.get("oauth_signature_method")).toBe("HMAC-SHA1");
    expect(params.get("oauth_version")).toBe("1.0");
    expect(request!.authorization).toMatch(/^OAuth oauth_consumer_key="/);
  });

  it("POSTs a JSON body (not signed) and signs every query parameter, also qs and awkward ones", async () => {
    const lp = await fakeLp();
    setup(lp);
    const lpClient = Toolbelt.LpClient();
    const full = await lpClient<FullResponse>("msgHist", "/search?v=2&q=a+b%20c&empty=&list=2&list=1&odd=%2A!'()&unicode=%C3%A9", {
      method: "POST",
      body: { conversationId: "abc", n: 1 },
      json: true,
      qs: { extra: "x y", arr: [1, 2], constructor: "c" },
      resolveWithFullResponse: true,
    });
    expect(full.statusCode).toBe(200);
    expect(lp.apiRequests).toHaveLength(1);
    expect(lp.apiRequests[0]!.verdict).toMatchObject({ ok: true });
    expect(JSON.parse(lp.apiRequests[0]!.body)).toEqual({ conversationId: "abc", n: 1 });
    expect(lp.apiRequests[0]!.headers["content-type"]).toBe("application/json");
    expect(lp.apiRequests[0]!.target).toContain("extra=x%20y");
  });

  it("signs the parameters of a form body (RFC 5849 §3.4.1.3.1) and every method", async () => {
    const lp = await fakeLp();
    setup(lp);
    const lpClient = Toolbelt.LpClient();
    await lpClient("smt", "/form?v=1", { method: "POST", form: { a: "x y", b: "ü&=", v: "2" } });
    for (const method of ["PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get"]) await lpClient("smt", "/m", { method });
    expect(lp.apiRequests.map((r) => r.verdict.ok)).toEqual(Array(7).fill(true));
  });

  it("runs the seed's LpClient example: POST with json and a custom appKeySecretName, account from BRAND_ID", async () => {
    const lp = await fakeLp({
      api: (call) => {
        const { conversationId } = JSON.parse(call.req.body.toString("utf8")) as { conversationId: string };
        call.json(200, { _metadata: { count: 1 }, conversationHistoryRecords: [{ info: { conversationId } }], signedBy: call.key.consumerKey });
      },
    });
    process.env.BRAND_ID = ACCOUNT;
    resetConfig();
    // Only the Domain API and the secret are configured: the account comes from the environment.
    configure({ csdsDomain: lp.url, rateLimit: false, secrets: { "my-custom-secret-name": JSON.stringify(KEY) } });
    const conversationId = "c944f008-4761-4f43-9536-6948017eace5";

    // --- the seed's example, verbatim apart from awaiting the promise ---
    const lpClient = Toolbelt.LpClient();
    const options = {
      method: "POST",
      body: {
        conversationId,
      },
      json: true,
      appKeySecretName: "my-custom-secret-name",
    };
    const response = await lpClient(
      LpServices.MSG_HIST, // LP service name
      `/messaging_history/api/account/${process.env.BRAND_ID}/conversations/conversation/search`, // endpoint of the service
      options, // options
    );
    // ---

    expect(response).toEqual({ _metadata: { count: 1 }, conversationHistoryRecords: [{ info: { conversationId } }], signedBy: KEY.consumerKey });
    expect(lp.apiRequests[0]).toMatchObject({ method: "POST", target: `/messaging_history/api/account/${ACCOUNT}/conversations/conversation/search` });
    expect(lp.apiRequests[0]!.verdict.ok).toBe(true);
    // The caller's options are left as they were (appKeySecretName included).
    expect(options).toEqual({ method: "POST", body: { conversationId }, json: true, appKeySecretName: "my-custom-secret-name" });
  });

  it("reaches a bare-host baseURI over https:// (TLS options pass through to HTTPClient)", async () => {
    const api = await startFakeLivePerson({ account: ACCOUNT, keys: [KEY], tls: true });
    servers.push(api);
    const csds = await fakeLp({ baseUri: () => `127.0.0.1:${api.server.port}` });
    setup(csds);
    const body = await Toolbelt.LpClient()("msgHist", "/tls?x=1", { json: true, ca: testPki().ca });
    expect(body).toMatchObject({ method: "GET", target: "/tls?x=1" });
    expect(api.apiRequests[0]!.verdict.ok).toBe(true);
    expect(csds.apiRequests).toHaveLength(0);
  });

  it("rejects non-2xx like HTTPClient (StatusCodeError), or resolves them with simple: false", async () => {
    const lp = await fakeLp({ api: (call) => call.json(404, { error: "nope" }) });
    setup(lp);
    const lpClient = Toolbelt.LpClient();
    const error = await rejection(lpClient("msgHist", "/missing", { json: true }));
    expect(error).toBeInstanceOf(StatusCodeError);
    expect(error).toMatchObject({ statusCode: 404, error: { error: "nope" } });
    expectNoSecrets(error);
    const full = await lpClient<FullResponse>("msgHist", "/missing", { json: true, simple: false, resolveWithFullResponse: true });
    expect(full.statusCode).toBe(404);
    expect(JSON.stringify(full.request.headers)).not.toContain("oauth_signature");
  });

  it("never changes the caller's options or headers, and replaces a caller Authorization header", async () => {
    const lp = await fakeLp();
    setup(lp);
    const options = deepFreeze({
      method: "PUT",
      headers: { "X-Custom": "1", authorization: "Bearer caller" },
      body: { a: 1 },
      json: true,
      appKeySecretName: "lp-faas-default-app-key",
    });
    await Toolbelt.LpClient()("smt", "/put", options);
    expect(lp.apiRequests[0]!.verdict.ok).toBe(true);
    expect(lp.apiRequests[0]!.headers["x-custom"]).toBe("1");
    expect(lp.apiRequests[0]!.authorization).toMatch(/^OAuth /);
  });

  it("sends no Authorization to another origin after a redirect", async () => {
    const elsewhere: TestServer = await startServer();
    servers.push(elsewhere);
    const lp = await fakeLp({
      api: (call) => {
        call.res.statusCode = 302;
        call.res.setHeader("location", call.path === "/same" ? "/landing" : `${elsewhere.url.replace("127.0.0.1", "localhost")}/other`);
        call.res.end();
      },
    });
    setup(lp);
    const lpClient = Toolbelt.LpClient();
    await lpClient("msgHist", "/away");
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]!.headers.authorization).toBeUndefined();
    // A same-origin redirect is signed again for its own URL (the verifier accepts both hops).
    await rejection(lpClient("msgHist", "/same", { followRedirect: false }));
    const hops = lp.apiRequests.map((r) => r.verdict.ok);
    expect(hops.every(Boolean)).toBe(true);
  });

  it("goes through the egress policy: a service host off the allowlist is refused before any socket", async () => {
    const lp = await fakeLp({ baseUri: (_service, url) => url.replace("127.0.0.1", "localhost") });
    setup(lp, { allowlist: ["api.example.com"] });
    const error = await rejection(Toolbelt.LpClient()("msgHist", "/x"));
    expect(error).toBeInstanceOf(RequestError);
    expect((error.cause as ToolbeltError).code).toBe(ErrorCodes.Egress.HostRefused);
    expect(lp.apiRequests).toHaveLength(0);
    expect(lp.csdsRequests).toBe(1);
  });
});

describe("LpClient: credentials", () => {
  it("accepts the API key as a JSON secret object or as a JSON string", async () => {
    const lp = await fakeLp();
    setup(lp, { secrets: { "lp-faas-default-app-key": KEY, "as-string": JSON.stringify(KEY) } });
    const lpClient = Toolbelt.LpClient();
    await lpClient("msgHist", "/a");
    await lpClient("msgHist", "/b", { appKeySecretName: "as-string" });
    expect(lp.apiRequests.map((r) => r.verdict.ok)).toEqual([true, true]);
  });

  it("passes the secret's own not-found error through", async () => {
    const lp = await fakeLp();
    setup(lp, { secrets: {} });
    const error = await rejection(Toolbelt.LpClient()("msgHist", "/a", { appKeySecretName: "no-such-secret" }));
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({ component: "SecretClient", code: ErrorCodes.Secret.NotFound });
    expect((await rejection(Toolbelt.LpClient()("msgHist", "/a"))).code).toBe(ErrorCodes.Secret.NotFound);
    expect(lp.apiRequests).toHaveLength(0);
  });

  it("reports a wrongly shaped API key as credentials-wrong-format, without its values", async () => {
    const lp = await fakeLp();
    const wrong = {
      missing: { consumerKey: KEY.consumerKey, consumerSecret: KEY.consumerSecret, token: KEY.token },
      number: { ...KEY, tokenSecret: 42 },
      empty: { ...KEY, consumerKey: "" },
      text: `not json ${KEY.consumerSecret}`,
      array: [KEY.consumerSecret],
      jsonArray: JSON.stringify([KEY.tokenSecret]),
      v2shape: { client_id: "x", client_secret: KEY.consumerSecret },
    };
    setup(lp, { secrets: wrong });
    for (const name of Object.keys(wrong)) {
      const error = await rejection(Toolbelt.LpClient()("msgHist", "/a", { appKeySecretName: name }));
      expect(error).toMatchObject({ component: "LpClient", code: ErrorCodes.LpClient.Creds.Format });
      expect(error.message).toContain(`secret "${name}"`);
      expectNoSecrets(error);
    }
    expect(lp.apiRequests).toHaveLength(0);
  });
});

describe("LpClient: 401", () => {
  it("retries once with the key re-read and a freshly signed header", async () => {
    const keys = [KEY];
    let calls = 0;
    const lp = await fakeLp({
      keys,
      api: async (call) => {
        calls++;
        if (calls === 1) {
          // The key is rotated while the first request is answered with 401.
          keys.splice(0, keys.length, KEY2);
          await Toolbelt.SecretClient().updateSecret({ key: "rotating-key", value: KEY2 });
          return call.json(401, { error: "key revoked" });
        }
        call.json(200, { ok: true, signedBy: call.key.consumerKey });
      },
    });
    setup(lp, { secrets: { "rotating-key": KEY } });
    const body = await Toolbelt.LpClient()("msgHist", "/retry?v=1", { method: "POST", json: true, body: { same: "body" }, appKeySecretName: "rotating-key" });
    expect(body).toEqual({ ok: true, signedBy: KEY2.consumerKey });
    expect(lp.apiRequests).toHaveLength(2);
    const [first, second] = lp.apiRequests.map((r) => parseOAuthHeader(r.authorization)!);
    expect(first!.get("oauth_consumer_key")).toBe(KEY.consumerKey);
    expect(second!.get("oauth_consumer_key")).toBe(KEY2.consumerKey);
    expect(second!.get("oauth_token")).toBe(KEY2.token);
    expect(second!.get("oauth_nonce")).not.toBe(first!.get("oauth_nonce"));
    expect(lp.apiRequests[1]!.verdict.ok).toBe(true);
    // The same body is sent again.
    expect(lp.apiRequests[1]!.body).toBe(lp.apiRequests[0]!.body);
  });

  it("retries only once: a second 401 is the result (StatusCodeError, no secrets)", async () => {
    const lp = await fakeLp({ api: (call) => call.json(401, { error: "Unauthorized" }) });
    setup(lp);
    const error = await rejection(Toolbelt.LpClient()("msgHist", "/always-401", { json: true }));
    expect(error).toBeInstanceOf(StatusCodeError);
    expect(error.statusCode).toBe(401);
    expect(lp.apiRequests).toHaveLength(2);
    expectNoSecrets(error);
    const full = await Toolbelt.LpClient()<FullResponse>("msgHist", "/always-401", { simple: false, resolveWithFullResponse: true });
    expect(full.statusCode).toBe(401);
    expect(lp.apiRequests).toHaveLength(4);
  });

  it("a key that cannot be re-read after a 401 fails with the credentials error as the cause", async () => {
    let calls = 0;
    const lp = await fakeLp({
      api: async (call) => {
        calls++;
        await Toolbelt.SecretClient().updateSecret({ key: "will-break", value: { consumerKey: "only" } });
        call.json(calls === 1 ? 401 : 200, {});
      },
    });
    setup(lp, { secrets: { "will-break": KEY } });
    const error = await rejection(Toolbelt.LpClient()("msgHist", "/x", { appKeySecretName: "will-break" }));
    expect(error).toBeInstanceOf(RequestError);
    expect((error.cause as ToolbeltError).code).toBe(ErrorCodes.LpClient.Creds.Format);
    expect(lp.apiRequests).toHaveLength(1);
    expectNoSecrets(error);
  });
});

describe("LpClient: arguments", () => {
  it("refuses bad arguments with lp-client.invalid-argument before any request", async () => {
    const lp = await fakeLp();
    setup(lp);
    const lpClient = Toolbelt.LpClient() as unknown as (...args: unknown[]) => Promise<unknown>;
    const bad: unknown[][] = [
      ["", "/x", {}],
      [undefined, "/x", {}],
      ["msgHist", "x", {}],
      ["msgHist", "https://evil.example/x", {}],
      ["msgHist", undefined, {}],
      ["msgHist", "/x", "GET"],
      ["msgHist", "/x", { uri: "https://evil.example/" }],
      ["msgHist", "/x", { url: "https://evil.example/" }],
      ["msgHist", "/x", { baseUrl: "https://evil.example/" }],
      ["msgHist", "/x", { auth: { bearer: "t" } }],
      ["msgHist", "/x", { appKeySecretName: 7 }],
    ];
    for (const args of bad) {
      const error = await rejection(lpClient(...args));
      expect(error, JSON.stringify(args)).toMatchObject({ component: "LpClient", code: ErrorCodes.LpClient.InvalidArgument });
    }
    expect(lp.server.requests).toHaveLength(0);
  });

  it("works without options (GET, body as text)", async () => {
    const lp = await fakeLp();
    setup(lp);
    const body = await Toolbelt.LpClient()("msgHist", "/plain");
    expect(typeof body).toBe("string");
    expect(JSON.parse(body as string)).toMatchObject({ method: "GET", target: "/plain" });
  });

  it("reports an unknown service as csds.domain.not-found", async () => {
    const lp = await fakeLp();
    setup(lp);
    const error = await rejection(Toolbelt.LpClient()("noSuchService", "/x"));
    expect(error).toMatchObject({ component: "CSDS-Client", code: ErrorCodes.Csds.NotFound, message: 'Service "noSuchService" could not be found.' });
  });
});
