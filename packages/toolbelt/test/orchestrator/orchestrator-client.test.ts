/**
 * OrchestratorClient against a fake LivePerson on 127.0.0.1: CSDS lists `faasGW`
 * pointing back at the same server, whose independent OAuth 1.0a verifier
 * (test/lp-client/fake-liveperson.ts) accepts only correctly signed requests.
 * Attempts, timings and socket closes are all observed server-side.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordingClock, type TestClock } from "../helpers/clock";
import { deepFreeze } from "../helpers/objects";
import { configure, resetConfig } from "../../src/config/resolve-config";
import type { ToolbeltSettings } from "../../src/config/types";
import { ErrorStrategy } from "../../src/enums/error-strategy";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { createLpClient } from "../../src/lp-client/lp-client";
import { createOrchestratorClient } from "../../src/orchestrator/orchestrator-client";
import { INVOCATION_CONTEXT_KEY, type InvocationFacts } from "../../src/platform/invocation-context";
import { MAX_ORCHESTRATION_DEPTH } from "../../src/platform/orchestration";
import { OrchestratorError } from "../../src/orchestrator/orchestrator-error";
import { Toolbelt } from "../../src/toolbelt";
import { rejection, startFakeLivePerson, type ApiCall, type ApiKey, type FakeLivePerson } from "../lp-client/fake-liveperson";

const ACCOUNT = "le12345678";
const KEY: ApiKey = { consumerKey: "ck-orch", consumerSecret: "cs-S3CRET-orch", token: "tk-orch", tokenSecret: "ts-S3CRET-orch" };
const SECRET_TEXTS = [KEY.consumerSecret, KEY.tokenSecret, "oauth_signature"];
const SECRET_NAME = "lp-faas-orchestrator-app-key";

interface Seen {
  uuid: string;
  attempt: number;
  start: number;
  end?: number;
  closed?: number;
  body: { timestamp: number; payload: unknown; headers: Array<{ key: string; value: unknown }> };
  headers: ApiCall["req"]["headers"];
  target: string;
}

type Route = (call: ApiCall, attempt: number, seen: Seen) => void | Promise<void>;

interface Gateway {
  lp: FakeLivePerson;
  seen: Seen[];
  attempts(uuid: string): number;
}

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  resetConfig();
  vi.restoreAllMocks();
  delete process.env.LP_FAAS_ORCHESTRATION_DEPTH;
  delete process.env.LP_FAAS_INVOCATION_ID;
  while (servers.length) await servers.pop()!.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Answers JSON after `delay` ms. */
function answer(status: number, body: unknown, delay = 0, headers: Record<string, string> = {}): Route {
  return async (call, _attempt, seen) => {
    if (delay) await sleep(delay);
    for (const [k, v] of Object.entries(headers)) call.res.setHeader(k, v);
    seen.end = Date.now();
    call.json(status, body);
  };
}
/** Never answers. */
const hang: Route = () => undefined;
/** Destroys the connection without an answer (ECONNRESET on the client). */
const reset: Route = (call) => {
  call.req.socket.destroy();
};

async function gateway(routes: Record<string, Route | Route[]>, settings: ToolbeltSettings = {}): Promise<Gateway> {
  const seen: Seen[] = [];
  const counts = new Map<string, number>();
  const lp = await startFakeLivePerson({
    account: ACCOUNT,
    keys: [KEY],
    services: ["faasGW", "msgHist"],
    api: async (call) => {
      const match = /^\/api\/account\/([^/]+)\/lambdas\/(.+)\/invoke$/.exec(call.path);
      if (!match || call.req.method !== "POST") return call.json(404, { error: "no route" });
      const uuid = match[2]!;
      const attempt = (counts.get(uuid) ?? 0) + 1;
      counts.set(uuid, attempt);
      const entry: Seen = {
        uuid,
        attempt,
        start: Date.now(),
        body: JSON.parse(call.req.body.toString("utf8")),
        headers: call.req.headers,
        target: call.target,
      };
      seen.push(entry);
      call.req.socket.once("close", () => (entry.closed = Date.now()));
      const route = routes[uuid] ?? answer(200, { ok: uuid });
      const pick = Array.isArray(route) ? route[Math.min(attempt, route.length) - 1]! : route;
      await pick(call, attempt, entry);
    },
  });
  servers.push(lp);
  resetConfig();
  configure({ brandId: ACCOUNT, csdsDomain: lp.url, rateLimit: false, secrets: { [SECRET_NAME]: KEY }, ...settings });
  return { lp, seen, attempts: (uuid) => counts.get(uuid) ?? 0 };
}

/**
 * A client whose backoff pauses are recorded instead of slept (the deadline and per-attempt
 * timeouts stay real). Each pause is noted with the attempts the gateway had seen for `uuid`.
 */
function recordingClient(
  gw: Gateway,
  uuid: string,
): { client: ReturnType<typeof createOrchestratorClient>; clock: TestClock; pauses: Array<[number, number]> } {
  const pauses: Array<[number, number]> = [];
  const clock = recordingClock({ onSleep: (ms) => pauses.push([ms, gw.attempts(uuid)]) });
  return { client: createOrchestratorClient({ clock }), clock, pauses };
}

function expectNoSecrets(value: unknown): void {
  const e = value as Error;
  const text = [String(e), e?.message, e?.stack, JSON.stringify(e), inspect(e, { depth: 20, showHidden: true })].join("\n");
  for (const secret of SECRET_TEXTS) expect(text).not.toContain(secret);
}

describe("OrchestratorClient: the seed examples", () => {
  it("example 1: one invocation → { uuid, body, headers, statusCode } and no error; the request is signed and shaped as documented", async () => {
    const gw = await gateway({ your_function_uuid: answer(200, { hello: "world" }, 0, { "X-Custom": "yes" }) });
    const client = Toolbelt.OrchestratorClient();
    const invocations = [{ uuid: "your_function_uuid", payload: {}, headers: {} }];
    const responses = await client.invoke(invocations, 25000);
    const response = responses[0]!;
    expect(response.uuid).toBe("your_function_uuid");
    expect(response.body).toEqual({ hello: "world" });
    expect(response.headers!["x-custom"]).toBe("yes");
    expect(response.headers!["content-type"]).toBe("application/json");
    expect(response.statusCode).toBe(200);
    expect(response.error).toBeUndefined();
    expect("error" in response).toBe(false);

    const [request] = gw.lp.apiRequests;
    expect(request!.verdict.ok).toBe(true);
    expect(request!.method).toBe("POST");
    expect(request!.target).toBe(`/api/account/${ACCOUNT}/lambdas/your_function_uuid/invoke?v=1&externalSystem=lp-faas-toolbelt`);
    expect(request!.headers["content-type"]).toMatch(/^application\/json/);
    expect(request!.headers["x-lp-faas-orchestration-depth"]).toBe("1");
    expect(request!.headers["x-lp-faas-parent-invocation-id"]).toBeUndefined();
    const body = JSON.parse(request!.body);
    expect(Object.keys(body).sort()).toEqual(["headers", "payload", "timestamp"]);
    expect(body.headers).toEqual([]);
    expect(body.payload).toEqual({});
    expect(Math.abs(body.timestamp - Date.now())).toBeLessThan(5000);
  });

  it("example 2 runs unmodified: parallel, ContinueOnError, retryFunction reading error.cause.code", async () => {
    const gw = await gateway({
      your_first_function_uuid: [answer(500, { e: 1 }), reset, answer(200, { first: true })],
      your_second_function_uuid: answer(400, { bad: "request" }),
    });
    const client = Toolbelt.OrchestratorClient();
    const RETRIABLE_NETWORK_ERRORS = ["ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT"];
    const RETRIABLE_ERROR_CODES = [500, 502, 504];
    // only retry on some 5xx status codes and network errors
    const retryFunction = (statusCode: any, error: any) => {
      return RETRIABLE_ERROR_CODES.includes(statusCode) || RETRIABLE_NETWORK_ERRORS.includes(error.cause.code);
    };
    const invocations = [
      { uuid: "your_first_function_uuid", payload: {}, headers: {}, retries: 3, retryFunction },
      { uuid: "your_second_function_uuid", payload: {}, headers: {}, retries: 3, retryFunction },
    ];
    const responses = await client.invoke(invocations, 25000, {
      timeout: 10000,
      // both invocations will be executed in parallel
      invokeParallel: true,
      errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR,
    });
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatchObject({ uuid: "your_first_function_uuid", body: { first: true }, statusCode: 200 });
    expect(responses[0]!.error).toBeUndefined();
    // 500 → retried, reset (ECONNRESET) → retried, then 200.
    expect(gw.attempts("your_first_function_uuid")).toBe(3);
    // 400: the example's retryFunction returns false (error.cause.code is readable and undefined), no retry.
    expect(gw.attempts("your_second_function_uuid")).toBe(1);
    expect(responses[1]).toMatchObject({
      uuid: "your_second_function_uuid",
      statusCode: 400,
      body: { bad: "request" },
      error: { code: ErrorCodes.OrchestratorFN.Invocation.StatusError },
    });
    expect(responses[1]!.headers!["content-type"]).toBe("application/json");
    expect(responses[1]!.error!.message).toContain("400");
  });
});

describe("OrchestratorClient: wire details", () => {
  it("sends invocation headers as [{ key, value }], encodes every URL value, and propagates depth and parent id", async () => {
    const uuid = "fn/with space&x=1";
    const gw = await gateway({}, { lambdaUuid: "caller uuid/1" });
    process.env.LP_FAAS_ORCHESTRATION_DEPTH = "3";
    process.env.LP_FAAS_INVOCATION_ID = "inv-42";
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid, payload: { n: 1 }, headers: { a: "1", "X-B": "two" } }], 5000);
    expect(response!.statusCode).toBe(200);
    const [request] = gw.lp.apiRequests;
    expect(request!.verdict.ok).toBe(true);
    expect(request!.target).toBe(
      `/api/account/${ACCOUNT}/lambdas/${encodeURIComponent(uuid)}/invoke?v=1&externalSystem=${encodeURIComponent("caller uuid/1")}`,
    );
    expect(request!.target).not.toContain("%7D");
    expect(gw.seen[0]!.uuid).toBe(uuid);
    expect(gw.seen[0]!.body.headers).toEqual([
      { key: "a", value: "1" },
      { key: "X-B", value: "two" },
    ]);
    expect(gw.seen[0]!.body.payload).toEqual({ n: 1 });
    expect(request!.headers["x-lp-faas-orchestration-depth"]).toBe("4");
    expect(request!.headers["x-lp-faas-parent-invocation-id"]).toBe("inv-42");
  });

  it("takes depth and parent id from each concurrent invocation's own context, over the environment", async () => {
    const gw = await gateway({});
    const store = new AsyncLocalStorage<InvocationFacts>();
    const globals = globalThis as { [INVOCATION_CONTEXT_KEY]?: AsyncLocalStorage<InvocationFacts> };
    globals[INVOCATION_CONTEXT_KEY] = store;
    process.env.LP_FAAS_ORCHESTRATION_DEPTH = "7";
    process.env.LP_FAAS_INVOCATION_ID = "process-wide";
    try {
      const client = Toolbelt.OrchestratorClient();
      const call = (invocationId: string, depth: number) =>
        store.run({ invocationId, depth }, async () => {
          await sleep(depth * 5); // interleave the two
          return client.invoke([{ uuid: invocationId, payload: {} }], 5000);
        });
      await Promise.all([call("inv-a", 2), call("inv-b", 10).catch((error: unknown) => error)]);
      expect(gw.lp.apiRequests).toHaveLength(1); // inv-b is at the limit: refused before any request
      expect(gw.lp.apiRequests[0]!.headers["x-lp-faas-orchestration-depth"]).toBe("3");
      expect(gw.lp.apiRequests[0]!.headers["x-lp-faas-parent-invocation-id"]).toBe("inv-a");
    } finally {
      delete globals[INVOCATION_CONTEXT_KEY];
    }
  });

  it(`refuses before any request when the depth would exceed ${MAX_ORCHESTRATION_DEPTH}`, async () => {
    expect(MAX_ORCHESTRATION_DEPTH).toBe(10);
    const gw = await gateway({});
    process.env.LP_FAAS_ORCHESTRATION_DEPTH = "10";
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "a", payload: {} }], 1000));
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.LoopDetected });
    expect(gw.lp.apiRequests).toHaveLength(0);
    expect(gw.lp.csdsRequests).toBe(0);
    process.env.LP_FAAS_ORCHESTRATION_DEPTH = "9";
    const [ok] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "a", payload: {} }], 1000);
    expect(ok!.statusCode).toBe(200);
    expect(gw.lp.apiRequests[0]!.headers["x-lp-faas-orchestration-depth"]).toBe("10");
  });

  it("maps a 508 from the gateway to the loop-detected code (not retried)", async () => {
    const gw = await gateway({ looping: answer(508, { error: "loop" }) });
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "looping", payload: {} }], 2000));
    expect(error).toMatchObject({ code: ErrorCodes.OrchestratorFN.LoopDetected, statusCode: 508 });
    expect(gw.attempts("looping")).toBe(1);
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "looping", payload: {} }], 2000, { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
    expect(response).toMatchObject({ statusCode: 508, body: { error: "loop" }, error: { code: ErrorCodes.OrchestratorFN.LoopDetected } });
  });

  it("json: false keeps the body as text", async () => {
    await gateway({ t: answer(200, { a: 1 }) });
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "t", payload: { x: 1 } }], 2000, { json: false });
    expect(response!.body).toBe('{"a":1}');
  });

  it("parses JSON bodies when they parse and leaves other text as it is", async () => {
    await gateway({
      text: async (call) => {
        call.res.setHeader("content-type", "text/plain");
        call.res.end("plain words");
      },
    });
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "text", payload: {} }], 2000);
    expect(response!.body).toBe("plain words");
  });
});

describe("OrchestratorClient: sequential and parallel", () => {
  const three = (delay: number): Record<string, Route> => ({ a: answer(200, "a", delay), b: answer(200, "b", delay), c: answer(200, "c", delay) });
  const invocations = () => ["a", "b", "c"].map((uuid) => ({ uuid, payload: {} }));

  it("sequential (default): each invocation starts after the previous one ended, results in input order", async () => {
    const gw = await gateway(three(150));
    const started = Date.now();
    const responses = await Toolbelt.OrchestratorClient().invoke(invocations(), 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(440);
    expect(responses.map((r) => r.body)).toEqual(["a", "b", "c"]);
    expect(gw.seen.map((s) => s.uuid)).toEqual(["a", "b", "c"]);
    for (let i = 1; i < gw.seen.length; i++) expect(gw.seen[i]!.start).toBeGreaterThanOrEqual(gw.seen[i - 1]!.end!);
  });

  it("parallel: all three are in flight together, results in input order", async () => {
    const gw = await gateway({ a: answer(200, "a", 300), b: answer(200, "b", 100), c: answer(200, "c", 200) });
    const started = Date.now();
    const responses = await Toolbelt.OrchestratorClient().invoke(invocations(), 5000, { invokeParallel: true });
    const elapsed = Date.now() - started;
    expect(responses.map((r) => r.body)).toEqual(["a", "b", "c"]);
    const lastStart = Math.max(...gw.seen.map((s) => s.start));
    const firstEnd = Math.min(...gw.seen.map((s) => s.end!));
    expect(lastStart).toBeLessThan(firstEnd);
    expect(elapsed).toBeLessThan(700);
  });
});

describe("OrchestratorClient: the deadline is real", () => {
  it("ExitOnError: settles at the deadline with the timeout error and the server sees the connection close", async () => {
    const gw = await gateway({ slow: hang });
    const started = Date.now();
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "slow", payload: {} }], 400));
    const settledAt = Date.now();
    expect(settledAt - started).toBeGreaterThanOrEqual(395);
    expect(settledAt - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(OrchestratorError);
    expect(error).toMatchObject({
      component: "Orchestrator-FN",
      code: ErrorCodes.OrchestratorFN.Timeout,
      message: "Invocations timed out after a deadline of 400 ms",
    });
    await vi.waitFor(() => expect(gw.seen[0]!.closed).toBeDefined(), { timeout: 1000, interval: 10 });
    expect(gw.seen[0]!.closed! - settledAt).toBeLessThan(200);
    // Nothing retries after the deadline.
    await sleep(300);
    expect(gw.attempts("slow")).toBe(1);
  });

  it("ContinueOnError: finished invocations keep their responses, unfinished ones get the timeout error", async () => {
    const gw = await gateway({ fast: answer(200, { done: 1 }), slow: hang });
    const started = Date.now();
    const responses = await Toolbelt.OrchestratorClient().invoke(
      [
        { uuid: "fast", payload: {} },
        { uuid: "slow", payload: {} },
      ],
      300,
      { invokeParallel: true, errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR },
    );
    expect(Date.now() - started).toBeLessThan(400);
    expect(responses[0]).toMatchObject({ uuid: "fast", statusCode: 200, body: { done: 1 } });
    expect(responses[1]).toEqual({
      uuid: "slow",
      error: { code: ErrorCodes.OrchestratorFN.Timeout, message: "Invocations timed out after a deadline of 300 ms" },
    });
    await vi.waitFor(() => expect(gw.seen.find((s) => s.uuid === "slow")!.closed).toBeDefined(), { timeout: 1000, interval: 10 });
  });

  it("sequential ContinueOnError: invocations not started before the deadline also get the timeout error", async () => {
    const gw = await gateway({ slow: hang });
    const responses = await Toolbelt.OrchestratorClient().invoke(
      [
        { uuid: "slow", payload: {} },
        { uuid: "never", payload: {} },
      ],
      300,
      { timeout: 1000, errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR },
    );
    expect(responses.map((r) => r.error?.code)).toEqual([ErrorCodes.OrchestratorFN.Timeout, ErrorCodes.OrchestratorFN.Timeout]);
    await sleep(100);
    expect(gw.attempts("never")).toBe(0);
  });

  it("a per-attempt timeout aborts the attempt (ETIMEDOUT) and retries it", async () => {
    const gw = await gateway({ flaky: [hang, answer(200, "second")] });
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "flaky", payload: {} }], 3000, { timeout: 200 });
    expect(response).toMatchObject({ statusCode: 200, body: "second" });
    expect(gw.attempts("flaky")).toBe(2);
    expect(gw.seen[0]!.closed).toBeDefined();
  });

  it("caps a deadline above 25000 ms with one console.warn", async () => {
    await gateway({});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const responses = await Toolbelt.OrchestratorClient().invoke(
      [
        { uuid: "a", payload: {} },
        { uuid: "b", payload: {} },
      ],
      60000,
    );
    expect(responses).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("25000");
  });
});

describe("OrchestratorClient: ExitOnError", () => {
  it("parallel: the first failure rejects with the status error and aborts the other in-flight requests", async () => {
    const gw = await gateway({ bad: answer(400, { reason: "nope" }, 100, { "x-why": "bad" }), slow1: hang, slow2: hang });
    const started = Date.now();
    const error = await rejection(
      Toolbelt.OrchestratorClient().invoke(
        ["slow1", "bad", "slow2"].map((uuid) => ({ uuid, payload: {} })),
        5000,
        { invokeParallel: true },
      ),
    );
    const settledAt = Date.now();
    expect(settledAt - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(OrchestratorError);
    expect(error).toMatchObject({
      component: "Orchestrator-FN",
      code: ErrorCodes.OrchestratorFN.Invocation.StatusError,
      statusCode: 400,
      originalError: { reason: "nope" },
      uuid: "bad",
    });
    expect((error as OrchestratorError).headers!["x-why"]).toBe("bad");
    await vi.waitFor(
      () => {
        for (const uuid of ["slow1", "slow2"]) expect(gw.seen.find((s) => s.uuid === uuid)!.closed).toBeDefined();
      },
      { timeout: 1000, interval: 10 },
    );
    for (const uuid of ["slow1", "slow2"]) expect(gw.seen.find((s) => s.uuid === uuid)!.closed! - settledAt).toBeLessThan(200);
    expect(gw.attempts("bad")).toBe(1);
  });

  it("sequential: stops at the first failure", async () => {
    const gw = await gateway({ first: answer(404, { missing: true }) });
    const error = await rejection(
      Toolbelt.OrchestratorClient().invoke(
        ["first", "second"].map((uuid) => ({ uuid, payload: {} })),
        5000,
      ),
    );
    expect(error).toMatchObject({ code: ErrorCodes.OrchestratorFN.Invocation.StatusError, statusCode: 404 });
    expect(gw.attempts("second")).toBe(0);
  });

  it("a network failure after its retries rejects typed, with Node's code in cause.code", async () => {
    const gw = await gateway({ gone: reset });
    const { client, pauses } = recordingClient(gw, "gone");
    const error = await rejection(client.invoke([{ uuid: "gone", payload: {}, retries: 1 }], 5000));
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.Invocation.NetworkError });
    expect((error.cause as { code?: string }).code).toBe("ECONNRESET");
    expect(gw.attempts("gone")).toBe(2);
    expect(pauses).toEqual([[100, 1]]);
  });
});

describe("OrchestratorClient: retries", () => {
  it.each([429, 500, 502, 503, 504])("retries %i three times by default (4 attempts) with a growing backoff", async (status) => {
    const gw = await gateway({ f: answer(status, { status }) });
    const { client, pauses } = recordingClient(gw, "f");
    const [response] = await client.invoke([{ uuid: "f", payload: {} }], 5000, { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
    expect(gw.attempts("f")).toBe(4);
    expect(response).toMatchObject({ statusCode: status, body: { status }, error: { code: ErrorCodes.OrchestratorFN.Invocation.StatusError } });
    // A pause of 100, 200, 300 ms between attempts: each asked for once the gateway had seen the attempt before it.
    expect(pauses).toEqual([
      [100, 1],
      [200, 2],
      [300, 3],
    ]);
  });

  it("recovers when a retry succeeds", async () => {
    const gw = await gateway({ f: [answer(503, {}), answer(200, "ok")] });
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "f", payload: {} }], 5000);
    expect(response).toMatchObject({ statusCode: 200, body: "ok" });
    expect(gw.attempts("f")).toBe(2);
    // The public client sleeps its backoff for real (timers may fire a millisecond early on the server clock).
    expect(gw.seen[1]!.start - gw.seen[0]!.start).toBeGreaterThanOrEqual(95);
  });

  it("does not retry a 400, and retries: 0 means exactly one attempt", async () => {
    const gw = await gateway({ bad: answer(400, {}), busy: answer(503, {}) });
    const responses = await Toolbelt.OrchestratorClient().invoke(
      [
        { uuid: "bad", payload: {} },
        { uuid: "busy", payload: {}, retries: 0 },
      ],
      5000,
      { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR },
    );
    expect(gw.attempts("bad")).toBe(1);
    expect(gw.attempts("busy")).toBe(1);
    expect(responses.map((r) => r.statusCode)).toEqual([400, 503]);
  });

  it("retries a connection reset, counted server-side", async () => {
    const gw = await gateway({ f: [reset, reset, answer(200, "third")] });
    const { client, pauses } = recordingClient(gw, "f");
    const [response] = await client.invoke([{ uuid: "f", payload: {} }], 5000);
    expect(response).toMatchObject({ statusCode: 200, body: "third" });
    expect(gw.attempts("f")).toBe(3);
    expect(pauses).toEqual([
      [100, 1],
      [200, 2],
    ]);
  });

  it("ContinueOnError records a network failure with the network-error code", async () => {
    const gw = await gateway({ f: reset });
    const { client } = recordingClient(gw, "f");
    const [response] = await client.invoke([{ uuid: "f", payload: {}, retries: 2 }], 5000, { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
    expect(gw.attempts("f")).toBe(3);
    expect(response!.error!.code).toBe(ErrorCodes.OrchestratorFN.Invocation.NetworkError);
    expect(response!.error!.message).toContain("ECONNRESET");
  });

  it("a custom retryFunction gets (statusCode, error) and decides", async () => {
    const gw = await gateway({ teapot: [answer(418, {}), answer(418, {}), answer(200, "brewed")], reset: [reset, answer(200, "back")] });
    const calls: Array<[unknown, unknown]> = [];
    const retryFunction = (statusCode: number | undefined, error: (Error & { cause?: { code?: string } }) | undefined): boolean => {
      calls.push([statusCode, error?.cause?.code]);
      return statusCode === 418 || error?.cause?.code === "ECONNRESET";
    };
    const { client, clock } = recordingClient(gw, "teapot");
    const responses = await client.invoke(
      [
        { uuid: "teapot", payload: {}, retryFunction },
        { uuid: "reset", payload: {}, retryFunction },
      ],
      5000,
    );
    expect(responses.map((r) => r.body)).toEqual(["brewed", "back"]);
    expect(gw.attempts("teapot")).toBe(3);
    expect(clock.sleeps).toEqual([100, 200, 100]);
    expect(calls).toEqual([
      [418, undefined],
      [418, undefined],
      [undefined, "ECONNRESET"],
    ]);
  });

  it("a retryFunction that returns false for 500 stops the retries", async () => {
    const gw = await gateway({ f: answer(500, {}) });
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "f", payload: {}, retryFunction: () => false }], 5000));
    expect(error).toMatchObject({ code: ErrorCodes.OrchestratorFN.Invocation.StatusError, statusCode: 500 });
    expect(gw.attempts("f")).toBe(1);
  });

  it("a throwing retryFunction: no retry, its error reported", async () => {
    const gw = await gateway({ f: answer(500, {}) });
    const retryFunction = (): boolean => {
      throw new Error("my retry logic broke");
    };
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "f", payload: {}, retryFunction }], 5000));
    expect(error).toMatchObject({ code: ErrorCodes.OrchestratorFN.General });
    expect(error.message).toContain("my retry logic broke");
    expect(gw.attempts("f")).toBe(1);
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "f", payload: {}, retryFunction }], 5000, {
      errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR,
    });
    expect(response!.error).toMatchObject({ code: ErrorCodes.OrchestratorFN.General });
  });

  // "a backoff never runs past the deadline": src/orchestrator/invocation-run.test.ts, on fake timers.
});

describe("OrchestratorClient: arguments", () => {
  const good = { uuid: "a", payload: {} };
  it.each<[string, unknown[]]>([
    ["not an array", [good]],
    ["empty array", [[]]],
    ["null invocation", [[null]]],
    ["missing uuid", [[{ payload: {} }]]],
    ["empty uuid", [[{ uuid: "  ", payload: {} }]]],
    ["numeric uuid", [[{ uuid: 5, payload: {} }]]],
    ["deadline 0", [[good], 0]],
    ["negative deadline", [[good], -1]],
    ["NaN deadline", [[good], Number.NaN]],
    ["string deadline", [[good], "1000"]],
    ["timeout 0", [[good], 1000, { timeout: 0 }]],
    ["negative timeout", [[good], 1000, { timeout: -5 }]],
    ["retries -1", [[{ ...good, retries: -1 }]]],
    ["retries 1.5", [[{ ...good, retries: 1.5 }]]],
    ["retries string", [[{ ...good, retries: "3" }]]],
    ["retryFunction not a function", [[{ ...good, retryFunction: true }]]],
    ["unknown errorStrategy", [[good], 1000, { errorStrategy: "StopOnError" }]],
    ["headers an array", [[{ ...good, headers: [["a", "b"]] }]]],
    ["options not an object", [[good], 1000, "parallel"]],
  ])("%s → invalid-argument before any request", async (_name, args) => {
    const gw = await gateway({});
    const invoke = Toolbelt.OrchestratorClient().invoke as (...a: unknown[]) => Promise<unknown>;
    const error = await rejection(invoke(...args));
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.InvalidArgument });
    expect(gw.lp.apiRequests).toHaveLength(0);
    expect(gw.lp.csdsRequests).toBe(0);
  });

  it("never writes into the caller's invocations or options (frozen objects work and stay equal)", async () => {
    await gateway({ a: [answer(500, {}), answer(200, "ok")] });
    const retryFunction = (status: number | undefined): boolean => status === 500;
    const invocations = [{ uuid: "a", payload: { deep: { x: 1 } }, headers: { h: "v" }, retryFunction }];
    const options = { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR };
    const snapshot = JSON.stringify([invocations, options]);
    deepFreeze(invocations);
    deepFreeze(options);
    const [response] = await Toolbelt.OrchestratorClient().invoke(invocations, 5000, options);
    expect(response!.body).toBe("ok");
    expect(JSON.stringify([invocations, options])).toBe(snapshot);
    expect(Object.keys(invocations[0]!).sort()).toEqual(["headers", "payload", "retryFunction", "uuid"]);
    expect(Object.keys(options)).toEqual(["errorStrategy"]);
  });
});

describe("OrchestratorClient: discovery and credentials", () => {
  it("a missing key secret: the secret's not-found error passes through (no request to the gateway)", async () => {
    const gw = await gateway({}, { secrets: {} });
    resetConfig();
    configure({ brandId: ACCOUNT, csdsDomain: gw.lp.url, rateLimit: false, secrets: { "other-secret": "x" } });
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "a", payload: {} }], 2000));
    expect(error).toMatchObject({ code: ErrorCodes.Secret.NotFound });
    expect(gw.lp.apiRequests).toHaveLength(0);
  });

  it("a key of the wrong shape → orchestrator credentials-wrong-format, no secret in the error", async () => {
    const gw = await gateway({}, { secrets: { [SECRET_NAME]: { consumerKey: KEY.consumerKey, consumerSecret: KEY.consumerSecret } } });
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "a", payload: {} }], 2000));
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.Creds.Format });
    expectNoSecrets(error);
    expect(gw.lp.apiRequests).toHaveLength(0);
    const [response] = await Toolbelt.OrchestratorClient().invoke([{ uuid: "a", payload: {} }], 2000, { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
    expect(response).toEqual({ uuid: "a", error: { code: ErrorCodes.OrchestratorFN.Creds.Format, message: expect.any(String) } });
    expect(JSON.stringify(response)).not.toContain(KEY.consumerSecret);
  });

  it("a key read failure → orchestrator get-credentials-failure (not the MTLS code)", async () => {
    const gw = await gateway({});
    const lpClient = createLpClient({
      secrets: () => ({
        readSecret: () => Promise.reject(new Error("store unreachable")),
        updateSecret: () => Promise.reject(new Error("unused")),
      }),
    });
    const error = await rejection(createOrchestratorClient({ lpClient }).invoke([{ uuid: "a", payload: {} }], 2000));
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.Creds.Failure });
    expect(error.message).toContain("store unreachable");
    expect(gw.lp.apiRequests).toHaveLength(0);
  });

  it("CSDS failure: rejects under ExitOnError, is recorded per invocation under ContinueOnError", async () => {
    const gw = await gateway({});
    resetConfig();
    // An account CSDS does not know: the lookup answers 404.
    configure({ brandId: "unknown-account", csdsDomain: gw.lp.url, rateLimit: false, secrets: { [SECRET_NAME]: KEY } });
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "a", payload: {} }], 2000));
    expect(error).toMatchObject({ code: ErrorCodes.Csds.Failure });
    const responses = await Toolbelt.OrchestratorClient().invoke(
      [
        { uuid: "a", payload: {} },
        { uuid: "b", payload: {} },
      ],
      2000,
      { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR, invokeParallel: true },
    );
    expect(responses.map((r) => r.error?.code)).toEqual([ErrorCodes.Csds.Failure, ErrorCodes.Csds.Failure]);
    expect(gw.lp.apiRequests).toHaveLength(0);
  });

  it("no secret appears in a status error", async () => {
    await gateway({ f: answer(403, { denied: true }) });
    const error = await rejection(Toolbelt.OrchestratorClient().invoke([{ uuid: "f", payload: {} }], 2000));
    expect(error).toMatchObject({ statusCode: 403 });
    expectNoSecrets(error);
  });
});
