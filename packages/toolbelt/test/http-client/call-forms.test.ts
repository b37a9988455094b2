/**
 * request-promise's call forms on real servers: (uri), (uri, options), (options)
 * with uri/url, baseUrl, verbs, callbacks, .defaults(), the full response and
 * the platform User-Agent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "../../src/errors/request-errors";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import type { FullResponse, HttpCallback } from "../../src/http/types";
import { echo, startServer, type TestServer } from "../helpers/servers";
import { freshClient } from "../helpers/toolbelt";

interface Echoed {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === "/reason") {
      res.statusCode = 299;
      res.statusMessage = "Quite Fine Indeed";
      res.setHeader("X-Custom-Header", "Yes");
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.end("reasoned");
      return;
    }
    void echo(req, res);
  });
});
afterAll(() => server.close());

function callbackResult(run: (callback: HttpCallback) => unknown): Promise<{ error: Error | null; response?: FullResponse; body?: unknown }> {
  return new Promise((resolve) => {
    run((error, response, body) => resolve({ error, response, body }));
  });
}

describe("call forms", () => {
  it("accepts (uri), (uri, options), (options) with uri or url, and a URL object", async () => {
    const client = freshClient();
    expect(JSON.parse(await client<string>(`${server.url}/one`)).url).toBe("/one");
    expect((await client<Echoed>(`${server.url}/two`, { json: true })).url).toBe("/two");
    expect((await client<Echoed>({ uri: `${server.url}/three`, json: true })).url).toBe("/three");
    expect((await client<Echoed>({ url: `${server.url}/four`, json: true })).url).toBe("/four");
    expect((await client<Echoed>(new URL(`${server.url}/five`), { json: true })).url).toBe("/five");
    // The positional uri wins over options.uri, as request's initParams did.
    expect((await client<Echoed>(`${server.url}/six`, { uri: `${server.url}/ignored`, json: true })).url).toBe("/six");
    // uri wins over url; an empty uri falls back to url.
    expect((await client<Echoed>({ uri: `${server.url}/seven`, url: `${server.url}/nope`, json: true })).url).toBe("/seven");
    expect((await client<Echoed>({ uri: "", url: `${server.url}/eight`, json: true })).url).toBe("/eight");
  });

  it.each([
    ["/api", "items", "/api/items"],
    ["/api/", "items", "/api/items"],
    ["/api", "/items", "/api/items"],
    ["/api/", "/items", "/api/items"],
    ["/api", "", "/api"],
    ["/api/", "items?x=1", "/api/items?x=1"],
  ])("joins baseUrl %s and uri %s as request did", async (base, uri, expected) => {
    const client = freshClient();
    const body = await client<Echoed>({ baseUrl: `${server.url}${base}`, uri, json: true });
    expect(body.url).toBe(expected);
  });

  it("rejects an absolute uri together with baseUrl, and a missing uri", async () => {
    const client = freshClient();
    for (const call of [
      () => client({ baseUrl: server.url, uri: "http://127.0.0.1:1/x" }),
      () => client({ baseUrl: server.url, uri: "//127.0.0.1:1/x" }),
      () => client({ json: true }),
      () => client("not a url"),
      () => client("ftp://127.0.0.1/file"),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestError);
      expect((error as RequestError).cause).toBeInstanceOf(ToolbeltError);
      expect((error as { cause: ToolbeltError }).cause.code).toBe("com.liveperson.faas.http.invalid-option");
    }
    expect(String(await client({ json: true }).catch((e: unknown) => e))).toContain("options.uri is a required argument");
  });

  it("sends method (any case) and headers, and forces the verb of .get/.post/...", async () => {
    const client = freshClient();
    const sent = await client<Echoed>(`${server.url}/m`, {
      method: "put",
      headers: { "X-Number": 42, "X-List": ["a", "b"], "X-Undefined": undefined },
      json: true,
    });
    expect(sent.method).toBe("PUT");
    expect(sent.headers["x-number"]).toBe("42");
    expect(sent.headers["x-list"]).toBe("a, b");
    expect(sent.headers).not.toHaveProperty("x-undefined");
    const verbs = { get: "GET", post: "POST", put: "PUT", patch: "PATCH", delete: "DELETE", del: "DELETE", options: "OPTIONS" } as const;
    for (const [verb, method] of Object.entries(verbs)) {
      // request's verb functions override options.method.
      const body = await client[verb as keyof typeof verbs]<Echoed>(`${server.url}/v`, { method: "TRACE", json: true });
      expect(body.method).toBe(method);
    }
    const head = await client.head<FullResponse>({ uri: `${server.url}/h`, resolveWithFullResponse: true });
    expect(head.request.method).toBe("HEAD");
    expect(head.body).toBe("");
    expect(await client.head(`${server.url}/h`, { json: true })).toBeUndefined();
    expect(server.requests.at(-1)?.method).toBe("HEAD");
  });

  it("calls a node-style callback (err, response, body) in every position, and still returns the promise", async () => {
    const client = freshClient();
    const a = await callbackResult((cb) => client(`${server.url}/cb1`, cb));
    expect(a.error).toBeNull();
    expect(a.response?.statusCode).toBe(200);
    expect(JSON.parse(a.body as string).url).toBe("/cb1");
    const b = await callbackResult((cb) => client(`${server.url}/cb2`, { json: true }, cb));
    expect((b.body as Echoed).url).toBe("/cb2");
    expect(b.response?.body).toBe(b.body);
    const c = await callbackResult((cb) => client({ uri: `${server.url}/cb3`, json: true }, cb));
    expect((c.body as Echoed).url).toBe("/cb3");
    const d = await callbackResult((cb) => client({ uri: `${server.url}/cb4`, json: true, callback: cb }));
    expect((d.body as Echoed).url).toBe("/cb4");
    const e = await callbackResult((cb) => client.post(`${server.url}/cb5`, { json: true }, cb));
    expect((e.body as Echoed).method).toBe("POST");

    let seen: unknown;
    const promised = await client<Echoed>(`${server.url}/cb6`, { json: true }, (_err, _res, body) => (seen = body));
    expect(promised.url).toBe("/cb6");
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(promised);
  });

  it("gives the callback the raw error, and a non-2xx response without an error (simple only shapes the promise)", async () => {
    const client = freshClient();
    const failed = await callbackResult((cb) => client("http://127.0.0.1:1/refused", cb));
    expect(failed.error).toBeInstanceOf(Error);
    expect((failed.error as { code?: string }).code).toBe("ECONNREFUSED");
    const bad = await callbackResult((cb) => client({ json: true }, cb));
    expect(bad.error).toBeInstanceOf(ToolbeltError);

    const notFound = await startServer((_req, res) => {
      res.statusCode = 404;
      res.end("missing");
    });
    try {
      const result = await callbackResult((cb) => client(notFound.url, cb));
      expect(result.error).toBeNull();
      expect(result.response?.statusCode).toBe(404);
      expect(result.body).toBe("missing");
    } finally {
      await notFound.close();
    }
  });
});

describe(".defaults()", () => {
  it("merges headers name by name (case-insensitively) and nested options deeply, without touching the parent", async () => {
    const client = freshClient();
    const base = client.defaults({ baseUrl: server.url, json: true, headers: { "X-Team": "faas", "User-Agent": "default-agent" }, qs: { a: 1 } });
    const body = await base<Echoed>("/d", { headers: { "x-extra": "1", "user-agent": "call-agent" }, qs: { b: 2 } });
    expect(body.headers["x-team"]).toBe("faas");
    expect(body.headers["x-extra"]).toBe("1");
    expect(body.headers["user-agent"]).toBe("call-agent");
    expect(body.url).toBe("/d?a=1&b=2");

    const nested = base.defaults({ headers: { "X-Nested": "yes" } });
    const posted = await nested.post<Echoed>("/n", { body: { x: 1 } });
    expect(posted).toMatchObject({ method: "POST", url: "/n?a=1", body: '{"x":1}' });
    expect(posted.headers).toMatchObject({ "x-team": "faas", "x-nested": "yes" });

    const plain = JSON.parse(await client<string>(`${server.url}/p`)) as Echoed;
    expect(plain.headers).not.toHaveProperty("x-team");
    expect(() => client.defaults(undefined as never)).toThrow(TypeError);
  });

  it("uses a default callback unless the call brings its own", async () => {
    const client = freshClient();
    const seen: string[] = [];
    const withCallback = client.defaults({ json: true, callback: (_e, _r, body) => seen.push(`default ${(body as Echoed).url}`) });
    await withCallback(`${server.url}/x`);
    await withCallback(`${server.url}/y`, (_e, _r, body) => seen.push(`own ${(body as Echoed).url}`));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(["default /x", "own /y"]);
  });
});

describe("connections and rate limit", () => {
  it("reuses keep-alive connections for sequential requests", async () => {
    const client = freshClient();
    const own = await startServer();
    try {
      for (let i = 0; i < 6; i++) await client(own.url, { forever: true });
      expect(own.requests).toHaveLength(6);
      // undici's pool opens a second socket for the second request, then alternates (request's agent used one).
      expect(own.connections).toBeLessThanOrEqual(2);
    } finally {
      await own.close();
    }
  });

  it("surfaces the local rate limit's 429 as a StatusCodeError", async () => {
    const client = freshClient({ rateLimit: 1 });
    const before = server.requests.length;
    const results = await Promise.all(
      [client(server.url), client(server.url)].map((p) =>
        p.then(
          () => "ok",
          (e: unknown) => e,
        ),
      ),
    );
    const rejected = results.find((r) => r !== "ok") as { name: string; statusCode: number };
    expect(rejected).toMatchObject({ name: "StatusCodeError", statusCode: 429 });
    expect(server.requests.length - before).toBe(1);
  });
});

describe("full response", () => {
  it("carries statusCode, the server's statusMessage, lower-cased headers, body and request", async () => {
    const client = freshClient();
    const response = await client<FullResponse>(`${server.url}/reason`, {
      resolveWithFullResponse: true,
      headers: { Authorization: "Bearer do-not-show" },
    });
    expect(response.statusCode).toBe(299);
    expect(response.statusMessage).toBe("Quite Fine Indeed");
    expect(response.headers["x-custom-header"]).toBe("Yes");
    expect(response.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(Object.keys(response.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(response.body).toBe("reasoned");
    expect(response.request.uri.href).toBe(`${server.url}/reason`);
    expect(response.request.uri).toMatchObject({ protocol: "http:", hostname: "127.0.0.1", port: String(server.port), path: "/reason" });
    expect(response.request.method).toBe("GET");
    expect(response.request.headers.Authorization).toBe("[REDACTED]");
    expect(JSON.stringify(response)).not.toContain("do-not-show");
    expect(JSON.parse(JSON.stringify(response))).toMatchObject({ statusCode: 299, body: "reasoned" });
  });

  it("adds elapsedTime with time: true", async () => {
    const client = freshClient();
    const response = await client<FullResponse>(server.url, { resolveWithFullResponse: true, time: true });
    expect(typeof response.elapsedTime).toBe("number");
    expect(response.elapsedTime).toBeGreaterThanOrEqual(0);
  });
});

describe("platform headers", () => {
  it("sends User-Agent: LP-Lambda-<uuid> once configured, unless the caller sets one", async () => {
    const uuid = "8f4b2a4e-5e0c-4d8f-9a61-3f0f7f1c2b9d";
    const client = freshClient({ lambdaUuid: uuid });
    expect((await client<Echoed>(server.url, { json: true })).headers["user-agent"]).toBe(`LP-Lambda-${uuid}`);
    expect((await client<Echoed>(server.url, { json: true, headers: { "User-Agent": "mine" } })).headers["user-agent"]).toBe("mine");
    const unconfigured = freshClient();
    expect((await unconfigured<Echoed>(server.url, { json: true })).headers["user-agent"] ?? "").not.toMatch(/^LP-Lambda-/);
  });
});
