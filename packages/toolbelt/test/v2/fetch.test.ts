/** v2Fetch: fetch's contract on the toolbelt's request core, against real servers (http, https with a test CA). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import { v2Fetch } from "../../src/v2/net/fetch";
import { startServer, startSilentServer, type TestServer } from "../helpers/servers";
import { testPki } from "../helpers/tls";

let plain: TestServer;
let secure: TestServer;
beforeAll(async () => {
  plain = await startServer((req, res) => {
    if (req.url === "/redirect-303") {
      res.writeHead(303, { location: "/echo" });
      return void res.end();
    }
    if (req.url === "/redirect-307") {
      res.writeHead(307, { location: "/echo" });
      return void res.end();
    }
    if (req.url === "/function-failed") {
      res.writeHead(901, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ code: "com.customer.faas.function.threw-error", message: "boom" }));
    }
    if (req.url === "/no-content") {
      res.writeHead(204);
      return void res.end();
    }
    res.setHeader("content-type", "application/json");
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: req.body.toString("utf8") }));
  });
  secure = await startServer(undefined, { tls: true });
});
afterAll(async () => {
  await plain.close();
  await secure.close();
});
afterEach(() => resetConfig());

describe("v2Fetch", () => {
  it("sends what a Request would (form bodies get their content type) and answers a Response", async () => {
    const response = await v2Fetch(`${plain.url}/echo`, { method: "POST", body: new URLSearchParams({ a: "1", b: "x y" }), headers: [["x-pair", "p"]] });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${plain.url}/echo`);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const echoed = (await response.json()) as { body: string; headers: Record<string, string> };
    expect(echoed.body).toBe("a=1&b=x+y");
    expect(echoed.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(echoed.headers["x-pair"]).toBe("p");
  });

  it("answers a status outside 200–599 as fetch does (the gateway's 901): status kept, not ok, body readable", async () => {
    const response = await v2Fetch(`${plain.url}/function-failed`, { method: "POST", body: "{}" });
    expect(response.status).toBe(901);
    expect(response.ok).toBe(false);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ code: "com.customer.faas.function.threw-error", message: "boom" });
  });

  it("answers null-body statuses without a body", async () => {
    const response = await v2Fetch(`${plain.url}/no-content`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("follows redirects as fetch does: 303 becomes GET without a body, 307 keeps method and body", async () => {
    const after303 = (await (await v2Fetch(`${plain.url}/redirect-303`, { method: "POST", body: "payload" })).json()) as { method: string; body: string };
    expect(after303).toMatchObject({ method: "GET", body: "" });
    const after307 = (await (await v2Fetch(`${plain.url}/redirect-307`, { method: "POST", body: "payload" })).json()) as { method: string; body: string };
    expect(after307).toMatchObject({ method: "POST", body: "payload" });
    const manual = await v2Fetch(`${plain.url}/redirect-307`, { redirect: "manual" });
    expect(manual.status).toBe(307);
  });

  it("a network failure is TypeError('fetch failed') with Node's code as cause", async () => {
    const error = await v2Fetch("http://127.0.0.1:1/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    expect(((error as TypeError).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("timeoutMs aborts with a TimeoutError, as AbortSignal.timeout does", async () => {
    const silent = await startSilentServer();
    try {
      const error = await v2Fetch(`http://127.0.0.1:${silent.port}/`, { timeoutMs: 100 }).catch((e: unknown) => e);
      expect((error as Error).name).toBe("TimeoutError");
    } finally {
      await silent.close();
    }
  });

  it("verifies TLS by default; tls.ca trusts a private CA", async () => {
    const refused = await v2Fetch(secure.url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    const trusted = await v2Fetch(secure.url, { tls: { ca: testPki().ca } });
    expect(trusted.status).toBe(200);
  });

  it("goes through the egress policy: a host off the allowlist is refused before any connection", async () => {
    configure({ allowlist: ["only.example"], rateLimit: false });
    const before = plain.connections;
    const error = await v2Fetch(`${plain.url}/echo`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "com.liveperson.faas.egress.host-refused" });
    expect(plain.connections).toBe(before);
  });
});
