/**
 * `auth` and URL userinfo, with request 2.88's precedence (lib/auth.js and
 * Request.init): the `auth` option beats an explicit Authorization header, an
 * explicit header beats URL userinfo, and credentials are never dialled in the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "../../src/errors/request-errors";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import type { FullResponse } from "../../src/http/types";
import { startServer, type TestServer } from "../helpers/servers";
import { freshClient } from "../helpers/toolbelt";

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => void res.end("ok"));
});
afterAll(() => server.close());

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

async function authorizationSent(uri: string, options: Record<string, unknown> = {}): Promise<string | undefined> {
  const client = freshClient();
  await client(uri, options);
  const request = server.requests.at(-1);
  // The dialled request line never carries userinfo.
  expect(request?.url.startsWith("/")).toBe(true);
  return request?.headers.authorization;
}

describe("auth", () => {
  it("sends Basic for user/pass and username/password", async () => {
    expect(await authorizationSent(server.url, { auth: { user: "alice", pass: "s3cret:with:colons" } })).toBe(basic("alice", "s3cret:with:colons"));
    expect(await authorizationSent(server.url, { auth: { username: "bob", password: "pw" } })).toBe(basic("bob", "pw"));
    // request copied username/password over user/pass.
    expect(await authorizationSent(server.url, { auth: { user: "x", username: "carol", pass: "y", password: "pw2" } })).toBe(basic("carol", "pw2"));
    expect(await authorizationSent(server.url, { auth: { user: "dave" } })).toBe(basic("dave", ""));
  });

  it("sends Bearer for a string or a function", async () => {
    expect(await authorizationSent(server.url, { auth: { bearer: "tok-123" } })).toBe("Bearer tok-123");
    expect(await authorizationSent(server.url, { auth: { bearer: () => "tok-fn" } })).toBe("Bearer tok-fn");
  });

  it("takes credentials from URL userinfo (percent-decoded), never sending them in the URL", async () => {
    const uri = server.url.replace("http://", "http://us%40er:p%3Ass@");
    expect(await authorizationSent(`${uri}/path`)).toBe(basic("us@er", "p:ss"));
    const client = freshClient();
    const full = await client<FullResponse>(`${uri}/path`, { resolveWithFullResponse: true });
    expect(full.request.uri.href).toBe(`${server.url}/path`);
  });

  it("lets auth beat an explicit Authorization header, and an explicit header beat URL userinfo", async () => {
    const withUserinfo = server.url.replace("http://", "http://url-user:url-pass@");
    expect(await authorizationSent(server.url, { auth: { bearer: "from-auth" }, headers: { Authorization: "Bearer from-header" } })).toBe("Bearer from-auth");
    expect(await authorizationSent(withUserinfo, { headers: { Authorization: "Bearer from-header" } })).toBe("Bearer from-header");
    expect(await authorizationSent(withUserinfo, { auth: { user: "opt", pass: "opt-pass" } })).toBe(basic("opt", "opt-pass"));
  });

  it("rejects auth without a mechanism, and sendImmediately: false as unsupported", async () => {
    const client = freshClient();
    const before = server.connections;
    const none = (await client(server.url, { auth: { pass: "only-a-pass" } }).catch((e: unknown) => e)) as RequestError;
    expect(none).toBeInstanceOf(RequestError);
    expect((none.cause as ToolbeltError).code).toBe("com.liveperson.faas.http.invalid-option");
    const lazy = (await client(server.url, { auth: { user: "u", pass: "p", sendImmediately: false } }).catch((e: unknown) => e)) as RequestError;
    expect((lazy.cause as ToolbeltError).code).toBe("com.liveperson.faas.http.unsupported-option");
    expect(server.connections).toBe(before);
  });
});
