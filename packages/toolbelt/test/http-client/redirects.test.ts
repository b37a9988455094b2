/**
 * Redirects as request 2.88 followed them (lib/redirect.js): GET/HEAD by default,
 * every method with followAllRedirects (301/302/303 → GET without body, 307/308
 * keep both), maxRedirects, Referer, and credentials dropped on a host change.
 * The second server is addressed as `localhost`, a different host name from 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError, StatusCodeError } from "../../src/errors/request-errors";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import type { FullResponse } from "../../src/http/types";
import { echo, startServer, type Handler, type TestServer } from "../helpers/servers";
import { freshClient } from "../helpers/toolbelt";

interface Echoed {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** `/redirect?status=302&to=<url>`, `/chain/<n>` (n hops to /done), `/loop`, anything else echoes. */
const redirector: Handler = (req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/redirect") {
    res.statusCode = Number(url.searchParams.get("status") ?? 302);
    res.setHeader("location", url.searchParams.get("to") ?? "/done");
    return void res.end("redirecting");
  }
  const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
  if (chain) {
    const left = Number(chain[1]);
    res.statusCode = 302;
    res.setHeader("location", left > 1 ? `/chain/${left - 1}` : "/done");
    return void res.end();
  }
  if (url.pathname === "/loop") {
    res.statusCode = 301;
    res.setHeader("location", "/loop");
    return void res.end();
  }
  void echo(req, res);
};

let a: TestServer;
let b: TestServer;
let bLocal: string;
beforeAll(async () => {
  a = await startServer(redirector);
  b = await startServer(redirector);
  bLocal = `http://localhost:${b.port}`;
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const to = (status: number, target: string) => `${a.url}/redirect?status=${status}&to=${encodeURIComponent(target)}`;

describe("following redirects", () => {
  it.each([301, 302, 303, 307, 308])("follows a %i for GET, with Referer set to the previous URL", async (status) => {
    const client = freshClient();
    const full = await client<FullResponse>(to(status, "/done?x=1"), { resolveWithFullResponse: true, json: true });
    expect(full.statusCode).toBe(200);
    expect(full.request.uri.href).toBe(`${a.url}/done?x=1`);
    expect(full.request.method).toBe("GET");
    expect((full.body as Echoed).headers.referer).toBe(to(status, "/done?x=1"));
  });

  it("follows HEAD and absolute, relative and cross-host locations", async () => {
    const client = freshClient();
    const head = await client.head<FullResponse>(to(302, "/done"), { resolveWithFullResponse: true });
    expect([head.statusCode, head.request.method]).toEqual([200, "HEAD"]);
    expect(a.requests.at(-1)?.method).toBe("HEAD");
    expect((await client<Echoed>(to(302, "relative/x"), { json: true })).url).toBe("/relative/x");
    expect((await client<Echoed>(to(302, `${bLocal}/elsewhere`), { json: true })).url).toBe("/elsewhere");
    expect(b.requests.at(-1)?.headers.host).toBe(`localhost:${b.port}`);
  });

  it("does not follow POST/PUT/PATCH/DELETE by default: the 3xx rejects as a StatusCodeError", async () => {
    const client = freshClient();
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const error = (await client(to(302, "/done"), { method, body: "x" }).catch((e: unknown) => e)) as StatusCodeError;
      expect(error).toBeInstanceOf(StatusCodeError);
      expect(error.statusCode).toBe(302);
      expect((error.response as FullResponse).headers.location).toBe("/done");
    }
  });

  it("does not follow with followRedirect: false, and resolves the 3xx with simple: false", async () => {
    const client = freshClient();
    const error = (await client(to(301, "/done"), { followRedirect: false }).catch((e: unknown) => e)) as StatusCodeError;
    expect(error.statusCode).toBe(301);
    const full = await client<FullResponse>(to(301, "/done"), { followRedirect: false, simple: false, resolveWithFullResponse: true });
    expect([full.statusCode, full.body]).toEqual([301, "redirecting"]);
  });

  it("asks a followRedirect function about each redirect it would follow", async () => {
    const client = freshClient();
    const asked: Array<[number, unknown]> = [];
    const decide = (response: FullResponse) => {
      asked.push([response.statusCode, response.headers.location]);
      return response.headers.location !== "/chain/1";
    };
    const error = (await client(`${a.url}/chain/3`, { followRedirect: decide }).catch((e: unknown) => e)) as StatusCodeError;
    expect(error.statusCode).toBe(302);
    expect(asked).toEqual([
      [302, "/chain/2"],
      [302, "/chain/1"],
    ]);
    // Not asked about a POST it would not follow anyway.
    asked.length = 0;
    await client.post(to(302, "/done"), { followRedirect: decide, simple: false });
    expect(asked).toEqual([]);
  });
});

describe("followAllRedirects", () => {
  it.each([301, 302, 303])("turns a POST into a GET without body or content-type on %i", async (status) => {
    const client = freshClient();
    const body = await client.post<Echoed>(to(status, "/done"), { json: true, body: { a: 1 }, followAllRedirects: true });
    expect(body.method).toBe("GET");
    expect(body.body).toBe("");
    expect(body.headers).not.toHaveProperty("content-type");
    expect(body.headers).not.toHaveProperty("content-length");
  });

  it.each([307, 308])("keeps method, body and content-type on %i", async (status) => {
    const client = freshClient();
    const body = await client.put<Echoed>(to(status, "/done"), { json: true, body: { a: 1 }, followAllRedirects: true });
    expect(body.method).toBe("PUT");
    expect(body.body).toBe('{"a":1}');
    expect(body.headers["content-type"]).toBe("application/json");
  });

  it("keeps HEAD, keeps the method with followOriginalHttpMethod, and wins over followRedirect: false", async () => {
    const client = freshClient();
    await client.head(to(302, "/done"), { followAllRedirects: true });
    expect(a.requests.at(-1)?.method).toBe("HEAD");
    const kept = await client.post<Echoed>(to(302, "/done"), { json: true, body: { a: 1 }, followAllRedirects: true, followOriginalHttpMethod: true });
    expect(kept.method).toBe("POST");
    expect(kept.body).toBe("");
    const followed = await client.post<Echoed>(to(302, "/done"), { json: true, followAllRedirects: true, followRedirect: false });
    expect(followed.url).toBe("/done");
  });
});

describe("maxRedirects", () => {
  it("follows 10 redirects by default and fails the 11th with RequestError 'Exceeded maxRedirects'", async () => {
    const client = freshClient();
    expect((await client<Echoed>(`${a.url}/chain/10`, { json: true })).url).toBe("/done");
    const error = (await client(`${a.url}/chain/11`).catch((e: unknown) => e)) as RequestError;
    expect(error).toBeInstanceOf(RequestError);
    expect(error.message).toContain("Exceeded maxRedirects. Probably stuck in a redirect loop");
    expect(error.message).toContain(`${a.url}/chain/1`);
    expect((error.cause as ToolbeltError).code).toBe("com.liveperson.faas.http.max-redirects");
  });

  it("honours a custom maxRedirects, including 0, and stops a loop", async () => {
    const client = freshClient();
    expect((await client<Echoed>(`${a.url}/chain/2`, { json: true, maxRedirects: 2 })).url).toBe("/done");
    await expect(client(`${a.url}/chain/3`, { maxRedirects: 2 })).rejects.toThrow(/Exceeded maxRedirects/);
    await expect(client(to(302, "/done"), { maxRedirects: 0 })).rejects.toThrow(/Exceeded maxRedirects/);
    const before = a.requests.length;
    await expect(client(`${a.url}/loop`)).rejects.toThrow(/Exceeded maxRedirects/);
    expect(a.requests.length - before).toBe(11);
  });
});

describe("headers across redirects", () => {
  it("keeps Authorization on the same host (another port too), drops Authorization and Cookie on another host", async () => {
    const client = freshClient();
    const headers = { Authorization: "Bearer keep-me-home", Cookie: "session=abc", "X-Other": "travels" };
    const samePort = await client<Echoed>(to(302, "/done"), { json: true, headers });
    expect(samePort.headers.authorization).toBe("Bearer keep-me-home");
    const otherPort = await client<Echoed>(to(302, `${b.url}/done`), { json: true, headers });
    expect(otherPort.headers.authorization).toBe("Bearer keep-me-home");

    for (const status of [302, 307]) {
      const otherHost = await client<Echoed>(to(status, `${bLocal}/done`), { json: true, headers, followAllRedirects: true });
      expect(otherHost.url).toBe("/done");
      expect(otherHost.headers).not.toHaveProperty("authorization");
      expect(otherHost.headers).not.toHaveProperty("cookie");
      expect(otherHost.headers["x-other"]).toBe("travels");
    }
    const viaAuth = await client<Echoed>(to(302, `${bLocal}/done`), { json: true, auth: { user: "u", pass: "pw" } });
    expect(viaAuth.headers).not.toHaveProperty("authorization");
    expect(b.requests.every((request) => request.headers.authorization === undefined || request.headers.host?.startsWith("127.0.0.1"))).toBe(true);
  });

  it("sends no Referer with removeRefererHeader, and never puts userinfo in the Referer", async () => {
    const client = freshClient();
    const none = await client<Echoed>(to(302, "/done"), { json: true, removeRefererHeader: true });
    expect(none.headers).not.toHaveProperty("referer");
    const withUserinfo = to(302, "/done").replace("http://", "http://user:pa55word@");
    const body = await client<Echoed>(withUserinfo, { json: true });
    expect(body.headers.referer).toBe(to(302, "/done"));
  });
});

describe("egress policy on every hop", () => {
  it("refuses a redirect to a host that is not allowlisted, without dialling it", async () => {
    const client = freshClient({ allowlist: ["127.0.0.1"] });
    const before = b.requests.length;
    const error = (await client(to(302, `${bLocal}/done`)).catch((e: unknown) => e)) as RequestError;
    expect(error).toBeInstanceOf(RequestError);
    expect(error.message).toContain("Socket is closed");
    expect((error.cause as ToolbeltError).code).toBe("com.liveperson.faas.egress.host-refused");
    expect(b.requests.length).toBe(before);
  });
});
