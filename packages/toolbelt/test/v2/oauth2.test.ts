/** The OAuth 2.0 token source against a real Sentinel stand-in (spec v2 §3, B3). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErrorCodes } from "../../src/v2/errors/codes";
import { tokenSource } from "../../src/v2/oauth2/token-source";
import { ACCOUNT, CLIENT, startFakeLivePerson, type FakeLivePerson } from "./fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "./v2-env";

let fake: FakeLivePerson;
beforeAll(async () => {
  fake = await startFakeLivePerson();
});
afterAll(() => fake.close());
beforeEach(() => useV2Environment(fake));
afterEach(() => {
  clearV2Environment();
  fake.reset();
});

const tokenRequests = (): number => fake.requestsTo("/sentinel/").length;

describe("tokenSource", () => {
  it("posts the client credentials form to Sentinel and caches the token", async () => {
    const source = tokenSource();
    const first = await source.authorization();
    expect(first).toBe(`Bearer ${fake.issued.at(-1)}`);
    expect(await source.authorization()).toBe(first);
    const [request] = fake.requestsTo("/sentinel/");
    expect(request!.url).toBe(`/sentinel/api/v2/account/${ACCOUNT}/app/token?v=2.0`);
    expect(request!.method).toBe("POST");
    expect(request!.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.fromEntries(new URLSearchParams(request!.body.toString("utf8")))).toEqual({ ...CLIENT, grant_type: "client_credentials" });
    expect(tokenRequests()).toBe(1);
  });

  it("shares one token request among concurrent callers", async () => {
    const source = tokenSource();
    const headers = await Promise.all([source.authorization(), source.authorization(), source.authorization()]);
    expect(new Set(headers)).toEqual(new Set([`Bearer ${fake.issued.at(-1)}`]));
    expect(tokenRequests()).toBe(1);
  });

  it("refresh: true re-reads the secret uncached and fetches a new token", async () => {
    const source = tokenSource();
    const first = await source.authorization();
    const secretReads = fake.requestsTo("/_platform/secrets/").length;
    const second = await source.authorization({ refresh: true });
    expect(second).not.toBe(first);
    expect(second).toBe(`Bearer ${fake.issued.at(-1)}`);
    expect(fake.requestsTo("/_platform/secrets/").length).toBe(secretReads + 1);
  });

  it("accepts the credentials as a JSON string too", async () => {
    fake.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", JSON.stringify(CLIENT));
    expect(await tokenSource().authorization()).toMatch(/^Bearer tok-/);
  });

  it("B3: a numeric expires_in is accepted", async () => {
    fake.sentinelAnswer = (token) => ({ status: 200, body: { access_token: token, token_type: "Bearer", expires_in: 3600 } });
    const source = tokenSource();
    expect(await source.authorization()).toMatch(/^Bearer tok-/);
    await source.authorization();
    expect(tokenRequests()).toBe(1);
  });

  it("B3: a token whose expires_in is not a number is refused, never kept forever", async () => {
    for (const expiresIn of ["soon", "", null, undefined, "NaN"]) {
      fake.sentinelAnswer = (token) => ({ status: 200, body: { access_token: token, token_type: "Bearer", expires_in: expiresIn } });
      const error = await tokenSource()
        .authorization()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        component: "Oauth2Client",
        code: ErrorCodes.OAuth2.UnexpectedResponse,
        message: expect.stringContaining("Status Code: 200"),
      });
      // The token itself never appears in the message.
      expect((error as Error).message).not.toMatch(/tok-\d/);
    }
  });

  it("B3: the status is checked: Sentinel's 401 is an unexpected response naming the status", async () => {
    fake.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", { client_id: "id-1", client_secret: "wrong" });
    await expect(tokenSource().authorization()).rejects.toMatchObject({
      code: ErrorCodes.OAuth2.UnexpectedResponse,
      message: 'AuthServer unexpected response: {"error":"invalid_client"}. Status Code: 401',
    });
  });

  it("B3: a token past expires_in minus 60 s is fetched again", async () => {
    let now = 1_000_000;
    fake.sentinelAnswer = (token) => ({ status: 200, body: { access_token: token, token_type: "Bearer", expires_in: "120" } });
    const source = tokenSource(undefined, { now: () => now });
    const first = await source.authorization();
    now += 60_000;
    expect(await source.authorization()).toBe(first);
    now += 1;
    const second = await source.authorization();
    expect(second).not.toBe(first);
    expect(tokenRequests()).toBe(2);
  });

  it("credentials of the wrong shape are the owner's credentials-wrong-format, without the values", async () => {
    fake.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", { client_id: "id-1", clientSecret: "hidden-value" });
    const error = await tokenSource()
      .authorization()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      component: "LpClient",
      code: ErrorCodes.LpClient.Creds.Format,
      message: expect.stringContaining("Credentials have Invalid Format"),
    });
    expect((error as Error).message).not.toContain("hidden-value");
    const mtls = tokenSource(undefined, { owner: { component: "LP-MTLS", format: ErrorCodes.Mtls.Creds.Format, failure: ErrorCodes.Mtls.Creds.Failure } });
    await expect(mtls.authorization()).rejects.toMatchObject({ component: "LP-MTLS", code: ErrorCodes.Mtls.Creds.Format });
  });

  it("a missing secret passes through as secret.not-found", async () => {
    await expect(tokenSource("NO_SUCH_KEY").authorization()).rejects.toMatchObject({ code: ErrorCodes.Secret.NotFound, component: "SecretClient" });
  });

  it("an unreachable Sentinel is oauth2.general-issue with the network code", async () => {
    process.env.X_LIVEPERSON_CSDS_DOMAIN = "http://127.0.0.1:1";
    // CSDS itself is unreachable here: that is CSDS's own error, passed through.
    await expect(tokenSource().authorization()).rejects.toMatchObject({ code: ErrorCodes.Csds.Failure });
  });
});
