/**
 * The egress policy end to end: real counting servers and a real CONNECT proxy
 * on 127.0.0.1. The "refused" server is reached only through refused URLs, so
 * its connection count must stay 0 for the whole file; `localhost` (which
 * resolves to 127.0.0.1 from /etc/hosts) is the allowed name of the others.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { configure, getConfig, resetConfig } from "../src/config/resolve-config";
import { createRequestCore } from "../src/egress/request-core";
import { ErrorCodes } from "../src/errors/codes";
import { ToolbeltError } from "../src/errors/toolbelt-error";
import { createHttpClient } from "../src/http/http-client";
import type { HttpClient, HttpClientOptions } from "../src/http/types";
import { echo, startConnectProxy, startServer, type TestServer } from "./helpers/servers";
import { testPki } from "./helpers/tls";
import { freshClient } from "./helpers/toolbelt";

let refused: TestServer;
let target: TestServer;
let tlsTarget: TestServer;

beforeAll(async () => {
  refused = await startServer();
  tlsTarget = await startServer(undefined, { tls: true });
  // `/redirect?to=<url>` answers 302 to that URL; anything else is echoed.
  target = await startServer((req, res) => {
    const to = new URL(req.url ?? "/", "http://x").searchParams.get("to");
    if (!to) return echo(req, res);
    res.writeHead(302, { location: to });
    res.end();
  });
});

afterAll(async () => {
  // The whole file never once reached the refused server.
  expect(refused.connections).toBe(0);
  await Promise.all([refused.close(), target.close(), tlsTarget.close()]);
  resetConfig();
});

afterEach(() => {
  for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"]) process.env[name] = "";
});

/** Every spelling of 127.0.0.1 (and of names resolving to it) a request could use, and the host the refusal names. */
const LOOPBACK_FORMS: ReadonlyArray<[string, (port: number) => string, string]> = [
  ["dotted quad", (p) => `http://127.0.0.1:${p}/`, "127.0.0.1"],
  ["decimal", (p) => `http://2130706433:${p}/`, "127.0.0.1"],
  ["octal", (p) => `http://0177.0.0.1:${p}/`, "127.0.0.1"],
  ["hex", (p) => `http://0x7f.0.0.1:${p}/`, "127.0.0.1"],
  ["hex integer", (p) => `http://0x7f000001:${p}/`, "127.0.0.1"],
  ["short", (p) => `http://127.1:${p}/`, "127.0.0.1"],
  ["trailing dot", (p) => `http://127.0.0.1.:${p}/`, "127.0.0.1"],
  ["percent-encoded", (p) => `http://127%2e0%2e0%2e1:${p}/`, "127.0.0.1"],
  ["IPv4-mapped IPv6", (p) => `http://[::ffff:127.0.0.1]:${p}/`, "127.0.0.1"],
  ["IPv4-mapped IPv6, hex", (p) => `http://[0:0:0:0:0:ffff:7f00:1]:${p}/`, "127.0.0.1"],
  ["userinfo naming an allowed host", (p) => `http://allowed.test@127.0.0.1:${p}/`, "127.0.0.1"],
  ["userinfo with a password", (p) => `http://allowed.test:443@127.0.0.1:${p}/`, "127.0.0.1"],
  ["localhost", (p) => `http://localhost:${p}/`, "localhost"],
  ["mixed-case name", (p) => `http://LocalHost:${p}/`, "localhost"],
  ["name with a trailing dot", (p) => `http://LOCALHOST.:${p}/`, "localhost"],
  ["percent-encoded name", (p) => `http://%6c%6fcalhost:${p}/`, "localhost"],
  ["fullwidth name", (p) => `http://ｌｏｃａｌｈｏｓｔ:${p}/`, "localhost"],
  ["https", (p) => `https://127.0.0.1:${p}/`, "127.0.0.1"],
];

/** Names that must be refused although they look like allowed ones (they never resolve: refusal comes first). */
const LOOKALIKE_NAMES = ["evilallowed.test", "allowed.test.evil.test", "xn--llowed-2nf.test", "\u0430llowed.test", "allowed.tes"];

const ALLOWLIST = ["allowed.test", "*.allowed.test"];

async function failure(promise: Promise<unknown>): Promise<Error & { cause?: unknown }> {
  const result = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error as Error & { cause?: unknown };
}

/** Runs `body` with a fresh server (or proxy) and always closes it. */
async function using<T extends { close(): Promise<void> }>(start: () => Promise<T>, body: (it: T) => Promise<void>): Promise<void> {
  const resource = await start();
  try {
    await body(resource);
  } finally {
    await resource.close();
  }
}

/** The platform proxy's symptom: RequestError "Socket is closed", cause = ToolbeltError host-refused naming the host. */
async function expectRefused(client: HttpClient, options: HttpClientOptions, host: string): Promise<void> {
  const error = await failure(client(options));
  expect(error.name).toBe("RequestError");
  expect(error.message).toContain("Socket is closed");
  expect(error.cause).toBeInstanceOf(ToolbeltError);
  expect((error.cause as ToolbeltError).code).toBe(ErrorCodes.Egress.HostRefused);
  expect((error.cause as ToolbeltError).message).toContain(`"${host}"`);
}

describe("refused hosts open no socket", () => {
  it.each(LOOPBACK_FORMS)("%s", async (_name, form, host) => {
    await expectRefused(freshClient({ allowlist: ALLOWLIST }), { uri: form(refused.port) }, host);
    expect(refused.connections).toBe(0);
  });

  it.each(LOOKALIKE_NAMES)("look-alike name %s", async (name) => {
    const expected = new URL(`http://${name}/`).hostname;
    await expectRefused(freshClient({ allowlist: ALLOWLIST }), { uri: `http://${name}:${refused.port}/` }, expected);
  });

  it("the same forms do reach the server when there is no allowlist (so the zeros above are the policy's doing)", async () => {
    const client = freshClient();
    expect(getConfig().allowlist).toBeNull();
    const before = target.requests.length;
    // The https form meets a plain HTTP server; "localhost." is not in /etc/hosts here.
    const dialable = LOOPBACK_FORMS.filter(([name]) => name !== "https" && name !== "name with a trailing dot");
    for (const [, form] of dialable) {
      const body = await client<{ url: string }>({ uri: `${form(target.port)}open`, json: true });
      expect(body.url).toBe("/open");
    }
    expect(target.requests.length - before).toBe(dialable.length);
    expect(dialable.length).toBe(LOOPBACK_FORMS.length - 2);
  });
});

describe("an allowed IP is allowed in every notation", () => {
  it.each([
    ["127.0.0.1", "decimal", (p: number) => `http://2130706433:${p}/ip`],
    ["127.0.0.1", "octal", (p: number) => `http://0177.0.0.1:${p}/ip`],
    ["127.0.0.1", "hex", (p: number) => `http://0x7f.0.0.1:${p}/ip`],
    ["127.0.0.1", "short", (p: number) => `http://127.1:${p}/ip`],
    ["127.0.0.1", "mapped", (p: number) => `http://[::ffff:127.0.0.1]:${p}/ip`],
    ["0x7f.1", "dotted quad, entry in hex", (p: number) => `http://127.0.0.1:${p}/ip`],
    ["::ffff:7f00:1", "decimal, entry as mapped IPv6", (p: number) => `http://2130706433:${p}/ip`],
  ])("entry %s, URL in %s notation", async (entry, _notation, form) => {
    const before = target.requests.length;
    const body = await freshClient({ allowlist: [entry] })<{ url: string }>({ uri: form(target.port), json: true });
    expect(body.url).toBe("/ip");
    expect(target.requests.length).toBe(before + 1);
  });

  it("another address is still refused", async () => {
    await expectRefused(freshClient({ allowlist: ["127.0.0.2"] }), { uri: `http://127.0.0.1:${refused.port}/` }, "127.0.0.1");
    expect(refused.connections).toBe(0);
  });
});

describe("redirects are checked on every hop", () => {
  it.each([
    `http://127.0.0.1:PORT/`,
    `http://2130706433:PORT/`,
    `//0x7f.1:PORT/protocol-relative`,
    `http://localhost@127.0.0.1:PORT/`,
    `http://[::ffff:127.0.0.1]:PORT/`,
  ])("302 to %s is refused with no connection to it", async (location) => {
    const to = location.replace("PORT", String(refused.port));
    const before = target.requests.length;
    const start = `http://localhost:${target.port}/redirect?to=${encodeURIComponent(to)}`;
    await expectRefused(freshClient({ allowlist: ["localhost"] }), { uri: start }, "127.0.0.1");
    expect(target.requests.length).toBe(before + 1);
    expect(refused.connections).toBe(0);
  });

  it("a redirect to an allowed host is followed", async () => {
    const start = `http://localhost:${target.port}/redirect?to=${encodeURIComponent(`http://LocalHost:${target.port}/final`)}`;
    const body = await freshClient({ allowlist: ["localhost"] })<{ url: string }>({ uri: start, json: true });
    expect(body.url).toBe("/final");
  });
});

describe("an explicit Host header cannot smuggle a refused host", () => {
  it.each([
    [{ Host: "127.0.0.1:80" }, "127.0.0.1"],
    [{ host: "evil.test" }, "evil.test"],
    [{ HOST: "2130706433" }, "127.0.0.1"],
    [{ Host: "localhost", host: "evil.test" }, "evil.test"],
    [{ host: "localhost@evil.test" }, "localhost@evil.test"],
  ])("allowed URL with headers %j → refused, no connection at all", async (headers, host) => {
    const before = target.connections;
    await expectRefused(freshClient({ allowlist: ["localhost"] }), { uri: `http://localhost:${target.port}/`, headers }, host);
    expect(target.connections).toBe(before);
  });

  it("refused URL with an allowed Host header is still refused", async () => {
    const client = freshClient({ allowlist: ["localhost"] });
    await expectRefused(client, { uri: `http://127.0.0.1:${refused.port}/`, headers: { Host: "localhost" } }, "127.0.0.1");
    expect(refused.connections).toBe(0);
  });

  it("an allowed Host header on an allowed URL goes through", async () => {
    const body = await freshClient({ allowlist: ["localhost", "*.allowed.test"] })<{ headers: Record<string, string> }>({
      uri: `http://localhost:${target.port}/`,
      headers: { Host: "api.allowed.test" },
      json: true,
    });
    expect(body.headers.host).toBe("api.allowed.test");
  });
});

describe("proxies are trusted infrastructure, never a way around the allowlist", () => {
  it.each([
    ["no NO_PROXY", undefined],
    ["NO_PROXY naming the host", "127.0.0.1,localhost"],
    ["NO_PROXY=*", "*"],
  ])("a refused target opens no tunnel and no proxy connection (%s)", async (_name, noProxy) => {
    await using(startConnectProxy, async (proxy) => {
      const settings = { allowlist: ["localhost"], httpProxy: proxy.url, httpsProxy: proxy.url, ...(noProxy && { noProxy }) };
      for (const scheme of ["http", "https"]) {
        await expectRefused(freshClient(settings), { uri: `${scheme}://127.0.0.1:${refused.port}/` }, "127.0.0.1");
        await expectRefused(freshClient(settings), { uri: `${scheme}://evil.test:${refused.port}/` }, "evil.test");
      }
      expect(proxy.connections).toBe(0);
      expect(proxy.tunnels).toEqual([]);
      expect(proxy.forwards).toEqual([]);
      expect(refused.connections).toBe(0);
    });
  });

  it("HTTP(S)_PROXY / NO_PROXY from the environment do not widen it either", async () => {
    await using(startConnectProxy, async (proxy) => {
      process.env.HTTP_PROXY = proxy.url;
      process.env.HTTPS_PROXY = proxy.url;
      process.env.NO_PROXY = "127.0.0.1";
      const client = freshClient({ allowlist: ["localhost"] });
      expect(getConfig().proxy).toEqual({ http: proxy.url, https: proxy.url, noProxy: "127.0.0.1" });
      await expectRefused(client, { uri: `http://0x7f000001:${refused.port}/` }, "127.0.0.1");
      expect(proxy.connections).toBe(0);
      const body = await client<{ url: string }>({ uri: `http://localhost:${target.port}/env-proxied`, json: true });
      expect(body.url).toBe("/env-proxied");
      expect(proxy.forwards).toEqual([`GET http://localhost:${target.port}/env-proxied`]);
    });
  });

  it("an allowed target goes through the proxy: http in absolute-URI form, https tunnelled (TLS end to end)", async () => {
    await using(startConnectProxy, async (proxy) => {
      const client = freshClient({ allowlist: ["localhost"], httpProxy: proxy.url, httpsProxy: proxy.url });
      const plain = await client<{ url: string }>({ uri: `http://localhost:${target.port}/proxied?q=1`, json: true });
      expect(plain.url).toBe("/proxied?q=1");
      const secure = await client<{ url: string }>({ uri: `https://localhost:${tlsTarget.port}/tls`, json: true, ca: testPki().ca });
      expect(secure.url).toBe("/tls");
      // Proxies commonly refuse CONNECT to port 80 (squid: 443 only); plain HTTP is never tunnelled.
      expect(proxy.forwards).toEqual([`GET http://localhost:${target.port}/proxied?q=1`]);
      expect(proxy.tunnels).toEqual([`localhost:${tlsTarget.port}`]);
    });
  });

  it("the platform's own API is reached directly, whatever the proxy variables say", async () => {
    await using(startConnectProxy, async (proxy) => {
      const platform = await startServer((_req, res) => void res.end(JSON.stringify({ entries: ["localhost"] })));
      try {
        const client = freshClient({ platformUrl: platform.url, httpProxy: proxy.url, httpsProxy: proxy.url });
        const body = await client<{ url: string }>({ uri: `http://localhost:${target.port}/after-allowlist-read`, json: true });
        expect(body.url).toBe("/after-allowlist-read");
        expect(platform.requests.map((r) => r.url)).toEqual(["/_platform/allowlist"]);
        expect(proxy.forwards).toEqual([`GET http://localhost:${target.port}/after-allowlist-read`]);
      } finally {
        await platform.close();
      }
    });
  });

  it("NO_PROXY sends an allowed target direct, past the proxy", async () => {
    await using(startConnectProxy, async (proxy) => {
      const client = freshClient({ allowlist: ["localhost"], httpProxy: proxy.url, noProxy: "localhost" });
      const body = await client<{ url: string }>({ uri: `http://localhost:${target.port}/direct`, json: true });
      expect(body.url).toBe("/direct");
      expect(proxy.connections).toBe(0);
    });
  });
});

describe("rate limit: 20 requests per second per process", () => {
  async function burst(client: HttpClient, url: string, count: number): Promise<number[]> {
    const responses = await Promise.all(
      Array.from({ length: count }, () => client<{ statusCode: number }>({ uri: url, simple: false, resolveWithFullResponse: true })),
    );
    return responses.map((r) => r.statusCode);
  }

  it("the 21st request in one second gets a local 429; the server sees exactly 20", async () => {
    await using(
      () => startServer(),
      async (server) => {
        resetConfig();
        configure({ allowlist: ["localhost"], rateLimit: 20 });
        // Its own core with a frozen clock: "one second" is exact, however slow the machine.
        let now = 5_000;
        const core = createRequestCore(getConfig(), { now: () => now });
        const client = createHttpClient({}, { core: () => core });
        const statuses = await burst(client, `http://localhost:${server.port}/burst`, 21);
        expect(statuses.filter((s) => s === 200)).toHaveLength(20);
        expect(statuses.filter((s) => s === 429)).toHaveLength(1);
        expect(server.requests).toHaveLength(20);

        const limited = await failure(client(`http://localhost:${server.port}/again`));
        expect(limited.name).toBe("StatusCodeError");
        expect((limited as unknown as { statusCode: number }).statusCode).toBe(429);
        const full = await client<{ statusCode: number; statusMessage: string; headers: Record<string, string> }>({
          uri: `http://localhost:${server.port}/again`,
          simple: false,
          resolveWithFullResponse: true,
        });
        expect([full.statusCode, full.statusMessage, full.headers["retry-after"]]).toEqual([429, "Too Many Requests", "1"]);
        expect(server.requests).toHaveLength(20);

        now += 1_000;
        expect(await burst(client, `http://localhost:${server.port}/next-second`, 21)).toEqual([...Array<number>(20).fill(200), 429]);
        expect(server.requests).toHaveLength(40);
        await core.close();
      },
    );
  });

  it("defaults to 20/s once an allowlist is active (real clock)", async () => {
    await using(
      () => startServer(),
      async (server) => {
        resetConfig();
        configure({ allowlist: ["localhost"] });
        expect(getConfig().rateLimitPerSecond).toBe(20);
        const statuses = await burst(createHttpClient(), `http://localhost:${server.port}/default`, 21);
        expect(statuses.filter((s) => s === 429)).toHaveLength(1);
        expect(server.requests).toHaveLength(20);
      },
    );
  });

  it("is off without an allowlist", async () => {
    await using(
      () => startServer(),
      async (server) => {
        resetConfig();
        expect(getConfig().rateLimitPerSecond).toBe(0);
        const statuses = await burst(createHttpClient(), `http://127.0.0.1:${server.port}/open`, 30);
        expect(statuses).toEqual(Array<number>(30).fill(200));
        expect(server.requests).toHaveLength(30);
      },
    );
  });
});
