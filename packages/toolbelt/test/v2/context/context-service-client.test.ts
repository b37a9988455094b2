/**
 * V2 ContextServiceClient(apiKey) against the fake LivePerson on 127.0.0.1: CSDS
 * lists `mavenContext` pointing back at it, where a small in-memory Context
 * Session Store v1 answers (403 for a wrong API key).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErrorCodes as V1Codes } from "../../../src/errors/codes";
import { createContextServiceClient, SDKError } from "../../../src/v2/context";
import { ToolBeltError } from "../../../src/v2/errors/toolbelt-error";
import { ACCOUNT, startFakeLivePerson, type FakeLivePerson } from "../fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "../v2-env";

const API_KEY = "ctx-KEY-s3cret";

let lp: FakeLivePerson;
const storeRequests = () => lp.requestsTo("/v1/account/");
/** Namespace → session → properties. */
let store: Map<string, { createdAt: string; ttlSecond?: number; sessions: Map<string, Record<string, unknown>> }>;
/** Requests to reset (socket destroyed) before answering. */
let resets = 0;

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status;
  if (body === undefined) return void res.end();
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

function contextStore(req: IncomingMessage & { body: Buffer }, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://x");
  const base = `/v1/account/${ACCOUNT}`;
  if (!url.pathname.startsWith(base)) return send(res, 404);
  if (resets > 0) {
    resets--;
    req.socket.destroy();
    return;
  }
  if (req.headers["maven-api-key"] !== API_KEY) return send(res, 403, { message: "forbidden" });
  const parts = url.pathname.slice(base.length).split("/").filter(Boolean).map(decodeURIComponent);
  const [ns, session, what, prop] = parts;
  const method = req.method;
  if (!ns) {
    if (method === "GET")
      return send(
        res,
        200,
        [...store].map(([name, n]) => ({ name, createdAt: n.createdAt, ...(n.ttlSecond && { ttlSecond: n.ttlSecond }) })),
      );
    const { name } = JSON.parse(req.body.toString("utf8")) as { name: string };
    const ttl = url.searchParams.get("ttlSecond");
    store.set(name, { createdAt: "2026-01-01T00:00:00.000Z", ...(ttl && { ttlSecond: Number(ttl) }), sessions: new Map() });
    return send(res, 204);
  }
  const namespace = store.get(ns);
  if (!namespace) return send(res, 404, { message: "no such namespace" });
  if (!session) return method === "DELETE" ? (store.delete(ns), send(res, 204)) : send(res, 404);
  if (session === "session-ids") return send(res, 200, [...namespace.sessions.keys()]);
  const props = namespace.sessions.get(session) ?? {};
  if (what !== "properties") return send(res, 404);
  if (prop === undefined) {
    if (method === "PATCH") {
      namespace.sessions.set(session, { ...props, ...(JSON.parse(req.body.toString("utf8")) as object) });
      return send(res, 204);
    }
    if (method === "DELETE") return (namespace.sessions.delete(session), send(res, 204));
    return send(res, 200, props);
  }
  if (!(prop in props)) return send(res, 404, { message: "no such property" });
  if (method === "DELETE") {
    delete props[prop];
    return send(res, 204);
  }
  return send(res, 200, props[prop]);
}

beforeAll(async () => {
  lp = await startFakeLivePerson();
  lp.contextStore = contextStore;
});
afterAll(() => lp.close());
beforeEach(() => {
  store = new Map();
  resets = 0;
  useV2Environment(lp);
});
afterEach(() => clearV2Environment());

async function rejection(promise: Promise<unknown>): Promise<SDKError> {
  try {
    await promise;
  } catch (error) {
    return error as SDKError;
  }
  throw new Error("expected a rejection");
}

describe("V2 ContextServiceClient(apiKey)", () => {
  it("a falsy apiKey is a plain Error('No valid API-key was provided')", () => {
    for (const key of ["", undefined, null]) {
      let thrown: unknown;
      try {
        createContextServiceClient(key as unknown as string);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).not.toBeInstanceOf(ToolBeltError);
      expect((thrown as Error).message).toBe("No valid API-key was provided");
    }
  });

  it("refuses V1's { apiKey, accountId } object with a parameter error saying to pass the key string", () => {
    let thrown: unknown;
    try {
      createContextServiceClient({ apiKey: API_KEY, accountId: ACCOUNT } as unknown as string);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SDKError);
    expect(thrown).toMatchObject({ code: V1Codes.ContextService.Parameter.Incorrect, component: "ContextServiceClient" });
    expect((thrown as Error).message).toMatch(/takes the API key as a string/);
    expect((thrown as Error).message).not.toContain(API_KEY);
  });

  it("needs X_LIVEPERSON_BRAND_ID, and says so", () => {
    delete process.env.X_LIVEPERSON_BRAND_ID;
    expect(() => createContextServiceClient(API_KEY)).toThrow(/X_LIVEPERSON_BRAND_ID/);
  });

  it("the V1 method set without accountId, on the store CSDS names, session __default__ when left out", async () => {
    const client = createContextServiceClient(API_KEY);
    expect(await client.createNamespace("orders", { ttl: 60 })).toEqual({ name: "orders", createdAt: new Date("2026-01-01T00:00:00.000Z"), ttlSecond: 60 });
    expect(await client.setPropertiesInNamespace("orders", { a: 1, b: "x" })).toEqual({ a: 1, b: "x" });
    expect(await client.updatePropertiesInNamespace("orders", { c: true }, "s1")).toEqual({ c: true });
    expect(await client.getAllPropertiesInSession("orders")).toEqual({ a: 1, b: "x" });
    expect(await client.getPropertyInSession("orders", "b")).toBe("x");
    expect(await client.getSelectedPropertiesInSession("orders", ["a", "missing"])).toEqual({ a: 1 });
    expect((await client.getListOfSessions("orders")).sort()).toEqual(["__default__", "s1"]);
    await client.deletePropertyInSession("orders", "a");
    expect(await client.getAllPropertiesInSession("orders")).toEqual({ b: "x" });
    await client.deleteSession("orders", "s1");
    expect(await client.getListOfSessions("orders")).toEqual(["__default__"]);
    expect((await client.getListOfNamespaces()).map((n) => n.name)).toEqual(["orders"]);
    await client.deleteNamespace("orders");
    expect(await client.getListOfNamespaces()).toEqual([]);
    const paths = storeRequests().map((r) => `${r.method} ${r.url}`);
    expect(paths).toContain(`PATCH /v1/account/${ACCOUNT}/orders/__default__/properties`);
    expect(paths).toContain(`DELETE /v1/account/${ACCOUNT}/orders/s1/properties/`);
  });

  it("sends maven-api-key, JSON, X-Request-Id and the SDK's User-Agent", async () => {
    await createContextServiceClient(API_KEY).getListOfNamespaces();
    const headers = storeRequests().at(-1)!.headers;
    expect(headers).toMatchObject({
      "maven-api-key": API_KEY,
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": "@liveperson/context-service v0.1.0",
    });
    expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("store answers become SDKErrors with the SDK's codes; the API key is never in them", async () => {
    const wrongKey = await rejection(createContextServiceClient("wrong-KEY-s3cret").getListOfNamespaces());
    expect(wrongKey).toBeInstanceOf(SDKError);
    expect(wrongKey.code).toBe(V1Codes.ContextService.Authorization.Invalid);
    expect(JSON.stringify({ ...wrongKey, message: wrongKey.message })).not.toContain("s3cret");
    const missing = await rejection(createContextServiceClient(API_KEY).getPropertyInSession("nowhere", "p"));
    expect(missing.code).toBe(V1Codes.ContextService.Data.NotFound);
  });

  it("network failures: 3 attempts, 2 s then 4 s apart (injected sleep), then the Node code", async () => {
    const sleeps: number[] = [];
    const client = createContextServiceClient(API_KEY, { sleep: async (ms) => void sleeps.push(ms) });
    resets = 5;
    const before = storeRequests().length;
    const error = await rejection(client.getListOfNamespaces());
    expect(error.code).toBe("ECONNRESET");
    expect(storeRequests().length - before).toBe(3);
    expect(sleeps).toEqual([2000, 4000]);
    resets = 1;
    expect(await client.getListOfNamespaces()).toEqual([]);
  });

  it("B17: one client, one CSDS lookup for many calls (the client and its CSDS are not rebuilt per call)", async () => {
    // A new Domain API: nothing cached for it yet.
    const other = await startFakeLivePerson();
    other.contextStore = (_req, res) => send(res, 200, []);
    useV2Environment(other);
    try {
      const client = createContextServiceClient(API_KEY);
      for (let i = 0; i < 4; i++) expect(await client.getListOfNamespaces()).toEqual([]);
      expect(other.requestsTo(`/api/account/${ACCOUNT}/service/`)).toHaveLength(1);
      expect(other.requestsTo("/v1/account/")).toHaveLength(4);
    } finally {
      await other.close();
    }
  });
});
