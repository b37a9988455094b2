/**
 * V2 OrchestratorClient against the fake LivePerson on 127.0.0.1 (CSDS, Sentinel
 * OAuth2, the secrets API; only live tokens pass) with a faasGW gateway whose
 * answer each invocation's payload chooses.
 * Aborted attempts are observed server-side (the connection closes before the answer).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorStrategy } from "../../../src/enums/error-strategy";
import type { V2Csds } from "../../../src/v2/csds/shared-csds";
import { ErrorCodes } from "../../../src/v2/errors/codes";
import { ToolBeltError } from "../../../src/v2/errors/toolbelt-error";
import { tokenSource } from "../../../src/v2/oauth2/token-source";
import { createOrchestratorClient, OrchestratorError, type Invocation, type OrchestratorResponse } from "../../../src/v2/orchestrator";
import { ORCHESTRATOR_CREDENTIALS } from "../../../src/v2/orchestrator/orchestrator-client";
import type { ISecretClient } from "../../../src/v2/secrets/secret-client";
import { recordingClock } from "../../helpers/clock";
import { deepFreeze } from "../../helpers/objects";
import { ACCOUNT, CLIENT, startFakeLivePerson, type FakeLivePerson } from "../fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "../v2-env";

/** What the gateway does for an invocation, from its payload. */
interface Behaviour {
  status?: number;
  delayMs?: number;
  /** Answer `failStatus` (default 503) to the first `failFirst` attempts. */
  failFirst?: number;
  failStatus?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
}

interface Seen {
  uuid: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: { timestamp: number; payload: Behaviour; headers: Array<{ key: string; value: string }> };
  /** The connection closed before the answer was written (the client aborted). */
  aborted: boolean;
}

let lp: FakeLivePerson;
let seen: Seen[] = [];
const attempts = (uuid: string) => seen.filter((s) => s.uuid === uuid).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The gateway: tokens are checked by the fake before this runs. */
async function gateway(req: IncomingMessage & { body: Buffer }, res: ServerResponse): Promise<void> {
  const match = new RegExp(`^/api/account/${ACCOUNT}/lambdas/([^/]+)/invoke`).exec(req.url ?? "");
  if (!match) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const body = JSON.parse(req.body.toString("utf8")) as Seen["body"];
  const record: Seen = { uuid: decodeURIComponent(match[1]!), url: req.url ?? "", headers: req.headers, body, aborted: false };
  seen.push(record);
  res.on("close", () => {
    if (!res.writableEnded) record.aborted = true;
  });
  const b = body.payload ?? {};
  if (b.reset) {
    req.socket.destroy();
    return;
  }
  if (b.failFirst && attempts(record.uuid) <= b.failFirst) {
    res.statusCode = b.failStatus ?? 503;
    res.end("busy");
    return;
  }
  if (b.delayMs) await sleep(b.delayMs);
  if (res.destroyed) return;
  res.writeHead(b.status ?? 200, { "content-type": "application/json", "x-fn": record.uuid });
  res.end(JSON.stringify({ from: record.uuid, status: b.status ?? 200 }));
}

beforeAll(async () => {
  lp = await startFakeLivePerson();
  lp.api = gateway;
});
afterAll(() => lp.close());
beforeEach(() => {
  seen = [];
  lp.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", { ...CLIENT });
  useV2Environment(lp);
});
afterEach(() => {
  clearV2Environment();
  vi.restoreAllMocks();
  delete process.env.LP_FAAS_INVOCATION_ID;
  delete process.env.LP_FAAS_ORCHESTRATION_DEPTH;
});

const client = () => createOrchestratorClient({ clock: recordingClock() });

async function rejection(promise: Promise<unknown>): Promise<ToolBeltError & OrchestratorError> {
  try {
    await promise;
  } catch (error) {
    return error as ToolBeltError & OrchestratorError;
  }
  throw new Error("expected invoke to reject");
}

/** Waits until the server has seen the aborts it is about to see. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20 && seen.some((s) => !s.aborted && s.body.payload?.delayMs); i++) await sleep(25);
}

describe("V2 OrchestratorClient: the wire", () => {
  it("B6: POSTs to the gateway path with v=1 and externalSystem={uuid}_{account}, no stray %7D; token, request id, JSON body", async () => {
    process.env.LP_FAAS_INVOCATION_ID = "parent-inv-1";
    const [response] = await client().invoke([{ uuid: "fn-1", payload: { status: 200 }, headers: { "x-a": "1" } }]);
    expect(response).toEqual({
      uuid: "fn-1",
      body: JSON.stringify({ from: "fn-1", status: 200 }),
      headers: expect.objectContaining({ "x-fn": "fn-1" }) as Record<string, string>,
      statusCode: 200,
    });
    const call = seen[0]!;
    expect(call.url).toBe(`/api/account/${ACCOUNT}/lambdas/fn-1/invoke?v=1&externalSystem=fn-1_${ACCOUNT}`);
    expect(call.url).not.toContain("%7D");
    expect(call.headers.authorization).toBe(`Bearer ${lp.issued.at(-1)}`);
    expect(call.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(call.headers["content-type"]).toBe("application/json");
    expect(call.headers["x-lp-faas-orchestration-depth"]).toBe("1");
    expect(call.headers["x-lp-faas-parent-invocation-id"]).toBe("parent-inv-1");
    expect(call.body).toMatchObject({ payload: { status: 200 }, headers: [{ key: "x-a", value: "1" }] });
    expect(typeof call.body.timestamp).toBe("number");
  });

  it("json: true parses the body; the token is cached per client", async () => {
    const c = client();
    const tokensBefore = lp.issued.length;
    const [a] = await c.invoke([{ uuid: "j1", payload: {} }], 5000, { json: true });
    await c.invoke([{ uuid: "j2", payload: {} }]);
    expect(a!.body).toEqual({ from: "j1", status: 200 });
    expect(lp.issued.length - tokensBefore).toBe(1);
  });

  it("results come back in input order, sequential and parallel", async () => {
    const invocations: Invocation[] = [
      { uuid: "slow", payload: { delayMs: 200 } },
      { uuid: "fast", payload: {} },
    ];
    for (const invokeParallel of [false, true]) {
      const result = await client().invoke(invocations, 5000, { invokeParallel });
      expect(result.map((r) => r.uuid)).toEqual(["slow", "fast"]);
    }
  });

  it("a deadline above 25000 is clamped, with a warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const [r] = await client().invoke([{ uuid: "clamped", payload: {} }], 40_000);
    expect(r!.statusCode).toBe(200);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("25000"));
  });

  it("refuses an orchestration chain deeper than the maximum, sending nothing", async () => {
    process.env.LP_FAAS_INVOCATION_ID = "deep";
    process.env.LP_FAAS_ORCHESTRATION_DEPTH = "10";
    const error = await rejection(client().invoke([{ uuid: "loop", payload: {} }]));
    expect(error.code).toBe(ErrorCodes.OrchestratorFN.LoopDetected);
    expect(seen).toHaveLength(0);
  });
});

describe("V2 OrchestratorClient: retries (B4, B6)", () => {
  it("B4: retries counts retries: 0 = one attempt, 2 = three attempts", async () => {
    const c = client();
    const [none] = await c.invoke([{ uuid: "r0", payload: { failFirst: 99 }, retries: 0 }], 5000, { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
    expect(attempts("r0")).toBe(1);
    expect(none!.statusCode).toBe(503);
    await c.invoke([{ uuid: "r2", payload: { failFirst: 99 }, retries: 2 }], 5000, { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
    expect(attempts("r2")).toBe(3);
  });

  it("B4: negative retries are refused as bad input before any request; the caller's objects are not written", async () => {
    const error = await rejection(client().invoke([{ uuid: "neg", payload: {}, retries: -1 }]));
    expect(error).toBeInstanceOf(OrchestratorError);
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.InvalidArgument });
    expect(seen).toHaveLength(0);
    const invocations = deepFreeze([{ uuid: "frozen", payload: { failFirst: 1 } }]);
    const options = deepFreeze({ errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
    const [r] = await client().invoke(invocations, 5000, options);
    expect(r!.statusCode).toBe(200);
    expect(invocations).toEqual([{ uuid: "frozen", payload: { failFirst: 1 } }]);
  });

  it("B6: 503 is retried like the other 5xx", async () => {
    const [r] = await client().invoke([{ uuid: "flaky503", payload: { failFirst: 2, failStatus: 503 } }]);
    expect(r!.statusCode).toBe(200);
    expect(attempts("flaky503")).toBe(3);
  });

  it("a 400 is not retried; ExitOnError rejects with the status error", async () => {
    const error = await rejection(client().invoke([{ uuid: "bad", payload: { status: 400 } }]));
    expect(error).toMatchObject({ code: ErrorCodes.OrchestratorFN.Invocation.StatusError, statusCode: 400 });
    expect(error.originalError).toBe(JSON.stringify({ from: "bad", status: 400 }));
    expect(attempts("bad")).toBe(1);
  });

  it("B6: credentials of the wrong shape carry the orchestrator's code", async () => {
    lp.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", "not json");
    const error = await rejection(client().invoke([{ uuid: "creds", payload: {} }]));
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.Creds.Format });
  });

  it("B6: a credential read failure carries orchestrator-fn.get-credentials-failure, not lp-mtls's code", async () => {
    const broken: ISecretClient = {
      readSecret: () => Promise.reject(new Error("store unreachable")),
      updateSecret: () => Promise.reject(new Error("unused")),
    };
    const tokens = tokenSource(undefined, { owner: ORCHESTRATOR_CREDENTIALS, secrets: broken });
    const error = await rejection(createOrchestratorClient({ tokens, clock: recordingClock() }).invoke([{ uuid: "creds-read", payload: {} }]));
    expect(error).toMatchObject({ component: "Orchestrator-FN", code: ErrorCodes.OrchestratorFN.Creds.Failure });
    expect(seen).toHaveLength(0);
  });

  it("B9: a 401 gets one fresh token and one resend", async () => {
    const c = client();
    await c.invoke([{ uuid: "warm", payload: {} }]);
    lp.live.clear();
    const tokens = lp.issued.length;
    const [r] = await c.invoke([{ uuid: "after-revoke", payload: {} }]);
    expect(r!.statusCode).toBe(200);
    expect(lp.issued.length).toBe(tokens + 1);
    expect(lp.requestsTo(`/api/account/${ACCOUNT}/lambdas/after-revoke/`)).toHaveLength(2);
  });
});

describe("V2 OrchestratorClient: deadline, timeout and error strategies (B5, B7, B8)", () => {
  it("B5: the deadline aborts the request in flight and rejects with orchestrator-fn.invoke.timeout, under both strategies", async () => {
    for (const errorStrategy of [ErrorStrategy.EXIT_ON_ERROR, ErrorStrategy.CONTINUE_ON_ERROR]) {
      seen = [];
      const error = await rejection(client().invoke([{ uuid: "sleepy", payload: { delayMs: 3000 }, retries: 0 }], 300, { errorStrategy }));
      expect(error).toMatchObject({ code: ErrorCodes.OrchestratorFN.Timeout, message: "Invocations timed out after a deadline of 300 ms" });
      await settle();
      expect(seen.map((s) => s.aborted)).toEqual([true]);
    }
  });

  it("B5: ExitOnError in parallel cancels the other calls in flight", async () => {
    const error = await rejection(
      client().invoke(
        [
          { uuid: "long", payload: { delayMs: 3000 } },
          { uuid: "fails", payload: { status: 404 } },
        ],
        10_000,
        { invokeParallel: true },
      ),
    );
    expect(error).toMatchObject({ code: ErrorCodes.OrchestratorFN.Invocation.StatusError, statusCode: 404 });
    await settle();
    expect(seen.find((s) => s.uuid === "long")!.aborted).toBe(true);
  });

  it("B7: timeout applies to each attempt: TimeoutError, retried by default, the attempt aborted", async () => {
    const [r] = await client().invoke([{ uuid: "slowpoke", payload: { delayMs: 3000 }, retries: 1 }], 10_000, {
      timeout: 150,
      errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR,
    });
    expect(r).toMatchObject({ uuid: "slowpoke", error: { code: "TimeoutError" } });
    expect(attempts("slowpoke")).toBe(2);
    await settle();
    expect(seen.every((s) => s.aborted)).toBe(true);
  });

  it("B8: a parallel call's timeout is not cut to deadline / n", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const invocations = ["p1", "p2", "p3"].map((uuid) => ({ uuid, payload: { delayMs: 2000 }, retries: 0 }));
    // deadline / n = 1500 ms would time each one out; the given 3000 ms does not.
    const result = await client().invoke(invocations, 4500, { invokeParallel: true, timeout: 3000 });
    expect(result.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("sequential calls whose timeout × n exceeds the deadline fall back to deadline / n, with a warning (upstream's rule)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const result = await client().invoke(
      [
        { uuid: "s1", payload: {} },
        { uuid: "s2", payload: {} },
      ],
      1000,
      { timeout: 800 },
    );
    expect(result.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("500 ms is used instead"));
  });

  it("B8: [] resolves []", async () => {
    expect(await client().invoke([])).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it("B8: a CSDS failure is handled by ContinueOnError, not thrown", async () => {
    const down = () => Promise.reject(new ToolBeltError("CSDS-Client", ErrorCodes.Csds.Failure, "Domain API down"));
    const csds: V2Csds = { get: down, getAll: down, baseUrl: down };
    const result = await createOrchestratorClient({ csds, clock: recordingClock() }).invoke([{ uuid: "a", payload: {} }], 5000, {
      errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR,
    });
    expect(result).toEqual([
      { uuid: "a", body: expect.any(ToolBeltError) as ToolBeltError, error: { code: ErrorCodes.Csds.Failure, message: "Domain API down" } },
    ]);
  });

  it("ContinueOnError records each failure's shape, in input order", async () => {
    const result: OrchestratorResponse[] = await client().invoke(
      [
        { uuid: "good", payload: {} },
        { uuid: "teapot", payload: { status: 418 } },
        { uuid: "reset", payload: { reset: true }, retries: 0 },
      ],
      10_000,
      { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR, json: true },
    );
    expect(result[0]).toMatchObject({ uuid: "good", statusCode: 200, body: { from: "good" } });
    expect(result[0]!.error).toBeUndefined();
    expect(result[1]).toMatchObject({
      uuid: "teapot",
      statusCode: 418,
      body: JSON.stringify({ from: "teapot", status: 418 }),
      error: { code: ErrorCodes.OrchestratorFN.Invocation.StatusError },
    });
    expect(result[2]!.uuid).toBe("reset");
    expect(result[2]!.statusCode).toBeUndefined();
    expect(typeof result[2]!.error!.code).toBe("string");
    expect(result[2]!.error!.code).not.toBe("Unknown Error");
  });
});
