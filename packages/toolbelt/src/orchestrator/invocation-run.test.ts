/**
 * The retry loop and the deadline with a fake LpClient: no sockets, and time
 * either recorded (the backoff) or fake (vitest's timers, for the real deadline timer).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { globalTimersClock, recordingClock } from "../../test/helpers/clock";
import { configure, resetConfig } from "../config/resolve-config";
import { ErrorCodes } from "../errors/codes";
import { RequestError } from "../errors/request-errors";
import { ToolbeltError } from "../errors/toolbelt-error";
import type { FullResponse } from "../http/types";
import type { LpClient, LpClientOptions } from "../lp-client/lp-client";
import type { PlannedInvocation } from "./arguments";
import type { AttemptResult } from "./invocation-outcome";
import { invokeWithRetries, type RetryLoop } from "./invocation-run";
import { createOrchestratorClient } from "./orchestrator-client";

afterEach(() => {
  vi.useRealTimers();
  resetConfig();
});

function answer(statusCode: number, body: unknown = {}): FullResponse {
  return { statusCode, statusMessage: "", headers: { "content-type": "application/json" }, body, request: {} as FullResponse["request"] };
}

const reset = (): RequestError => new RequestError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));

function invocation(overrides: Partial<PlannedInvocation> = {}): PlannedInvocation {
  return { index: 0, uuid: "f", payload: {}, headers: [], retries: 3, retryFunction: undefined, ...overrides };
}

/** A retry loop whose attempts give `results` in turn (the last one repeats). */
function loopOf(
  results: AttemptResult[],
  deadlineMs = 25_000,
): RetryLoop & { attempts: number; clock: ReturnType<typeof recordingClock>; stop: AbortController } {
  const clock = recordingClock();
  const stop = new AbortController();
  const loop = {
    attempts: 0,
    clock,
    stop,
    deadlineAt: clock.now() + deadlineMs,
    signal: stop.signal,
    attempt: async () => results[Math.min(loop.attempts++, results.length - 1)]!,
  };
  return loop;
}

describe("invokeWithRetries", () => {
  it("503 until the retries are used up: 4 attempts, 100/200/300 ms apart, then the status error", async () => {
    const loop = loopOf([{ response: answer(503, { busy: true }) }]);
    const outcome = await invokeWithRetries(invocation(), loop);
    expect(loop.attempts).toBe(4);
    expect(loop.clock.sleeps).toEqual([100, 200, 300]);
    expect(outcome).toMatchObject({
      ok: false,
      response: { uuid: "f", statusCode: 503, body: { busy: true }, error: { code: ErrorCodes.OrchestratorFN.Invocation.StatusError } },
    });
    expect((outcome as { error: Error }).error.message).toContain("after 4 attempts");
  });

  it("a reset, then a 200: one backoff, the answer", async () => {
    const loop = loopOf([{ error: reset() }, { response: answer(200, "ok") }]);
    const outcome = await invokeWithRetries(invocation(), loop);
    expect(outcome).toEqual({ ok: true, response: { uuid: "f", body: "ok", headers: { "content-type": "application/json" }, statusCode: 200 } });
    expect(loop.clock.sleeps).toEqual([100]);
  });

  it("the backoff is cut at the deadline", async () => {
    const loop = loopOf([{ response: answer(503) }], 250);
    await invokeWithRetries(invocation({ retries: 5 }), loop);
    expect(loop.clock.sleeps).toEqual([100, 150, 0, 0, 0]);
  });

  it.each<[string, AttemptResult, string]>([
    ["an egress refusal", { error: new RequestError(new ToolbeltError("Egress", ErrorCodes.Egress.HostRefused, "refused")) }, ErrorCodes.Egress.HostRefused],
    ["a CSDS failure", { error: new ToolbeltError("CSDS-Client", ErrorCodes.Csds.Failure, "down") }, ErrorCodes.Csds.Failure],
    [
      "LpClient's credential format error (re-coded)",
      { error: new ToolbeltError("LpClient", ErrorCodes.LpClient.Creds.Format, "shape") },
      ErrorCodes.OrchestratorFN.Creds.Format,
    ],
    ["something unexpected", { error: new TypeError("boom") }, ErrorCodes.OrchestratorFN.General],
  ])("%s is final: one attempt, no backoff", async (_name, result, code) => {
    const loop = loopOf([result]);
    const outcome = await invokeWithRetries(invocation(), loop);
    expect(outcome).toMatchObject({ ok: false, response: { uuid: "f", error: { code } } });
    expect(loop.attempts).toBe(1);
    expect(loop.clock.sleeps).toEqual([]);
  });

  it("a throwing retryFunction: no retry, general error naming both failures", async () => {
    const loop = loopOf([{ response: answer(500) }]);
    const retryFunction = (): boolean => {
      throw new Error("my retry logic broke");
    };
    const outcome = await invokeWithRetries(invocation({ retryFunction }), loop);
    expect(outcome).toMatchObject({ ok: false, response: { uuid: "f", error: { code: ErrorCodes.OrchestratorFN.General } } });
    expect((outcome as { error: Error }).error.message).toMatch(/my retry logic broke.*non 2XX status code 500/);
    expect(loop.attempts).toBe(1);
  });

  it("stops without an outcome once the call has settled, mid-backoff", async () => {
    const loop = loopOf([{ response: answer(503) }]);
    const sleep = loop.clock.sleep;
    loop.clock.sleep = async (ms, signal) => {
      loop.stop.abort(new Error("invoke settled"));
      return sleep(ms, signal);
    };
    expect(await invokeWithRetries(invocation(), loop)).toBeUndefined();
    expect(loop.attempts).toBe(1);
  });
});

describe("runInvocations: the deadline against the backoff (fake timers)", () => {
  function gatewayAnswering(statusCode: number): { lpClient: LpClient; calls: number[] } {
    const calls: number[] = [];
    const lpClient = (async (_service: string, _path: string, _options?: LpClientOptions) => {
      calls.push(Date.now());
      return answer(statusCode);
    }) as LpClient;
    return { lpClient, calls };
  }

  it("a backoff never runs past the deadline: settles at it with the timeout error, no attempt afterwards", async () => {
    vi.useFakeTimers();
    configure({ brandId: "le1", rateLimit: false });
    const { lpClient, calls } = gatewayAnswering(503);
    const clock = globalTimersClock();
    const started = Date.now();
    let settledAt: number | undefined;
    const result = createOrchestratorClient({ lpClient, clock })
      .invoke([{ uuid: "f", payload: {}, retries: 50 }], 700)
      .then(
        () => undefined,
        (error: unknown) => error,
      )
      .finally(() => (settledAt = Date.now()));
    await vi.advanceTimersByTimeAsync(699);
    expect(settledAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatchObject({ code: ErrorCodes.OrchestratorFN.Timeout });
    expect(settledAt! - started).toBe(700);
    // Attempts at 0, 100, 300 and 600 ms; the last backoff was cut to the 100 ms left.
    expect(calls.map((at) => at - started)).toEqual([0, 100, 300, 600]);
    expect(clock.sleeps).toEqual([100, 200, 300, 100]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(4);
  });
});
