/**
 * The failure contract: request-promise's error classes exported from the
 * package, unsupported options refused before any socket opens, and no secret
 * — password, bearer token, Authorization header, URL userinfo — in any view of
 * any error, including after a redirect to another host.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pkg from "../../src/index";
import { UNSUPPORTED_OPTIONS } from "../../src/http/normalize-options";
import type { HttpClient, HttpClientOptions } from "../../src/http/types";
import { startServer, type TestServer } from "../helpers/servers";
import { freshClient } from "../helpers/toolbelt";

const SECRETS = {
  pass: "pa55-W0RD-basic",
  bearer: "bearer-T0KEN-xyz",
  header: "header-S3CRET-abc",
  userinfo: "url-PA55-userinfo",
  cookie: "cookie-S3SSION-789",
};

/** Every way an error gets looked at. */
function views(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    e.message,
    e.stack ?? "",
    JSON.stringify(e),
    inspect(e),
    inspect(e, { depth: 20 }),
    inspect(e, { depth: 20, showHidden: true }),
    JSON.stringify((e as { options?: unknown }).options ?? null),
  ];
}

function expectNoSecrets(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const view of views(error)) {
    for (const secret of Object.values(SECRETS)) expect(view, `leaked ${secret}`).not.toContain(secret);
  }
}

/** The ways of carrying a credential. */
const CARRIERS = [
  "auth user/pass",
  "auth username/password",
  "auth bearer",
  "auth bearer function",
  "Authorization and Cookie headers",
  "URL userinfo",
  "URL object with userinfo",
  "baseUrl with userinfo",
] as const;

/** Options for a request to `origin` + `path` with a planted credential. */
function planted(carrier: (typeof CARRIERS)[number], origin: string, path: string): HttpClientOptions {
  const uri = `${origin}${path}`;
  const withUserinfo = origin.replace("://", `://someone:${SECRETS.userinfo}@`);
  switch (carrier) {
    case "auth user/pass":
      return { uri, auth: { user: "someone", pass: SECRETS.pass } };
    case "auth username/password":
      return { uri, auth: { username: "someone", password: SECRETS.pass } };
    case "auth bearer":
      return { uri, auth: { bearer: SECRETS.bearer } };
    case "auth bearer function":
      return { uri, auth: { bearer: () => SECRETS.bearer } };
    case "Authorization and Cookie headers":
      return { uri, headers: { Authorization: `Bearer ${SECRETS.header}`, Cookie: `sid=${SECRETS.cookie}` } };
    case "URL userinfo":
      return { uri: `${withUserinfo}${path}` };
    case "URL object with userinfo":
      return { uri: new URL(`${withUserinfo}${path}`) };
    case "baseUrl with userinfo":
      return { baseUrl: withUserinfo, uri: path };
  }
}

let failing: TestServer;
let redirecting: TestServer;
let hanging: TestServer;
beforeAll(async () => {
  hanging = await startServer(() => new Promise<void>(() => undefined));
  failing = await startServer((_req, res) => {
    res.statusCode = 500;
    res.end("server says no");
  });
  // Redirects to `failing`, addressed as localhost: another host.
  redirecting = await startServer((_req, res) => {
    res.statusCode = 302;
    res.setHeader("location", `http://localhost:${failing.port}/after-redirect`);
    res.end();
  });
});
afterAll(async () => {
  await failing.close();
  await redirecting.close();
  await hanging.close();
});

describe("error classes", () => {
  it("exports RequestError, StatusCodeError and TransformError from the package index, all instanceof Error", async () => {
    expect(typeof pkg.RequestError).toBe("function");
    expect(typeof pkg.StatusCodeError).toBe("function");
    expect(typeof pkg.TransformError).toBe("function");
    pkg.Toolbelt.configure({ rateLimit: false });
    const client: HttpClient = pkg.Toolbelt.HTTPClient();
    const status = await client(failing.url).catch((e: unknown) => e);
    expect(status).toBeInstanceOf(pkg.StatusCodeError);
    expect(status).toBeInstanceOf(Error);
    const request = await client("http://127.0.0.1:1/").catch((e: unknown) => e);
    expect(request).toBeInstanceOf(pkg.RequestError);
    expect(request).toBeInstanceOf(Error);
    expect(request).toMatchObject({ name: "RequestError", error: (request as pkg.RequestError).cause });
    expect((request as { cause: { code: string } }).cause.code).toBe("ECONNREFUSED");
    expect(String(request)).toMatch(/^RequestError: Error: connect ECONNREFUSED 127\.0\.0\.1:1/);
    const transform = await client(failing.url, { simple: false, transform: () => Promise.reject(new Error("no")) }).catch((e: unknown) => e);
    expect(transform).toBeInstanceOf(pkg.TransformError);
  });
});

describe("unsupported options", () => {
  it.each(Object.keys(UNSUPPORTED_OPTIONS))("rejects %s with unsupported-option before dialling", async (name) => {
    const client = freshClient();
    const before = failing.connections;
    const error = (await client(failing.url, { [name]: name === "jar" ? true : {} }).catch((e: unknown) => e)) as pkg.RequestError;
    expect(error).toBeInstanceOf(pkg.RequestError);
    const cause = error.cause as pkg.ToolbeltError;
    expect(cause).toBeInstanceOf(pkg.ToolbeltError);
    expect(cause.code).toBe(pkg.ErrorCodes.Http.UnsupportedOption);
    expect(cause.code).toBe("com.liveperson.faas.http.unsupported-option");
    expect(error.message).toContain(`"${name}"`);
    expect(failing.connections).toBe(before);
  });

  it("accepts forever (keep-alive is always on) and ignores unknown keys", async () => {
    const client = freshClient();
    expect(await client(failing.url, { simple: false, forever: true, appKeySecretName: "x" })).toBe("server says no");
  });
});

describe("no secret in any error", () => {
  it.each(CARRIERS)("StatusCodeError (%s)", async (carrier) => {
    const client = freshClient();
    const error = await client(planted(carrier, failing.url, "/fail")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pkg.StatusCodeError);
    expectNoSecrets(error);
    // The redacted options stay useful for debugging.
    expect(JSON.stringify((error as pkg.StatusCodeError).options)).toMatch(/REDACTED/);
  });

  it.each(CARRIERS)("RequestError on a refused connection (%s)", async (carrier) => {
    const client = freshClient();
    let callbackError: unknown;
    const error = await client(planted(carrier, "http://127.0.0.1:1", "/refused"), (err) => (callbackError = err)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pkg.RequestError);
    expectNoSecrets(error);
    await new Promise((r) => setImmediate(r));
    expectNoSecrets(callbackError);
  });

  it.each(CARRIERS)("StatusCodeError after a redirect to another host (%s)", async (carrier) => {
    const client = freshClient();
    const before = failing.requests.length;
    const error = await client(planted(carrier, redirecting.url, "/redirect")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pkg.StatusCodeError);
    expectNoSecrets(error);
    const forwarded = failing.requests.slice(before);
    expect(forwarded.map((r) => r.url)).toEqual(["/after-redirect"]);
    expect(forwarded[0]?.headers.authorization).toBeUndefined();
    expect(forwarded[0]?.headers.cookie).toBeUndefined();
    expect(JSON.stringify(forwarded[0]?.headers)).not.toContain(SECRETS.userinfo);
  });

  it("RequestError for an invalid URI, too many redirects, an unsupported option and a timeout", async () => {
    const client = freshClient();
    const auth = { user: "someone", pass: SECRETS.pass };
    const errors = await Promise.all(
      [
        client(`http://someone:${SECRETS.userinfo}@exa mple.com/`, { auth }),
        client(`http://someone:${SECRETS.userinfo}@127.0.0.1:${redirecting.port}/loop`, { maxRedirects: 0, headers: { Authorization: SECRETS.header } }),
        client(`http://someone:${SECRETS.userinfo}@127.0.0.1:${failing.port}/`, { proxy: "http://proxy", auth: { bearer: SECRETS.bearer } }),
        client(`http://someone:${SECRETS.userinfo}@127.0.0.1:${failing.port}/`, { agentOptions: { passphrase: SECRETS.pass } }),
        client(`http://someone:${SECRETS.userinfo}@127.0.0.1:${hanging.port}/`, { timeout: 50, headers: { Cookie: SECRETS.cookie } }),
      ].map((promise) => promise.catch((e: unknown) => e)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(pkg.RequestError);
      expectNoSecrets(error);
    }
    expect(String(errors[0])).toContain("Invalid URI");
    expect(String(errors[1])).toContain("Exceeded maxRedirects");
    expect((errors[4] as pkg.RequestError).cause).toMatchObject({ code: "ESOCKETTIMEDOUT" });
  });
});
