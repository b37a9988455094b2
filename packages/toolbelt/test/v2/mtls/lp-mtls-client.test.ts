/**
 * V2 LPMtlsClient against the fake LivePerson on 127.0.0.1 (CSDS, Sentinel OAuth2,
 * the secrets API; only live tokens reach the APIs) with an MTLS gateway at
 * /mtls/account/{account} that answers as the gateway does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErrorCodes } from "../../../src/v2/errors/codes";
import { createLpMtlsClient, MTLSError } from "../../../src/v2/mtls";
import { ACCOUNT, CLIENT, startFakeLivePerson, type FakeLivePerson } from "../fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "../v2-env";

let lp: FakeLivePerson;
const gatewayRequests = () => lp.requestsTo("/mtls/");

/** The gateway: tokens are checked by the fake before this runs. */
function gateway(req: IncomingMessage & { body: Buffer }, res: ServerResponse): void {
  if (!req.url?.startsWith(`/mtls/account/${ACCOUNT}`)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const target = new URL(String(req.headers["lp-forward-url"]));
  if (target.pathname === "/always-401") {
    res.writeHead(401, { "www-authenticate": 'Bearer error="invalid_token"' });
    res.end();
    return;
  }
  if (target.pathname === "/remote-fail") {
    res.writeHead(502, { "lp-message-from-transport": "target refused the handshake" });
    res.end("upstream said no");
    return;
  }
  if (target.pathname === "/no-mapping") {
    res.statusCode = 400;
    res.end("no certificate for this host");
    return;
  }
  if (target.pathname === "/slow") {
    setTimeout(() => res.end("late"), 3000);
    return;
  }
  res.writeHead(200, { "content-type": "application/json", "x-from": "gateway" });
  res.end(JSON.stringify({ method: req.method, headers: req.headers, body: req.body.toString("utf8") }));
}

beforeAll(async () => {
  lp = await startFakeLivePerson();
  lp.api = gateway;
});
afterAll(() => lp.close());
beforeEach(() => {
  lp.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", { ...CLIENT });
  useV2Environment(lp);
});
afterEach(() => clearV2Environment());

async function failure(promise: Promise<unknown>): Promise<MTLSError> {
  try {
    await promise;
  } catch (error) {
    return error as MTLSError;
  }
  throw new Error("expected the request to fail");
}

describe("V2 LPMtlsClient", () => {
  it("sends the gateway its headers: LP-*, X-Request-Id, JSON, the caller's Authorization as LP-authorization-override, our token", async () => {
    const client = createLpMtlsClient();
    const response = await client.post("https://partner.example/api?x=1", { Authorization: "Basic cGFydG5lcg==", "X-Custom": "1" }, { a: 1 }, { json: true });
    expect(response).toMatchObject({ statusCode: 200, headers: { "x-from": "gateway" } });
    const seen = response.body as { method: string; headers: Record<string, string>; body: string };
    expect(seen.method).toBe("POST");
    expect(seen.headers).toMatchObject({
      "lp-stop-if-certificate-not-found": "true",
      "lp-service-name": "FAAS",
      "lp-forward-url": "https://partner.example/api?x=1",
      "content-type": "application/json",
      "lp-authorization-override": "Basic cGFydG5lcg==",
      "x-custom": "1",
      authorization: `Bearer ${lp.issued.at(-1)}`,
    });
    expect(seen.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(seen.body)).toEqual({ a: 1 });
    expect(gatewayRequests().at(-1)!.url).toBe(`/mtls/account/${ACCOUNT}`);
  });

  it("GET without a body; the token is cached per client", async () => {
    const client = createLpMtlsClient();
    const before = lp.issued.length;
    const first = await client.get("https://partner.example/a");
    await client.get("https://partner.example/b");
    expect(lp.issued.length - before).toBe(1);
    expect(JSON.parse(first.body as string)).toMatchObject({ method: "GET", body: "" });
  });

  it("B12: the caller's headers are not written, and a caller cannot replace LP-forward-url (any case)", async () => {
    const client = createLpMtlsClient();
    const headers = Object.freeze({ authorization: "Token t", "lp-forward-url": "https://evil.example/", "LP-Forward-URL": "https://evil2.example/" });
    const response = await client.get("https://partner.example/real", headers, undefined, { json: true });
    const seen = (response.body as { headers: Record<string, string> }).headers;
    expect(seen["lp-forward-url"]).toBe("https://partner.example/real");
    expect(seen["lp-authorization-override"]).toBe("Token t");
    expect(seen.authorization).toMatch(/^Bearer tok-/);
    expect(headers).toEqual({ authorization: "Token t", "lp-forward-url": "https://evil.example/", "LP-Forward-URL": "https://evil2.example/" });
  });

  it("B9: a 401 from the gateway gets one fresh token and one resend", async () => {
    const client = createLpMtlsClient();
    await client.get("https://partner.example/warm");
    lp.live.clear();
    const tokensBefore = lp.issued.length;
    const requestsBefore = gatewayRequests().length;
    const response = await client.get("https://partner.example/after-revoke");
    expect(response.statusCode).toBe(200);
    expect(lp.issued.length).toBe(tokensBefore + 1);
    expect(gatewayRequests().length - requestsBefore).toBe(2);
    expect(gatewayRequests().at(-1)!.headers.authorization).toBe(`Bearer ${lp.issued.at(-1)}`);
  });

  it("B9: only one resend: a 401 that persists is mtls.invalid-request naming the gateway's challenge", async () => {
    const client = createLpMtlsClient();
    const requestsBefore = gatewayRequests().length;
    const error = await failure(client.get("https://partner.example/always-401"));
    expect(error).toBeInstanceOf(MTLSError);
    expect(error).toMatchObject({ component: "LP-MTLS", code: ErrorCodes.Mtls.BadRequest });
    expect(error.message).toBe('Authentication to LP MTLS failed due to Bearer error="invalid_token"');
    expect(gatewayRequests().length - requestsBefore).toBe(2);
  });

  it("lp-message-from-transport is mtls.remote-threw with the header as message and the body as originalBody", async () => {
    const error = await failure(createLpMtlsClient().post("https://partner.example/remote-fail", {}, "x"));
    expect(error).toMatchObject({ code: ErrorCodes.Mtls.Remote, message: "target refused the handshake", originalBody: "upstream said no" });
  });

  it("a 400 (no certificate configured for the target) is mtls.missing-conf", async () => {
    const error = await failure(createLpMtlsClient().get("https://partner.example/no-mapping"));
    expect(error).toMatchObject({ component: "LP-MTLS", code: ErrorCodes.Mtls.Missing });
  });

  it("B7: timeout is applied: mtls.request-timeout", async () => {
    const error = await failure(createLpMtlsClient().get("https://partner.example/slow", {}, undefined, { timeout: 150 }));
    expect(error).toMatchObject({ component: "LP-MTLS", code: ErrorCodes.Mtls.Timeout });
  });

  it("credentials of the wrong shape are lp-mtls.credentials-wrong-format, with no secret in the message", async () => {
    lp.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", { client_id: "only-id", secret: "S3CRET-x" });
    const error = await failure(createLpMtlsClient().get("https://partner.example/a"));
    expect(error).toMatchObject({ component: "LP-MTLS", code: ErrorCodes.Mtls.Creds.Format });
    expect(error.message).not.toContain("S3CRET");
  });

  it("a missing X_LIVEPERSON_BRAND_ID fails at construction with a message saying to set it", () => {
    delete process.env.X_LIVEPERSON_BRAND_ID;
    expect(() => createLpMtlsClient()).toThrow(/X_LIVEPERSON_BRAND_ID/);
  });
});
