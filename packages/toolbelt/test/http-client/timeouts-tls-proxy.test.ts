/**
 * Timeouts with request's error codes, TLS verification (on by default, per
 * request opt-out / custom CA), and a real CONNECT proxy with TLS verified end
 * to end through the tunnel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "../../src/errors/request-errors";
import { startConnectProxy, startServer, startSilentServer, type TestProxy, type TestServer } from "../helpers/servers";
import { testPki } from "../helpers/tls";
import { freshClient } from "../helpers/toolbelt";

interface NetworkCause {
  code?: string;
  connect?: boolean;
}

function causeOf(error: unknown): NetworkCause {
  expect(error).toBeInstanceOf(RequestError);
  return (error as RequestError).cause as NetworkCause;
}

describe("timeout", () => {
  let silent: TestServer;
  let hanging: TestServer;
  let slowBody: TestServer;
  beforeAll(async () => {
    silent = await startSilentServer();
    // Accepts the request and never answers it.
    hanging = await startServer(() => new Promise<void>(() => undefined));
    // Sends headers and a first chunk, then stalls.
    slowBody = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
  });
  afterAll(async () => {
    await silent.close();
    await hanging.close();
    await slowBody.close();
  });

  it("fails a connection that does not complete (TLS handshake never answered) with ETIMEDOUT, connect: true", async () => {
    const client = freshClient();
    const started = Date.now();
    const error = await client(`${silent.url}/x`, { timeout: 300 }).catch((e: unknown) => e);
    const cause = causeOf(error);
    expect(cause.code).toBe("ETIMEDOUT");
    expect(cause.connect).toBe(true);
    expect(String(error)).toBe("RequestError: Error: ETIMEDOUT");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(silent.connections).toBeGreaterThan(0);
  });

  it("fails a response that does not come with ESOCKETTIMEDOUT, connect: false", async () => {
    const client = freshClient();
    const error = await client(`${hanging.url}/wait`, { timeout: 300 }).catch((e: unknown) => e);
    const cause = causeOf(error);
    expect(cause.code).toBe("ESOCKETTIMEDOUT");
    expect(cause.connect).toBe(false);
    expect(hanging.requests.map((r) => r.url)).toContain("/wait");
  });

  it("times out exactly: a 150 ms timeout beats a response that takes 600 ms", async () => {
    const late = await startServer((_req, res) => void setTimeout(() => res.end("late"), 600));
    try {
      const client = freshClient();
      const cause = causeOf(await client(late.url, { timeout: 150 }).catch((e: unknown) => e));
      expect(cause.code).toBe("ESOCKETTIMEDOUT");
      expect(await client(late.url, { timeout: 2_000 })).toBe("late");
    } finally {
      await late.close();
    }
  });

  it("fails a body that stalls between chunks with ESOCKETTIMEDOUT", async () => {
    const client = freshClient();
    const cause = causeOf(await client(slowBody.url, { timeout: 300 }).catch((e: unknown) => e));
    expect(cause.code).toBe("ESOCKETTIMEDOUT");
  });

  it("aborts with an AbortSignal (our extension; request-promise had .abort())", async () => {
    const client = freshClient();
    const controller = new AbortController();
    const pending = client(`${hanging.url}/abort`, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error("caller gave up")), 100);
    const error = await pending;
    expect(error).toBeInstanceOf(RequestError);
    expect(String(error)).toContain("caller gave up");
    const already = await client(hanging.url, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(already).toBeInstanceOf(RequestError);
  });

  it("rejects a negative or non-numeric timeout", async () => {
    const client = freshClient();
    await expect(client(hanging.url, { timeout: -1 })).rejects.toBeInstanceOf(RequestError);
    await expect(client(hanging.url, { timeout: "soon" as never })).rejects.toThrow(/timeout/);
  });
});

describe("TLS", () => {
  let secure: TestServer;
  beforeAll(async () => {
    secure = await startServer((_req, res) => void res.end("secure"), { tls: true });
  });
  afterAll(() => secure.close());

  it("verifies certificates by default and accepts a custom CA per request", async () => {
    const client = freshClient();
    const cause = causeOf(await client(secure.url).catch((e: unknown) => e));
    expect(String(cause.code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    expect(await client(secure.url, { ca: testPki().ca })).toBe("secure");
    expect(await client(secure.url, { ca: [testPki().ca] })).toBe("secure");
  });

  it("opts out per request with rejectUnauthorized: false or strictSSL: false, and only for that request", async () => {
    const client = freshClient();
    expect(await client(secure.url, { rejectUnauthorized: false })).toBe("secure");
    expect(await client(secure.url, { strictSSL: false })).toBe("secure");
    // As request: strictSSL: false turns verification off even next to rejectUnauthorized: true.
    expect(await client(secure.url, { strictSSL: false, rejectUnauthorized: true })).toBe("secure");
    await expect(client(secure.url)).rejects.toBeInstanceOf(RequestError);
    await expect(client(secure.url, { strictSSL: true })).rejects.toBeInstanceOf(RequestError);
    const lax = client.defaults({ rejectUnauthorized: false });
    expect(await lax(secure.url)).toBe("secure");
    await expect(client(secure.url)).rejects.toBeInstanceOf(RequestError);
  });
});

describe("proxy", () => {
  let proxy: TestProxy;
  let secure: TestServer;
  beforeAll(async () => {
    proxy = await startConnectProxy();
    secure = await startServer((req, res) => void res.end(`via ${req.url}`), { tls: true });
  });
  afterAll(async () => {
    await proxy.close();
    await secure.close();
  });

  it("tunnels an https request through the CONNECT proxy with TLS verified end to end", async () => {
    const client = freshClient({ httpsProxy: proxy.url });
    const tunnelsBefore = proxy.tunnels.length;
    expect(await client(`${secure.url}/through`, { ca: testPki().ca })).toBe("via /through");
    expect(proxy.tunnels.slice(tunnelsBefore)).toEqual([`127.0.0.1:${secure.port}`]);
    expect(secure.requests.at(-1)?.url).toBe("/through");

    // Still verified inside the tunnel: without the CA the request fails.
    const failed = freshClient({ httpsProxy: proxy.url });
    const tunnels = proxy.tunnels.length;
    const cause = causeOf(await failed(`${secure.url}/unverified`).catch((e: unknown) => e));
    expect(String(cause.code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    expect(proxy.tunnels.length).toBeGreaterThan(tunnels);
    expect(secure.requests.some((r) => r.url === "/unverified")).toBe(false);
  });

  it("goes direct without a configured proxy", async () => {
    const client = freshClient();
    const tunnels = proxy.tunnels.length;
    expect(await client(`${secure.url}/direct`, { ca: testPki().ca })).toBe("via /direct");
    expect(proxy.tunnels.length).toBe(tunnels);
  });
});
