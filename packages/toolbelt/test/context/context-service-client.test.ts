/**
 * ContextServiceClient against real loopback servers: a fake Domain API (CSDS)
 * listing `mavenContext`, and a fake Context Session Store that records every
 * request and answers as each test scripts it. What the client sends (method,
 * path, query, headers, body), how many attempts the server saw, and when a
 * socket closed are all observed server-side.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import type { ToolbeltSettings } from "../../src/config/types";
import { BUILT_IN_NAMESPACES, DEFAULT_SESSION_ID } from "../../src/context/arguments";
import { createContextServiceClient, type ContextServiceClientDeps } from "../../src/context/context-service-client";
import { DEFAULT_RETRY_DELAYS_MS } from "../../src/context/retry-policy";
import { DEFAULT_DEADLINE_MS } from "../../src/context/store-transport";
import { SDKError } from "../../src/context/sdk-error";
import type { IFaaSContextServiceClient } from "../../src/context/types";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { SDKError as ExportedSDKError, Toolbelt } from "../../src/index";
import { startServer, type RecordedRequest, type TestServer } from "../helpers/servers";

const ACCOUNT = "le12345678";
const KEY = "ctx-S3CRET-api-key-0042";
const BASE = `/v1/account/${ACCOUNT}`;
const C = "com.liveperson.context-service-sdk.";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Req = IncomingMessage & { body: Buffer };
/** Answers one request; returning nothing leaves the handler to answer (or not) itself. */
type Script = (req: Req, res: ServerResponse, attempt: number) => void | Promise<void>;

interface Rig {
  csds: TestServer;
  store: TestServer;
  /** `METHOD url` of every request the store received, in order. */
  seen(): string[];
  /** Times (ms) at which the store saw each request. */
  times: number[];
  /** Times (ms) at which a request's socket closed. */
  closes: number[];
}

const servers: TestServer[] = [];
afterEach(async () => {
  resetConfig();
  while (servers.length) await servers.pop()!.close();
});

function send(res: ServerResponse, status: number, body?: unknown, raw = false): void {
  if (body === undefined) {
    res.statusCode = status;
    res.end();
    return;
  }
  const text = raw && typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": raw ? "text/plain" : "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** A store that answers 204 to writes, `{}`/`[]` to reads, unless `script` answers first. */
async function rig(script: Script = () => undefined, options: { host?: string; settings?: ToolbeltSettings; services?: string[] } = {}): Promise<Rig> {
  const times: number[] = [];
  const closes: number[] = [];
  let attempts = 0;
  const store = await startServer(async (req, res) => {
    times.push(Date.now());
    req.socket.once("close", () => closes.push(Date.now()));
    await script(req, res, ++attempts);
    if (res.writableEnded || res.headersSent || req.socket.destroyed) return;
    if ((script as { silent?: boolean }).silent) return;
    if (req.method === "GET") send(res, 200, req.url?.endsWith("/properties") ? {} : []);
    else send(res, 204);
  });
  servers.push(store);
  const storeBase = `http://${options.host ?? "127.0.0.1"}:${store.port}`;
  const csds = await startServer((_req, res) => {
    const services = options.services ?? ["mavenContext"];
    send(res, 200, { baseURIs: services.map((service) => ({ service, account: ACCOUNT, baseURI: storeBase })) });
  });
  servers.push(csds);
  resetConfig();
  configure({ brandId: ACCOUNT, csdsDomain: csds.url, rateLimit: false, ...options.settings });
  return { csds, store, seen: () => store.requests.map((r) => `${r.method} ${r.url}`), times, closes };
}

/**
 * A client with fast failure timings (the defaults are checked separately): pauses of
 * 50 and 100 ms between attempts, recorded by `pauses` instead of slept, each with the
 * number of requests the store had seen when the client asked for it.
 */
function fastClient(deps: ContextServiceClientDeps = {}, pauses?: { store: TestServer; seen: Array<[number, number]> }): IFaaSContextServiceClient {
  const sleep = async (ms: number): Promise<void> => void pauses?.seen.push([ms, pauses.store.requests.length]);
  return createContextServiceClient({ accountId: ACCOUNT, apiKey: KEY }, { retryDelaysMs: [50, 100], deadlineMs: 2_000, sleep, ...deps });
}

function client(): IFaaSContextServiceClient {
  return Toolbelt.ContextServiceClient({ accountId: ACCOUNT, apiKey: KEY });
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; component?: string; statusCode?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

async function sdkRejection(promise: Promise<unknown>): Promise<SDKError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(SDKError);
  return error as SDKError;
}

function expectNoKey(value: unknown): void {
  const e = value as Error;
  const text = [String(e), e?.message, e?.stack, JSON.stringify(e), inspect(e, { depth: 20, showHidden: true })].join("\n");
  expect(text).not.toContain(KEY);
}

function bodyOf(request: RecordedRequest): unknown {
  return JSON.parse(request.body.toString("utf8"));
}

/** A route script: answers requests matching `method path` (the URL without the account base). */
function routes(table: Record<string, [number, unknown?, boolean?]>): Script {
  return (req, res) => {
    const key = `${req.method} ${req.url!.slice(BASE.length)}`;
    const hit = table[key];
    if (hit) send(res, hit[0], hit[1], hit[2]);
  };
}

describe("ContextServiceClient: the wire, method by method", () => {
  it("createNamespace: POST {base}?ttlSecond=<ttl> with {name}, expects 204, then returns the namespace as the store lists it", async () => {
    const r = await rig(
      routes({
        "GET ": [
          200,
          [
            { name: "other", createdAt: "2026-01-01T00:00:00.000Z" },
            { name: "carts", createdAt: "2026-11-28T12:00:00.000Z", ttlSecond: 3600 },
          ],
        ],
      }),
    );
    const created = await client().createNamespace("carts", { ttl: 3600 });
    expect(created).toEqual({ name: "carts", createdAt: new Date("2026-11-28T12:00:00.000Z"), ttlSecond: 3600 });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(r.seen()).toEqual([`POST ${BASE}?ttlSecond=3600`, `GET ${BASE}`]);
    const [post, list] = r.store.requests;
    expect(bodyOf(post!)).toEqual({ name: "carts" });
    for (const request of [post!, list!]) {
      expect(request.headers["maven-api-key"]).toBe(KEY);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers.accept).toBe("application/json");
      expect(request.headers["x-request-id"]).toMatch(UUID_V4);
    }
    expect(post!.headers["x-request-id"]).not.toBe(list!.headers["x-request-id"]);
  });

  it("createNamespace without a TTL sends no query; an existing namespace (204 again) is not an error", async () => {
    const r = await rig(routes({ "GET ": [200, [{ name: "orders", createdAt: 1764331200000 }]] }));
    const first = await client().createNamespace("orders");
    const again = await client().createNamespace("orders", {});
    expect(first).toEqual({ name: "orders", createdAt: new Date(1764331200000) });
    expect("ttlSecond" in first).toBe(false);
    expect(again).toEqual(first);
    expect(r.seen()).toEqual([`POST ${BASE}`, `GET ${BASE}`, `POST ${BASE}`, `GET ${BASE}`]);
  });

  it("createNamespace rejects data.does-not-exist (never resolves undefined) when the store does not list it afterwards", async () => {
    await rig(routes({ "GET ": [200, [{ name: "someone-else", createdAt: "2026-01-01T00:00:00Z" }]] }));
    const error = await sdkRejection(client().createNamespace("ghost"));
    expect(error.code).toBe(`${C}data.does-not-exist`);
    expect(error.message).toContain('"ghost"');
  });

  it("getListOfNamespaces: GET {base}, createdAt as Date, ttlSecond only when set", async () => {
    const r = await rig(
      routes({
        "GET ": [
          200,
          [{ name: "a", createdAt: "2026-01-02T03:04:05.000Z" }, { name: "b", createdAt: "2026-01-02T03:04:05.000Z", ttlSecond: 60 }, { nope: 1 }, null],
        ],
      }),
    );
    const list = await client().getListOfNamespaces();
    expect(list).toEqual([
      { name: "a", createdAt: new Date("2026-01-02T03:04:05.000Z") },
      { name: "b", createdAt: new Date("2026-01-02T03:04:05.000Z"), ttlSecond: 60 },
    ]);
    expect(r.seen()).toEqual([`GET ${BASE}`]);
  });

  it("deleteNamespace: DELETE {base}/{ns}; deleting it again (204 or 404) does not throw", async () => {
    const r = await rig((req, res, attempt) => (attempt === 2 ? send(res, 404, { code: "x", message: "no such namespace" }) : undefined));
    await client().deleteNamespace("orders");
    await client().deleteNamespace("orders");
    expect(r.seen()).toEqual([`DELETE ${BASE}/orders`, `DELETE ${BASE}/orders`]);
  });

  it.each(["setPropertiesInNamespace", "updatePropertiesInNamespace"] as const)(
    "%s: PATCH …/{ns}/{session}/properties with the properties as JSON, 204, then GET and return every property",
    async (method) => {
      const all = { a: 1, b: "two", c: null, d: [1, { e: true }] };
      const r = await rig(routes({ [`GET /orders/${DEFAULT_SESSION_ID}/properties`]: [200, all], "GET /orders/conv-1/properties": [200, { z: 26 }] }));
      const properties = { a: 1, d: [1, { e: true }], skipped: undefined };
      expect(await client()[method]("orders", properties)).toEqual(all);
      expect(await client()[method]("orders", { z: 26 }, "conv-1")).toEqual({ z: 26 });
      expect(r.seen()).toEqual([
        `PATCH ${BASE}/orders/__default__/properties`,
        `GET ${BASE}/orders/__default__/properties`,
        `PATCH ${BASE}/orders/conv-1/properties`,
        `GET ${BASE}/orders/conv-1/properties`,
      ]);
      expect(r.store.requests[0]!.body.toString("utf8")).toBe(JSON.stringify({ a: 1, d: [1, { e: true }] }));
      expect(r.store.requests[0]!.headers["content-type"]).toBe("application/json");
      expect(bodyOf(r.store.requests[2]!)).toEqual({ z: 26 });
    },
  );

  it("getAllPropertiesInSession: GET …/properties, default session when left out", async () => {
    const r = await rig(routes({ "GET /orders/__default__/properties": [200, { x: 1 }], "GET /orders/s-1/properties": [200, {}] }));
    expect(await client().getAllPropertiesInSession("orders")).toEqual({ x: 1 });
    expect(await client().getAllPropertiesInSession("orders", "s-1")).toEqual({});
    expect(r.seen()).toEqual([`GET ${BASE}/orders/__default__/properties`, `GET ${BASE}/orders/s-1/properties`]);
  });

  it("getSelectedPropertiesInSession: ONE GET of the session, the named properties picked, absent names ignored", async () => {
    const r = await rig(routes({ "GET /orders/conv-1/properties": [200, { status: "open", total: 12, zero: 0, nothing: null, currency: "EUR" }] }));
    const picked = await client().getSelectedPropertiesInSession("orders", ["status", "zero", "nothing", "missing", "constructor", "toString"], "conv-1");
    expect(picked).toEqual({ status: "open", zero: 0, nothing: null });
    expect(Object.keys(picked)).toEqual(["status", "zero", "nothing"]);
    expect(r.seen()).toEqual([`GET ${BASE}/orders/conv-1/properties`]);
  });

  it("getSelectedPropertiesInSession: a property called __proto__ stays data", async () => {
    await rig((req, res) => {
      const text = '{"__proto__":{"polluted":true},"a":1}';
      res.writeHead(200, { "content-type": "application/json" });
      res.end(text);
    });
    const picked = await client().getSelectedPropertiesInSession("orders", ["__proto__", "a"]);
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(picked, "__proto__")).toBe(true);
    expect((picked as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("getSelectedPropertiesInSession: [] resolves {} without a request; a 404 resolves {}; other errors reject", async () => {
    const r = await rig(
      routes({ "GET /gone/__default__/properties": [404, { message: "no such namespace" }], "GET /broken/__default__/properties": [500, { message: "boom" }] }),
    );
    expect(await client().getSelectedPropertiesInSession("orders", [])).toEqual({});
    expect(r.store.requests).toHaveLength(0);
    expect(await client().getSelectedPropertiesInSession("gone", ["a"])).toEqual({});
    const error = await sdkRejection(client().getSelectedPropertiesInSession("broken", ["a"]));
    expect(error.code).toBe(`${C}internal-server-error`);
  });

  it("getPropertyInSession: GET …/properties/{prop}; the JSON value parsed, raw text when it is not JSON", async () => {
    const r = await rig(
      routes({
        "GET /orders/__default__/properties/obj": [200, { deep: [1, 2] }],
        "GET /orders/__default__/properties/num": [200, "42", true],
        "GET /orders/s/properties/text": [200, "not json at all", true],
        "GET /orders/s/properties/quoted": [200, "hello"],
      }),
    );
    expect(await client().getPropertyInSession("orders", "obj")).toEqual({ deep: [1, 2] });
    expect(await client().getPropertyInSession("orders", "num")).toBe(42);
    expect(await client().getPropertyInSession("orders", "text", "s")).toBe("not json at all");
    expect(await client().getPropertyInSession("orders", "quoted", "s")).toBe("hello");
    expect(r.seen()).toEqual([
      `GET ${BASE}/orders/__default__/properties/obj`,
      `GET ${BASE}/orders/__default__/properties/num`,
      `GET ${BASE}/orders/s/properties/text`,
      `GET ${BASE}/orders/s/properties/quoted`,
    ]);
  });

  it("getPropertyInSession of a missing property rejects data.does-not-exist with the store's message", async () => {
    await rig(routes({ "GET /orders/__default__/properties/nope": [404, { code: "not-found", message: 'There is no property "nope"' }] }));
    const error = await sdkRejection(client().getPropertyInSession("orders", "nope"));
    expect(error.code).toBe(`${C}data.does-not-exist`);
    expect(error.message).toBe('Requested Resource does not exist: There is no property "nope"');
    expect(error.statusCode).toBe(404);
  });

  it("deletePropertyInSession: DELETE …/properties/{prop}; a 404 (already gone) does not throw", async () => {
    const r = await rig((req, res, attempt) => (attempt === 2 ? send(res, 404, { message: "gone" }) : undefined));
    await client().deletePropertyInSession("orders", "currency", "conv-1");
    await client().deletePropertyInSession("orders", "currency");
    expect(r.seen()).toEqual([`DELETE ${BASE}/orders/conv-1/properties/currency`, `DELETE ${BASE}/orders/__default__/properties/currency`]);
  });

  it("deleteSession: DELETE …/{session}/properties/ (trailing slash); left out → default session; 404 does not throw", async () => {
    const r = await rig((req, res, attempt) => (attempt === 2 ? send(res, 404) : undefined));
    await client().deleteSession("orders", "conv-2");
    await client().deleteSession("orders", "conv-2");
    await client().deleteSession("orders");
    expect(r.seen()).toEqual([
      `DELETE ${BASE}/orders/conv-2/properties/`,
      `DELETE ${BASE}/orders/conv-2/properties/`,
      `DELETE ${BASE}/orders/__default__/properties/`,
    ]);
  });

  it("getListOfSessions: GET {base}/{ns}/session-ids", async () => {
    const r = await rig(routes({ "GET /orders/session-ids": [200, ["__default__", "conv-1"]] }));
    expect(await client().getListOfSessions("orders")).toEqual(["__default__", "conv-1"]);
    expect(r.seen()).toEqual([`GET ${BASE}/orders/session-ids`]);
  });

  it("an answer that is not what the method expects rejects unknown instead of resolving garbage", async () => {
    await rig(routes({ "GET /orders/session-ids": [200, { not: "a list" }], "GET /orders/__default__/properties": [200, "<html>", true] }));
    expect((await sdkRejection(client().getListOfSessions("orders"))).code).toBe(`${C}unknown`);
    expect((await sdkRejection(client().getAllPropertiesInSession("orders"))).code).toBe(`${C}unknown`);
  });

  it("looks the store up in CSDS once (cached) and reuses it across calls and clients", async () => {
    const r = await rig();
    await client().getListOfNamespaces();
    await client().getListOfSessions("a");
    await fastClient().getAllPropertiesInSession("a");
    expect(r.csds.requests.map((q) => q.url)).toEqual([`/api/account/${ACCOUNT}/service/baseURI.json?version=1.0`]);
    expect(r.store.requests).toHaveLength(3);
  });
});

describe("ContextServiceClient: names are encoded path segments", () => {
  it("encodes namespace, session, property and account ids (a/b, ?x=1, #, %, spaces, unicode)", async () => {
    const r = await rig(routes({}));
    const odd = createContextServiceClient({ accountId: "acc/1?x", apiKey: KEY });
    await odd.getPropertyInSession("a/b", "p#1 %", "?x=1").catch(() => undefined);
    await client().deletePropertyInSession("a/b", "p#1 %", "?x=1&y=2");
    await client().deleteSession("ns ü", "s/../..");
    await client().getListOfSessions("a?b");
    await client()
      .createNamespace("x/y")
      .catch(() => undefined);
    expect(r.seen()).toEqual([
      "GET /v1/account/acc%2F1%3Fx/a%2Fb/%3Fx%3D1/properties/p%231%20%25",
      `DELETE ${BASE}/a%2Fb/%3Fx%3D1%26y%3D2/properties/p%231%20%25`,
      `DELETE ${BASE}/ns%20%C3%BC/s%2F..%2F../properties/`,
      `GET ${BASE}/a%3Fb/session-ids`,
      `POST ${BASE}`,
      `GET ${BASE}`,
    ]);
    // In a body the name is plain JSON.
    expect(bodyOf(r.store.requests[4]!)).toEqual({ name: "x/y" });
  });

  it('refuses "." and ".." as namespace, session or property with zero requests', async () => {
    const r = await rig();
    const c = client();
    const calls: Array<() => Promise<unknown>> = [];
    for (const dot of [".", ".."]) {
      calls.push(
        () => c.getAllPropertiesInSession(dot),
        () => c.getAllPropertiesInSession("ns", dot),
        () => c.getPropertyInSession("ns", dot),
        () => c.deletePropertyInSession("ns", dot, "s"),
        () => c.deleteSession(dot, "s"),
        () => c.deleteSession("ns", dot),
        () => c.getListOfSessions(dot),
        () => c.createNamespace(dot),
        () => c.deleteNamespace(dot),
        () => c.setPropertiesInNamespace("ns", { a: 1 }, dot),
      );
    }
    for (const call of calls) {
      const error = await sdkRejection(call());
      expect(error.code).toBe(`${C}parameter.invalid`);
      expect(error.message).toMatch(/can not be "\.\.?"/);
    }
    expect(r.store.requests).toHaveLength(0);
    expect(r.csds.requests).toHaveLength(0);
  });
});

describe("ContextServiceClient: arguments are checked before any request", () => {
  const bad = [null, undefined, ""] as unknown as string[];

  it.each([
    ["createNamespace", (c: IFaaSContextServiceClient, v: string) => c.createNamespace(v), "Namespace can not be null, undefined or empty string"],
    ["deleteNamespace", (c: IFaaSContextServiceClient, v: string) => c.deleteNamespace(v), "Namespace can not be null, undefined or empty string"],
    ["getListOfSessions", (c: IFaaSContextServiceClient, v: string) => c.getListOfSessions(v), "Namespace can not be null, undefined or empty string"],
    [
      "getAllPropertiesInSession",
      (c: IFaaSContextServiceClient, v: string) => c.getAllPropertiesInSession(v),
      "Namespace can not be null, undefined or empty string",
    ],
    [
      "setPropertiesInNamespace",
      (c: IFaaSContextServiceClient, v: string) => c.setPropertiesInNamespace(v, { a: 1 }),
      "Namespace can not be null, undefined or empty string",
    ],
    [
      "getPropertyInSession (property)",
      (c: IFaaSContextServiceClient, v: string) => c.getPropertyInSession("ns", v),
      "Property name can not be null, undefined or empty string",
    ],
    [
      "deletePropertyInSession (property)",
      (c: IFaaSContextServiceClient, v: string) => c.deletePropertyInSession("ns", v),
      "Property name can not be null, undefined or empty string",
    ],
  ] as const)("%s rejects null, undefined and '' with parameter.invalid", async (_name, call, message) => {
    const r = await rig();
    for (const value of bad) {
      const error = await sdkRejection(call(client(), value));
      expect(error.code).toBe(`${C}parameter.invalid`);
      expect(error.component).toBe("ContextServiceClient");
      expect(error.message).toBe(message);
    }
    expect(r.store.requests).toHaveLength(0);
  });

  it("a sessionId of null or '' is refused (only a left-out sessionId means the default session)", async () => {
    const r = await rig();
    for (const value of [null, ""] as unknown as string[]) {
      for (const call of [
        () => client().getAllPropertiesInSession("ns", value),
        () => client().deleteSession("ns", value),
        () => client().updatePropertiesInNamespace("ns", { a: 1 }, value),
        () => client().getSelectedPropertiesInSession("ns", ["a"], value),
      ]) {
        const error = await sdkRejection(call());
        expect(error.code).toBe(`${C}parameter.invalid`);
        expect(error.message).toContain("leave it out to use the default session");
      }
    }
    const numeric = await sdkRejection(client().getPropertyInSession("ns", "p", 42 as unknown as string));
    expect(numeric.message).toBe("Session ID must be a string, not a number");
    expect(r.store.requests).toHaveLength(0);
  });

  it("built-in namespaces cannot be created or deleted", async () => {
    const r = await rig();
    expect(BUILT_IN_NAMESPACES).toEqual(["faas", "consumer", "custom", "operational", "conversation"]);
    for (const name of BUILT_IN_NAMESPACES) {
      expect((await sdkRejection(client().createNamespace(name))).message).toBe("Can not create a built-in namespace");
      expect((await sdkRejection(client().deleteNamespace(name))).message).toBe("Can not delete a built-in namespace");
    }
    expect(r.store.requests).toHaveLength(0);
    // They hold sessions like any other namespace.
    await client().getAllPropertiesInSession("faas", "conv-9");
    expect(r.seen()).toEqual([`GET ${BASE}/faas/conv-9/properties`]);
  });

  it("a TTL must be a whole number above 0", async () => {
    const r = await rig();
    for (const ttl of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "60", null] as unknown as number[]) {
      const error = await sdkRejection(client().createNamespace("carts", { ttl }));
      expect(error.code).toBe(`${C}parameter.invalid`);
      expect(error.message).toBe("TTL needs to be a positive integer above 0");
    }
    expect((await sdkRejection(client().createNamespace("carts", 3600 as unknown as { ttl: number }))).message).toMatch(/^Options must be an object/);
    expect(r.store.requests).toHaveLength(0);
  });

  it("properties must be an object JSON can express", async () => {
    const r = await rig();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cases: Array<[unknown, RegExp]> = [
      [null, /^Properties must be an object/],
      [undefined, /^Properties must be an object/],
      ["text", /^Properties must be an object/],
      [[1, 2], /^Properties must be an object.*array/],
      [{ big: 10n }, /^Properties can not be stored as JSON: .*BigInt/],
      [cyclic, /^Properties can not be stored as JSON: .*circular/i],
      [{ toJSON: () => 5 }, /JSON object/],
    ];
    for (const [properties, message] of cases) {
      for (const method of ["setPropertiesInNamespace", "updatePropertiesInNamespace"] as const) {
        const error = await sdkRejection(client()[method]("ns", properties as Record<string, unknown>));
        expect(error.code).toBe(`${C}parameter.invalid`);
        expect(error.message).toMatch(message);
      }
    }
    expect(r.store.requests).toHaveLength(0);
  });

  it("propertyNames must be an array of non-empty strings", async () => {
    const r = await rig();
    for (const [names, message] of [
      ["a", /^Property names must be an array/],
      [null, /^Property names must be an array/],
      [["a", ""], /index 1 is an empty string/],
      [["a", 3], /index 1 is a number/],
      [[undefined], /index 0 is a undefined/],
    ] as Array<[unknown, RegExp]>) {
      const error = await sdkRejection(client().getSelectedPropertiesInSession("ns", names as string[]));
      expect(error.code).toBe(`${C}parameter.invalid`);
      expect(error.message).toMatch(message);
    }
    expect(r.store.requests).toHaveLength(0);
  });

  it("the factory checks its configuration synchronously, with the official messages", () => {
    const cases: Array<[unknown, string]> = [
      [undefined, "No valid configuration was provided"],
      [null, "No valid configuration was provided"],
      ["key", "No valid configuration was provided"],
      [{ accountId: ACCOUNT }, "No valid API-key was provided"],
      [{ accountId: ACCOUNT, apiKey: "" }, "No valid API-key was provided"],
      [{ accountId: ACCOUNT, apiKey: 42 }, "No valid API-key was provided"],
      [{ accountId: ACCOUNT, apiKey: "line\r\nX-Evil: 1" }, "No valid API-key was provided"],
      [{ apiKey: KEY }, "No valid accountId was provided"],
      [{ apiKey: KEY, accountId: "" }, "No valid accountId was provided"],
      [{ apiKey: KEY, accountId: ".." }, "No valid accountId was provided"],
      [{ apiKey: KEY, accountId: 123 }, "No valid accountId was provided"],
    ];
    for (const [config, message] of cases) {
      let error: unknown;
      try {
        (Toolbelt.ContextServiceClient as (c: unknown) => unknown)(config);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SDKError);
      expect(error).toBeInstanceOf(ToolbeltError);
      expect(error).toMatchObject({ component: "ContextServiceClient", code: `${C}parameter.invalid`, message });
      expectNoKey(error);
    }
  });
});

describe("ContextServiceClient: HTTP errors", () => {
  it.each([
    [400, `${C}unknown`, 'Unknown Error The body must be {"name": "<namespace>"} occurred', 'The body must be {"name": "<namespace>"}'],
    [401, `${C}unknown`, "Unknown Error The maven-api-key header is required occurred", "The maven-api-key header is required"],
    [403, `${C}authorization.invalid`, "Provided API Key is either invalid or lacks permission", "Provided API Key is either invalid or lacks permission"],
    [403, `${C}authorization.invalid`, "Provided API Key is either invalid or lacks permission: key revoked", "key revoked"],
    [404, `${C}data.does-not-exist`, "Requested Resource does not exist: unknown namespace", "unknown namespace"],
    [409, `${C}unknown`, "Unknown Error namespace limit reached occurred", "namespace limit reached"],
    [413, `${C}unknown`, "Unknown Error session over 1 MiB occurred", "session over 1 MiB"],
    [500, `${C}internal-server-error`, "Internal Server Error occurred during processing request: db exploded", "db exploded"],
    [503, `${C}internal-server-error`, "Internal Server Error occurred during processing request: database locked", "database locked"],
    [502, `${C}unknown`, "Unknown Error upstream went away occurred", "upstream went away"],
  ])("%i → %s, with the store's message, and no retry", async (status, code, message, storeMessage) => {
    const r = await rig((_req, res) => send(res, status, { code: "platform.code", message: storeMessage }));
    const error = await sdkRejection(fastClient().getListOfSessions("orders"));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.statusCode).toBe(status);
    expect(String(error)).toBe(`SDKError: ${code} ${message}`);
    expect(r.store.requests).toHaveLength(1);
  });

  it("a body that is not JSON is used as text; an empty one names the status", async () => {
    const r = await rig((_req, res, attempt) => (attempt === 1 ? send(res, 502, "<h1>Bad   Gateway</h1>\n", true) : send(res, 504)));
    expect((await sdkRejection(client().getListOfNamespaces())).message).toBe("Unknown Error <h1>Bad Gateway</h1> occurred");
    expect((await sdkRejection(client().getListOfNamespaces())).message).toBe("Unknown Error HTTP 504 Gateway Timeout occurred");
    expect(r.store.requests).toHaveLength(2);
  });

  it("never carries the API key, even when the store echoes it", async () => {
    await rig((_req, res) => send(res, 403, { message: `key ${KEY} is not valid here` }));
    const error = await sdkRejection(client().getListOfNamespaces());
    expect(error.message).toBe("Provided API Key is either invalid or lacks permission: key [REDACTED] is not valid here");
    expectNoKey(error);
  });

  it("the exported SDKError is the class thrown, a ToolbeltError with name SDKError", async () => {
    await rig((_req, res) => send(res, 404));
    const error = await sdkRejection(client().getListOfSessions("x"));
    expect(error).toBeInstanceOf(ExportedSDKError);
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error.name).toBe("SDKError");
    expect(error.message).toBe("Requested Resource does not exist");
    expect(JSON.parse(JSON.stringify(error))).toEqual({ component: "ContextServiceClient", code: `${C}data.does-not-exist`, statusCode: 404 });
  });
});

describe("ContextServiceClient: network failures, retries and the deadline", () => {
  it("a connection reset is ECONNRESET (not unknown), retried: 3 attempts seen by the server, 50 then 100 ms apart", async () => {
    const r = await rig((req) => {
      req.socket.destroy();
    });
    const pauses = { store: r.store, seen: [] as Array<[number, number]> };
    const error = await sdkRejection(fastClient({}, pauses).getListOfSessions("orders"));
    expect(error.code).toBe("ECONNRESET");
    expect(error.code).toBe(ErrorCodes.ContextService.Network.ECONNRESET);
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toBe("socket hang up");
    expect(r.store.requests).toHaveLength(3);
    // A 50 ms pause after the first attempt, 100 ms after the second.
    expect(pauses.seen).toEqual([
      [50, 1],
      [100, 2],
    ]);
    // One logical request: every attempt carries the same X-Request-ID.
    expect(new Set(r.store.requests.map((q) => q.headers["x-request-id"])).size).toBe(1);
    expectNoKey(error);
  });

  it("a reset followed by an answer succeeds on the retry", async () => {
    const r = await rig((req, res, attempt) => (attempt === 1 ? void req.socket.destroy() : send(res, 200, ["s1"])));
    expect(await fastClient().getListOfSessions("orders")).toEqual(["s1"]);
    expect(r.store.requests).toHaveLength(2);
  });

  it("a refused connection is ECONNREFUSED with Node's message", async () => {
    const r = await rig();
    // Point CSDS at a port nobody listens on.
    const gone = r.store.port;
    await servers.splice(servers.indexOf(r.store), 1)[0]!.close();
    const pauses = { store: r.store, seen: [] as Array<[number, number]> };
    const error = await sdkRejection(fastClient({}, pauses).getListOfNamespaces());
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toContain(`${gone}`);
    // Two retry pauses: three attempts, none of which reached a server.
    expect(pauses.seen).toEqual([
      [50, 0],
      [100, 0],
    ]);
    expectNoKey(error);
  });

  it("HTTP errors are not retried, network ones are (500 after a reset: two attempts)", async () => {
    const r = await rig((req, res, attempt) => (attempt === 1 ? void req.socket.destroy() : send(res, 500, { message: "x" })));
    const pauses = { store: r.store, seen: [] as Array<[number, number]> };
    expect((await sdkRejection(fastClient({}, pauses).getListOfSessions("a"))).code).toBe(`${C}internal-server-error`);
    expect(r.store.requests).toHaveLength(2);
    expect(pauses.seen).toEqual([[50, 1]]);
  });

  it("the deadline aborts the request in flight: response-timeout, the server sees the socket close, no retry", async () => {
    const silent: Script = Object.assign(() => undefined, { silent: true });
    const r = await rig(silent);
    const started = Date.now();
    const error = await sdkRejection(fastClient({ deadlineMs: 300 }).getListOfSessions("orders"));
    const elapsed = Date.now() - started;
    expect(error.code).toBe(`${C}response-timeout`);
    expect(error.message).toBe("Request exceeded Deadline of 300ms");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.closes).toHaveLength(1);
    expect(r.closes[0]! - r.times[0]!).toBeLessThan(1_000);
    expect(r.store.requests).toHaveLength(1);
    expectNoKey(error);
  });

  it("a slow answer within the deadline is fine", async () => {
    await rig(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      send(res, 200, ["late"]);
    });
    expect(await fastClient({ deadlineMs: 1_000 }).getListOfSessions("orders")).toEqual(["late"]);
  });

  it("defaults: 10 000 ms deadline, pauses of 2 s and 4 s (3 attempts)", () => {
    expect(DEFAULT_DEADLINE_MS).toBe(10_000);
    expect([...DEFAULT_RETRY_DELAYS_MS]).toEqual([2_000, 4_000]);
  });
});

describe("ContextServiceClient: the egress path", () => {
  it("a store host off the allowlist is refused with zero connections (the egress error passes through); allowed once listed", async () => {
    const r = await rig(routes({ "GET /orders/session-ids": [200, ["s"]] }), { host: "localhost", settings: { allowlist: [] } });
    const error = await rejection(client().getListOfSessions("orders"));
    expect(error).not.toBeInstanceOf(SDKError);
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error.code).toBe(ErrorCodes.Egress.HostRefused);
    expect(error.message).toContain('"localhost"');
    expect(r.store.connections).toBe(0);
    expect(r.csds.requests).toHaveLength(1); // the Domain API itself is exempt
    expectNoKey(error);

    configure({ allowlist: ["localhost"], rateLimit: false });
    expect(await client().getListOfSessions("orders")).toEqual(["s"]);
    expect(r.store.requests).toHaveLength(1);
  });

  it("CSDS errors pass through unchanged (no mavenContext listed; no account configured)", async () => {
    const r = await rig(undefined, { services: ["msgHist"] });
    const missing = await rejection(client().getListOfNamespaces());
    expect(missing).not.toBeInstanceOf(SDKError);
    expect(missing.code).toBe(ErrorCodes.Csds.NotFound);
    expect(missing.component).toBe("CSDS-Client");
    expect(r.store.requests).toHaveLength(0);

    resetConfig();
    configure({ csdsDomain: r.csds.url, rateLimit: false });
    const noAccount = await rejection(client().getListOfNamespaces());
    expect(noAccount.code).toBe(ErrorCodes.Toolbelt.InvalidConfig);
  });
});
