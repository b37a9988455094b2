/**
 * The Context Session Store's v1 REST API on a started platform, spoken with
 * raw HTTP (fetch / node:http), route by route: statuses, bodies, auth (401
 * before 403 before anything else), every bad input answered as a JSON 4xx,
 * TTL expiry through the platform's injected clock, and the key management
 * endpoints of the platform API.
 */
import Database from "better-sqlite3";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { createContextStore } from "../src/state/context-store";
import { ContextLimits } from "../src/state/context-types";
import { openStateDb } from "../src/state/db";
import { adminHeaders, start, tempProject, type TempProject } from "./helpers";

const OTHER_ACCOUNT = "99999999";
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

let project: TempProject;
let platform: RunningPlatform;
let clock: { now: number };
let apiKey: string;
let otherKey: string;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when empty). */
  json: any;
}

async function call(
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const key = options.key === undefined ? apiKey : options.key;
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...(key !== null && { "maven-api-key": key }),
      ...(path.startsWith("/_platform/") && adminHeaders(platform)),
      ...options.headers,
    },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text === "" ? undefined : JSON.parse(text) };
}

/** `/v1/account/<platform account><rest>` */
const acc = (rest = "", account = platform.accountId): string => `/v1/account/${account}${rest}`;

/** A 4xx answer with a JSON `{ code, message }` body. */
function expectJsonError(answer: Answer, status: number, message?: string | RegExp): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  expect(answer.json).toEqual({ code: expect.any(String), message: expect.any(String) });
  if (message !== undefined) expect(answer.json.message).toMatch(message);
}

async function createKey(accountId?: string): Promise<{ apiKey: string; keyId: string; accountId: string; createdAt: string }> {
  const answer = await call("POST", "/_platform/context/keys", { key: null, body: accountId === undefined ? {} : { accountId } });
  expect(answer.status).toBe(201);
  return answer.json;
}

beforeAll(async () => {
  project = tempProject();
  clock = { now: T0 };
  platform = await start(project, { now: () => clock.now, contextPurgeIntervalMs: 50 });
  apiKey = (await createKey()).apiKey;
  otherKey = (await createKey(OTHER_ACCOUNT)).apiKey;
});

afterAll(async () => {
  await platform.close();
  project.remove();
});

describe("discovery", () => {
  it("CSDS points mavenContext at the platform, so the client's base is <platform>/v1/account/<account>", async () => {
    const response = await fetch(`${platform.url}/api/account/${platform.accountId}/service/baseURI.json?version=1.0`);
    const { baseURIs } = (await response.json()) as { baseURIs: Array<{ service: string; baseURI: string }> };
    const baseURI = baseURIs.find((entry) => entry.service === "mavenContext")?.baseURI;
    expect(baseURI).toBe(platform.url);
    // What the client builds from it: http kept (the URI starts with http), then /v1/account/<acc>.
    expect((await call("GET", new URL(`${baseURI}/v1/account/${platform.accountId}`).pathname)).status).toBe(200);
  });
});

describe("API keys on the platform API", () => {
  it("POST creates a key for the platform's account by default, or the one named; 201 with the key once", async () => {
    clock.now = T0;
    const created = await createKey();
    expect(created).toEqual({
      accountId: platform.accountId,
      apiKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      keyId: expect.stringMatching(/^[0-9a-f]{12}$/),
      createdAt: new Date(T0).toISOString(),
    });
    const empty = await call("POST", "/_platform/context/keys", { key: null, rawBody: "" });
    expect(empty.status).toBe(201);
    expect(empty.json.accountId).toBe(platform.accountId);
    expect((await createKey("le-555")).accountId).toBe("le-555");
  });

  it("GET lists keys without the key itself; ?accountId= filters", async () => {
    const { keyId } = await createKey("77777777");
    const all = await call("GET", "/_platform/context/keys", { key: null });
    expect(all.status).toBe(200);
    expect(all.json).toContainEqual({ keyId, accountId: "77777777", createdAt: expect.any(String) });
    expect(all.text).not.toContain(apiKey);
    for (const entry of all.json) expect(Object.keys(entry).sort()).toEqual(["accountId", "createdAt", "keyId"]);
    expect((await call("GET", "/_platform/context/keys?accountId=77777777", { key: null })).json).toEqual([
      { keyId, accountId: "77777777", createdAt: expect.any(String) },
    ]);
  });

  it("DELETE revokes at once (204), then 404; the revoked key gets 403", async () => {
    const key = await createKey();
    expect((await call("GET", acc(), { key: key.apiKey })).status).toBe(200);
    const revoked = await call("DELETE", `/_platform/context/keys/${key.keyId}`, { key: null });
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe("");
    expectJsonError(await call("DELETE", `/_platform/context/keys/${key.keyId}`, { key: null }), 404);
    expectJsonError(await call("GET", acc(), { key: key.apiKey }), 403);
  });

  it("a key revoked by another process on the same database (lp-faas context keys revoke) is refused within a second", async () => {
    const key = await createKey();
    expect((await call("GET", acc(), { key: key.apiKey })).status).toBe(200);
    const cli = openStateDb(platform.dbPath);
    try {
      expect(createContextStore(cli).revokeApiKey(key.keyId)).toBe(true);
    } finally {
      cli.close();
    }
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 2_000) {
      status = (await call("GET", acc(), { key: key.apiKey })).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(403);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
  });

  it("bad bodies are 400", async () => {
    expectJsonError(await call("POST", "/_platform/context/keys", { key: null, body: [] }), 400);
    expectJsonError(await call("POST", "/_platform/context/keys", { key: null, body: { accountId: 7 } }), 400);
    expectJsonError(await call("POST", "/_platform/context/keys", { key: null, body: { accountId: "no spaces" } }), 400);
    expectJsonError(await call("POST", "/_platform/context/keys", { key: null, rawBody: "{nope" }), 400);
  });
});

describe("authentication (maven-api-key)", () => {
  const routes: Array<[string, string, unknown?]> = [
    ["POST", "", { name: "auth-ns" }],
    ["GET", ""],
    ["DELETE", "/auth-ns"],
    ["GET", "/auth-ns/session-ids"],
    ["PATCH", "/auth-ns/s/properties", { a: 1 }],
    ["GET", "/auth-ns/s/properties"],
    ["DELETE", "/auth-ns/s/properties"],
    ["DELETE", "/auth-ns/s/properties/"],
    ["GET", "/auth-ns/s/properties/a"],
    ["DELETE", "/auth-ns/s/properties/a"],
  ];

  it("every route: no key 401, unknown key 403, another account's key 403; nothing is touched", async () => {
    for (const [method, rest, body] of routes) {
      expectJsonError(await call(method, acc(rest), { key: null, body }), 401, /maven-api-key/);
      expectJsonError(await call(method, acc(rest), { key: "", body }), 401);
      expectJsonError(await call(method, acc(rest), { key: "not-a-key", body }), 403, "Provided API Key is either invalid or lacks permission");
      expectJsonError(await call(method, acc(rest), { key: otherKey, body }), 403, "Provided API Key is either invalid or lacks permission");
    }
    expect((await call("GET", acc())).json.map((n: { name: string }) => n.name)).not.toContain("auth-ns");
  });

  it("auth comes before everything: unknown namespace, bad body, bad ttlSecond, oversized body", async () => {
    expectJsonError(await call("GET", acc("/no-such-ns/s/properties"), { key: "wrong" }), 403);
    expectJsonError(await call("GET", acc("/no-such-ns/s/properties"), { key: null }), 401);
    expectJsonError(await call("PATCH", acc("/faas/s/properties"), { key: "wrong", rawBody: "{not json" }), 403);
    expectJsonError(await call("POST", `${acc()}?ttlSecond=abc`, { key: null, body: { name: "x" } }), 401);
    expectJsonError(await call("PATCH", acc("/faas/s/properties"), { key: "wrong", rawBody: Buffer.alloc(ContextLimits.maxSessionBytes + 10, 0x20) }), 403);
  });

  it("a key of this account is refused on another account's path, and the other way round", async () => {
    expectJsonError(await call("GET", acc("", OTHER_ACCOUNT), { key: apiKey }), 403);
    expect((await call("GET", acc("", OTHER_ACCOUNT), { key: otherKey })).status).toBe(200);
  });
});

describe("namespaces", () => {
  it("POST creates (204, empty body); again it is 204 and neither createdAt nor TTL change", async () => {
    clock.now = T0 + 1_000;
    const first = await call("POST", `${acc()}?ttlSecond=3600`, { body: { name: "carts" } });
    expect(first.status).toBe(204);
    expect(first.text).toBe("");
    clock.now += 5_000;
    expect((await call("POST", `${acc()}?ttlSecond=60`, { body: { name: "carts" } })).status).toBe(204);
    expect((await call("POST", acc(), { body: { name: "carts" } })).status).toBe(204);
    expect((await call("POST", acc(), { body: { name: "orders" } })).status).toBe(204);

    const list = await call("GET", acc());
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toMatch(/^application\/json/);
    const carts = list.json.find((n: { name: string }) => n.name === "carts");
    expect(carts).toEqual({ name: "carts", createdAt: new Date(T0 + 1_000).toISOString(), ttlSecond: 3600 });
    const orders = list.json.find((n: { name: string }) => n.name === "orders");
    expect(orders).toEqual({ name: "orders", createdAt: new Date(T0 + 6_000).toISOString() });
    // Built-ins are never listed.
    for (const builtIn of ["faas", "consumer", "custom", "operational", "conversation"]) expect(list.text).not.toContain(`"${builtIn}"`);
    // With a trailing slash too.
    expect((await call("GET", acc("/"))).json).toEqual(list.json);
  });

  it("bad ttlSecond is 400 and creates nothing", async () => {
    for (const ttl of ["", "0", "-1", "1.5", "1e3", "abc", " 5", "05", String(ContextLimits.maxTtlSecond + 1), "99999999999999999999"]) {
      expectJsonError(await call("POST", `${acc()}?ttlSecond=${encodeURIComponent(ttl)}`, { body: { name: "bad-ttl" } }), 400, /ttlSecond/);
    }
    expectJsonError(await call("POST", `${acc()}?ttlSecond=5&ttlSecond=6`, { body: { name: "bad-ttl" } }), 400);
    expect((await call("GET", acc())).json.map((n: { name: string }) => n.name)).not.toContain("bad-ttl");
    expect((await call("POST", `${acc()}?ttlSecond=${ContextLimits.maxTtlSecond}`, { body: { name: "max-ttl" } })).status).toBe(204);
  });

  it("built-in or invalid names and bad bodies are 400", async () => {
    for (const builtIn of ["faas", "consumer", "custom", "operational", "conversation"]) {
      expectJsonError(await call("POST", acc(), { body: { name: builtIn } }), 400, /built-in/);
      expectJsonError(await call("DELETE", acc(`/${builtIn}`)), 400, /built-in/);
    }
    for (const name of ["", "a b", "a.b", "x".repeat(101), "ü"]) expectJsonError(await call("POST", acc(), { body: { name } }), 400);
    for (const body of [{}, { name: 5 }, { name: null }, ["orders"], "orders", 5]) expectJsonError(await call("POST", acc(), { body }), 400);
    expectJsonError(await call("POST", acc(), { rawBody: "" }), 400);
    expectJsonError(await call("POST", acc(), { rawBody: "{name: x}" }), 400);
  });

  it("DELETE removes the namespace with its sessions (204), again 204; recreated it is empty", async () => {
    await call("POST", acc(), { body: { name: "doomed" } });
    expect((await call("PATCH", acc("/doomed/s1/properties"), { body: { a: 1 } })).status).toBe(204);
    const deleted = await call("DELETE", acc("/doomed"));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call("DELETE", acc("/doomed"))).status).toBe(204);
    expect((await call("GET", acc())).json.map((n: { name: string }) => n.name)).not.toContain("doomed");
    expectJsonError(await call("GET", acc("/doomed/s1/properties")), 404);
    await call("POST", acc(), { body: { name: "doomed" } });
    expect((await call("GET", acc("/doomed/session-ids"))).json).toEqual([]);
    expectJsonError(await call("DELETE", acc("/bad.name")), 400);
  });

  it("more than maxNamespacesPerAccount custom namespaces is a 409; existing ones stay creatable", async () => {
    const account = "55555555";
    const key = (await createKey(account)).apiKey;
    for (let i = 0; i < ContextLimits.maxNamespacesPerAccount; i++) platform.contextStore.createNamespace(account, `ns${i}`);
    expectJsonError(await call("POST", acc("", account), { key, body: { name: "one-more" } }), 409, String(ContextLimits.maxNamespacesPerAccount));
    expect((await call("POST", acc("", account), { key, body: { name: "ns0" } })).status).toBe(204);
    expect((await call("GET", acc("", account), { key })).json).toHaveLength(ContextLimits.maxNamespacesPerAccount);
  });
});

describe("sessions and properties", () => {
  const VALUES = {
    text: "hello",
    jsonLookingText: "42",
    number: 3.25,
    zero: 0,
    flag: false,
    nothing: null,
    list: [1, "two", { three: 3 }],
    nested: { a: { b: ["c"] }, emoji: "☕ ünïcödé" },
  };

  beforeAll(async () => {
    await call("POST", acc(), { body: { name: "props" } });
  });

  it("PATCH stores (204, empty body); GET returns the object; values as given", async () => {
    const patched = await call("PATCH", acc("/props/__default__/properties"), { body: VALUES });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe("");
    const all = await call("GET", acc("/props/__default__/properties"));
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toMatch(/^application\/json/);
    expect(all.json).toEqual(VALUES);
  });

  it("GET of one property answers the value's JSON text", async () => {
    for (const [name, value] of Object.entries(VALUES)) {
      const one = await call("GET", acc(`/props/__default__/properties/${name}`));
      expect(one.status).toBe(200);
      expect(one.headers.get("content-type")).toMatch(/^application\/json/);
      expect(one.text).toBe(JSON.stringify(value));
    }
    expectJsonError(await call("GET", acc("/props/__default__/properties/missing")), 404);
    expectJsonError(await call("GET", acc("/props/never-written/properties/text")), 404);
  });

  it("PATCH merges: named properties replaced, the others kept, new ones created", async () => {
    await call("PATCH", acc("/props/conv-1/properties"), { body: { status: "open", total: 10 } });
    await call("PATCH", acc("/props/conv-1/properties"), { body: { total: 12, currency: "EUR" } });
    expect((await call("GET", acc("/props/conv-1/properties"))).json).toEqual({ status: "open", total: 12, currency: "EUR" });
    expect((await call("PATCH", acc("/props/conv-1/properties"), { body: {} })).status).toBe(204);
    expect((await call("GET", acc("/props/conv-1/properties"))).json).toEqual({ status: "open", total: 12, currency: "EUR" });
  });

  it("an unknown session reads as {}; session-ids lists live sessions with __default__", async () => {
    const unknown = await call("GET", acc("/props/nobody/properties"));
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({});
    const ids = await call("GET", acc("/props/session-ids"));
    expect(ids.status).toBe(200);
    expect(ids.json.sort()).toEqual(["__default__", "conv-1"]);
  });

  it("DELETE of a property: 204, again 204", async () => {
    const first = await call("DELETE", acc("/props/conv-1/properties/currency"));
    expect(first.status).toBe(204);
    expect(first.text).toBe("");
    expect((await call("DELETE", acc("/props/conv-1/properties/currency"))).status).toBe(204);
    expect((await call("DELETE", acc("/props/never/properties/currency"))).status).toBe(204);
    expect((await call("GET", acc("/props/conv-1/properties"))).json).toEqual({ status: "open", total: 12 });
  });

  it("DELETE of a session, with and without the trailing slash: 204, again 204", async () => {
    await call("PATCH", acc("/props/conv-2/properties"), { body: { a: 1 } });
    await call("PATCH", acc("/props/conv-3/properties"), { body: { a: 1 } });
    expect((await call("DELETE", acc("/props/conv-2/properties/"))).status).toBe(204);
    expect((await call("DELETE", acc("/props/conv-2/properties/"))).status).toBe(204);
    expect((await call("DELETE", acc("/props/conv-3/properties"))).status).toBe(204);
    expect((await call("DELETE", acc("/props/conv-3/properties"))).status).toBe(204);
    expect((await call("GET", acc("/props/session-ids"))).json.sort()).toEqual(["__default__", "conv-1"]);
    expect((await call("GET", acc("/props/conv-2/properties"))).json).toEqual({});
  });

  it("encoded session ids and property names come back intact", async () => {
    const session = "visitor 42?x=1#frag%2F";
    const property = "a b&c=d;e/ü";
    const path = `/props/${encodeURIComponent(session)}/properties`;
    expectJsonError(await call("PATCH", acc(path), { body: { [property]: "odd" } }), 400, /property name/); // "/" refused
    expect((await call("PATCH", acc(path), { body: { "a b&c=d;e ü": "odd" } })).status).toBe(204);
    expect((await call("GET", acc(`${path}/${encodeURIComponent("a b&c=d;e ü")}`))).json).toBe("odd");
    expect((await call("GET", acc("/props/session-ids"))).json).toContain(session);
    expect((await call("DELETE", acc(`${path}/`))).status).toBe(204);
  });

  it("built-in namespaces hold sessions", async () => {
    expect((await call("PATCH", acc("/faas/conv-9/properties"), { body: { seen: true } })).status).toBe(204);
    expect((await call("GET", acc("/faas/conv-9/properties/seen"))).json).toBe(true);
    expect((await call("GET", acc("/faas/session-ids"))).json).toEqual(["conv-9"]);
  });

  it("an unknown namespace is 404 on every session route", async () => {
    for (const [method, rest, body] of [
      ["GET", "/ghost/session-ids"],
      ["PATCH", "/ghost/s/properties", { a: 1 }],
      ["GET", "/ghost/s/properties"],
      ["DELETE", "/ghost/s/properties"],
      ["GET", "/ghost/s/properties/a"],
      ["DELETE", "/ghost/s/properties/a"],
    ] as Array<[string, string, unknown?]>) {
      expectJsonError(await call(method, acc(rest), { body }), 404, /ghost/);
    }
  });

  it("bad PATCH bodies are 400: not JSON, an array, a scalar, empty, bad property names", async () => {
    for (const rawBody of ["{not json", "[1,2]", "[]", '"text"', "42", "null", "true", ""]) {
      expectJsonError(await call("PATCH", acc("/props/bad/properties"), { rawBody }), 400);
    }
    for (const name of ["", ".", "..", "a/b", "x".repeat(ContextLimits.maxIdLength + 1)]) {
      expectJsonError(await call("PATCH", acc("/props/bad/properties"), { body: { [name]: 1, fine: 2 } }), 400);
    }
    expect((await call("GET", acc("/props/bad/properties"))).json).toEqual({});
  });

  it("bad session ids and property names in the path are 400", async () => {
    for (const segment of ["%2F", "a%2Fb", "x".repeat(ContextLimits.maxIdLength + 1), "%E0%A4%A"]) {
      expectJsonError(await call("GET", acc(`/props/${segment}/properties`)), 400);
      expectJsonError(await call("PATCH", acc(`/props/${segment}/properties`), { body: { a: 1 } }), 400);
      expectJsonError(await call("GET", acc(`/props/s/properties/${segment}`)), 400);
    }
    expectJsonError(await call("GET", acc("/bad.ns/session-ids")), 400);
  });

  it("a body over 1 MiB is 413, declared or chunked; a session growing over 1 MiB is 413 and keeps its old state", async () => {
    const huge = JSON.stringify({ a: "x".repeat(ContextLimits.maxSessionBytes) });
    expectJsonError(await call("PATCH", acc("/props/big/properties"), { rawBody: huge }), 413);

    // Chunked (no content-length): counted while read.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${platform.url}${acc("/props/big/properties")}`);
      const req = httpRequest(
        url,
        { method: "PATCH", headers: { "maven-api-key": apiKey, "content-type": "application/json", "transfer-encoding": "chunked" } },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 20; i++) req.write(huge.slice(i * 60_000, (i + 1) * 60_000));
      req.end(huge.slice(20 * 60_000));
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual({ code: expect.any(String), message: expect.any(String) });

    const half = "y".repeat(ContextLimits.maxSessionBytes / 2);
    expect((await call("PATCH", acc("/props/big/properties"), { body: { a: half, keep: 1 } })).status).toBe(204);
    expectJsonError(await call("PATCH", acc("/props/big/properties"), { body: { keep: 2, b: half } }), 413);
    const after = await call("GET", acc("/props/big/properties"));
    expect(after.json.keep).toBe(1);
    expect(after.json).not.toHaveProperty("b");
    // The connection still works after the refused bodies.
    expect((await call("GET", acc("/props/big/properties/keep"))).text).toBe("1");
  });

  it("concurrent PATCHes of one session lose no property", async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => call("PATCH", acc("/props/race/properties"), { body: { [`p${i}`]: i, last: i } })));
    const all = (await call("GET", acc("/props/race/properties"))).json;
    expect(Object.keys(all)).toHaveLength(51);
    for (let i = 0; i < 50; i++) expect(all[`p${i}`]).toBe(i);
  });

  it("accounts are isolated: the same namespace and session names in another account are separate", async () => {
    await call("POST", acc("", OTHER_ACCOUNT), { key: otherKey, body: { name: "props" } });
    await call("PATCH", acc("/props/conv-1/properties", OTHER_ACCOUNT), { key: otherKey, body: { owner: "other" } });
    expect((await call("GET", acc("/props/conv-1/properties", OTHER_ACCOUNT), { key: otherKey })).json).toEqual({ owner: "other" });
    expect((await call("GET", acc("/props/conv-1/properties"))).json).toEqual({ status: "open", total: 12 });
    expect((await call("GET", acc("/faas/conv-9/properties", OTHER_ACCOUNT), { key: otherKey })).json).toEqual({});
    await call("DELETE", acc("/props", OTHER_ACCOUNT), { key: otherKey });
    expect((await call("GET", acc("/props/conv-1/properties"))).json).toEqual({ status: "open", total: 12 });
  });
});

describe("TTL through the platform's clock", () => {
  it("sessions expire at once when the clock passes their TTL; a write refreshes; purge deletes them", async () => {
    clock.now = T0;
    expect((await call("POST", `${acc()}?ttlSecond=60`, { body: { name: "short" } })).status).toBe(204);
    await call("PATCH", acc("/short/s1/properties"), { body: { step: 1 } });
    clock.now += 30_000;
    await call("PATCH", acc("/short/s2/properties"), { body: { step: 2 } });
    clock.now += 31_000; // s1 61 s old, s2 31 s
    expect((await call("GET", acc("/short/s1/properties"))).json).toEqual({});
    expectJsonError(await call("GET", acc("/short/s1/properties/step")), 404);
    expect((await call("GET", acc("/short/session-ids"))).json).toEqual(["s2"]);
    await call("PATCH", acc("/short/s2/properties"), { body: { step: 3 } });
    clock.now += 59_000;
    expect((await call("GET", acc("/short/s2/properties/step"))).text).toBe("3");
    clock.now += 1_000;
    expect((await call("GET", acc("/short/session-ids"))).json).toEqual([]);
    // A merge into the expired session starts it fresh.
    await call("PATCH", acc("/short/s2/properties"), { body: { fresh: true } });
    expect((await call("GET", acc("/short/s2/properties"))).json).toEqual({ fresh: true });

    // The background purge (every 50 ms here) deletes the expired rows.
    clock.now += 61_000;
    const db = new Database(platform.dbPath, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const count = () => db.prepare(`SELECT count(*) FROM context_sessions WHERE namespace = 'short'`).pluck().get() as number;
      const deadline = Date.now() + 5_000;
      while (count() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(count()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM context_properties WHERE namespace = 'short'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe("never a 500", () => {
  it("unknown routes and methods under /v1/account are JSON 404/405, odd inputs JSON 4xx", async () => {
    expectJsonError(await call("GET", "/v1/account"), 404);
    expectJsonError(await call("GET", acc("/a/b/c/d/e/f")), 404);
    expectJsonError(await call("PUT", acc("/props/s/properties"), { body: {} }), 405);
    expectJsonError(await call("GET", acc("/props")), 405);
    const odd = ["%00", "%FF", "__proto__", "constructor", "%C0%AF", "-", "_"];
    for (const segment of odd) {
      for (const [method, path, body] of [
        ["GET", acc(`/${segment}/session-ids`)],
        ["GET", acc(`/faas/${segment}/properties`)],
        ["PATCH", acc(`/faas/${segment}/properties`), { [decodeURIComponentSafe(segment)]: 1 }],
        ["GET", acc(`/faas/s/properties/${segment}`)],
        ["DELETE", acc(`/faas/${segment}/properties/${segment}`)],
        ["POST", acc(), { name: segment }],
        ["GET", `/v1/account/${segment}`],
      ] as Array<[string, string, unknown?]>) {
        const answer = await call(method, path, { body });
        expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(500);
        if (answer.status >= 400) expectJsonError(answer, answer.status);
      }
    }
    const proto = await call("PATCH", acc("/faas/__proto__/properties"), { rawBody: '{"__proto__": {"polluted": true}}' });
    expect(proto.status).toBe(204);
    expect((await call("GET", acc("/faas/__proto__/properties"))).json).toEqual(JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
