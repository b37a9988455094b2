/**
 * The dashboard's server side without a browser: its static files (types,
 * cache headers, the page's paths, a budget of 150 KB gzipped, nothing from
 * another site), the token→cookie exchange and what the cookie is good for
 * (same-origin calls only), and the platform API routes the dashboard added.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../../src/platform";
import { dashboardDir } from "../../src/services/dashboard/static-files";
import { start, tempProject, type TempProject } from "../helpers";

let project: TempProject;
let platform: RunningPlatform;
let cookie: string;

const url = (path: string): string => `${platform.url}${path}`;
/** An answer's JSON body, loosely typed (the assertions say what it holds). */
const body = async (answer: Response | Promise<Response>): Promise<any> => (await answer).json();
const bearer = (): Record<string, string> => ({ authorization: `Bearer ${platform.adminToken}` });

beforeAll(async () => {
  project = tempProject();
  project.addFunction("hello", `async function lambda(input) { console.info("hi"); return { got: input.payload }; }\nmodule.exports = { lambda };\n`, {
    event: "conversational_command",
  });
  platform = await start(project);
  const session = await fetch(url("/_dashboard/session"), { method: "POST", headers: bearer() });
  expect(session.status).toBe(204);
  cookie = session.headers.get("set-cookie")!.split(";")[0]!;
});

afterAll(async () => {
  await platform?.close();
  project?.remove();
});

describe("the dashboard's files", () => {
  it("serves the page at / and at each of its paths, with a policy that loads nothing from elsewhere", async () => {
    for (const path of ["/", "/invoke", "/invocations", "/invocations/some-id", "/secrets", "/context", "/conversations", "/conversations/c-1"]) {
      const page = await fetch(url(path));
      expect(page.status, path).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      expect(await page.text()).toContain('<div id="app">');
    }
  });

  it("serves its hashed assets with their types and a long cache lifetime; unknown paths stay 404", async () => {
    const html = await (await fetch(url("/"))).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith(".js"))).toBe(true);
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    for (const asset of assets) {
      const answer = await fetch(url(asset));
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe(asset.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
      expect(answer.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
    const missing = await fetch(url("/assets/nope.js"));
    expect(missing.status).toBe(404);
    expect((await body(missing)).code).toBe("com.liveperson.faas.platform.not-found");
    expect((await fetch(url("/no-such-page"))).status).toBe(404);
  });

  it("stays within 150 KB gzipped and names no other site", () => {
    const dir = dashboardDir()!;
    const files = readdirSync(join(dir, "assets")).map((name) => readFileSync(join(dir, "assets", name)));
    const gzipped = files.reduce((sum, body) => sum + gzipSync(body).length, 0);
    expect(gzipped).toBeLessThanOrEqual(150 * 1024);
    expect(readFileSync(join(dir, "index.html"), "utf8")).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Strict, named for the port, and not the token itself", async () => {
    const answer = await fetch(url("/_dashboard/session"), { method: "POST", headers: bearer() });
    const header = answer.headers.get("set-cookie")!;
    expect(header).toMatch(new RegExp(`^lp_faas_dashboard_${platform.port}=[\\w-]+; Path=/; HttpOnly; SameSite=Strict$`));
    expect(header).not.toContain(platform.adminToken);
  });

  it("is given only for the admin token", async () => {
    expect((await fetch(url("/_dashboard/session"), { method: "POST" })).status).toBe(401);
    expect((await fetch(url("/_dashboard/session"), { method: "POST", headers: { authorization: "Bearer wrong" } })).status).toBe(403);
  });

  it("opens admin routes to same-origin calls", async () => {
    expect((await fetch(url("/_platform/overview"), { headers: { cookie } })).status).toBe(200);
    expect((await fetch(url("/_platform/overview"), { headers: { cookie, "sec-fetch-site": "same-origin" } })).status).toBe(200);
    const add = await fetch(url("/_platform/allowlist"), {
      method: "POST",
      headers: { cookie, origin: platform.url, "content-type": "application/json" },
      body: JSON.stringify({ entry: "cookie.example.com" }),
    });
    expect(add.status).toBe(201);
  });

  it("is refused from another site, for a write without Origin, from another port, and when forged", async () => {
    expect((await fetch(url("/_platform/overview"), { headers: { cookie, "sec-fetch-site": "cross-site" } })).status).toBe(401);
    expect((await fetch(url("/_platform/overview"), { headers: { cookie, "sec-fetch-site": "same-site" } })).status).toBe(401);
    const noOrigin = await fetch(url("/_platform/allowlist"), {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ entry: "no-origin.example.com" }),
    });
    expect(noOrigin.status).toBe(401);
    const foreign = await fetch(url("/_platform/allowlist"), {
      method: "POST",
      headers: { cookie, origin: "http://attacker.example", "content-type": "application/json" },
      body: JSON.stringify({ entry: "foreign.example.com" }),
    });
    expect(foreign.status).toBe(403);
    const value = cookie.split("=")[1]!;
    expect((await fetch(url("/_platform/overview"), { headers: { cookie: `lp_faas_dashboard_${platform.port + 1}=${value}` } })).status).toBe(401);
    expect((await fetch(url("/_platform/overview"), { headers: { cookie: `lp_faas_dashboard_${platform.port}=forged` } })).status).toBe(401);
    expect((await fetch(url("/_platform/overview"), { headers: { cookie: `lp_faas_dashboard_${platform.port}=${platform.adminToken}` } })).status).toBe(401);
  });

  it("is cleared by DELETE /_dashboard/session", async () => {
    const answer = await fetch(url("/_dashboard/session"), { method: "DELETE" });
    expect(answer.status).toBe(204);
    expect(answer.headers.get("set-cookie")).toContain("Max-Age=0");
  });
});

describe("the API routes the dashboard reads", () => {
  it("gives an overview with each function's event, instance state and last invocation", async () => {
    const before = await body(fetch(url("/_platform/overview"), { headers: bearer() }));
    expect(before).toMatchObject({ accountId: platform.accountId, port: platform.port, url: platform.url, stateDb: platform.dbPath });
    expect(before.functions).toEqual([
      { name: "hello", uuid: expect.any(String), generation: 1, event: "conversational_command", instance: "cold", instances: 0, inFlight: 0 },
    ]);
    const invoked = await body(
      fetch(url("/_platform/functions/hello/invoke"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ payload: { n: 1 }, headers: [{ key: "x-a", value: "b" }] }),
      }),
    );
    const after = await body(fetch(url("/_platform/overview"), { headers: bearer() }));
    expect(after.functions[0]).toMatchObject({ instance: "warm", lastInvocation: { id: invoked.invocationId, status: "succeeded" } });
    const data = await fetch(url(`/_platform/invocations/${invoked.invocationId}/data`), { headers: bearer() });
    expect(await body(data)).toEqual({ kept: true, payload: { n: 1 }, headers: [{ key: "x-a", value: "b" }], result: { got: { n: 1 } } });
    expect(await body(fetch(url("/_platform/invocations/unknown-id/data"), { headers: bearer() }))).toEqual({ kept: false });
    expect((await fetch(url("/_platform/overview"))).status).toBe(401);
  });

  it("shows an instance busy while an invocation runs", async () => {
    const gate = join(project.dir, "gate");
    project.addFunction(
      "waits",
      `const { existsSync } = require("node:fs");
async function lambda() {
  while (!existsSync(${JSON.stringify(gate)})) await new Promise((r) => setTimeout(r, 20));
  return "done";
}
module.exports = { lambda };\n`,
    );
    const running = fetch(url("/_platform/functions/waits/invoke"), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const waits = async () =>
      ((await body(fetch(url("/_platform/overview"), { headers: bearer() }))).functions as Array<{ name: string; instance: string; inFlight: number }>).find(
        (fn) => fn.name === "waits",
      );
    await expect.poll(waits).toMatchObject({ instance: "busy", inFlight: 1 });
    writeFileSync(gate, "");
    expect((await body(running)).result).toBe("done");
    expect(await waits()).toMatchObject({ instance: "warm", inFlight: 0 });
  });

  it("lists the events with their samples", async () => {
    const events = await body(fetch(url("/_platform/events"), { headers: bearer() }));
    const end = events.find((e: { eventId: string }) => e.eventId === "controllerbot_messaging_conversation_end");
    expect(end.subEvents.length).toBeGreaterThan(0);
    expect(end.sample.payload.general.cbotEventType).toBe(end.subEvents[0]);
  });

  it("browses and edits the context store per account, with the store's checks", async () => {
    const base = url(`/_platform/context/accounts/${platform.accountId}/namespaces`);
    const json = { ...bearer(), "content-type": "application/json" };
    expect((await fetch(base, { method: "POST", headers: json, body: JSON.stringify({ name: "carts", ttlSecond: 60 }) })).status).toBe(201);
    expect((await fetch(base, { method: "POST", headers: json, body: JSON.stringify({ name: "carts" }) })).status).toBe(200);
    const badTtl = await fetch(base, { method: "POST", headers: json, body: JSON.stringify({ name: "x", ttlSecond: 1.5 }) });
    expect(badTtl.status).toBe(400);
    expect((await fetch(base, { method: "POST", headers: json, body: JSON.stringify({ name: "faas" }) })).status).toBe(400);
    const session = `${base}/carts/sessions/s1`;
    expect((await fetch(session, { method: "PATCH", headers: json, body: JSON.stringify({ a: 1, b: [2] }) })).status).toBe(204);
    expect(await body(fetch(`${base}/carts/sessions`, { headers: bearer() }))).toEqual(["s1"]);
    expect((await fetch(`${session}/properties/a`, { method: "DELETE", headers: bearer() })).status).toBe(204);
    expect(await body(fetch(session, { headers: bearer() }))).toEqual({ b: [2] });
    const list = await body(fetch(base, { headers: bearer() }));
    expect(list[0]).toMatchObject({ name: "carts", ttlSecond: 60, builtIn: false });
    expect(list.filter((n: { builtIn: boolean }) => n.builtIn).map((n: { name: string }) => n.name)).toContain("faas");
    expect((await fetch(`${base}/nope/sessions`, { headers: bearer() })).status).toBe(404);
    expect(await body(fetch(url("/_platform/context/accounts"), { headers: bearer() }))).toEqual([platform.accountId]);
    expect((await fetch(`${base}/carts`, { method: "DELETE", headers: bearer() })).status).toBe(204);
  });
});
