/** The orchestrator's retry policy without a network or a real clock. */
import { describe, expect, it } from "vitest";
import { recordingClock } from "../../test/helpers/clock";
import type { RetryFunction } from "./types";
import {
  backoffMs,
  BACKOFF_STEP_MS,
  decideRetry,
  defaultRetryFunction,
  RETRIABLE_NETWORK_ERRORS,
  RETRIABLE_STATUS_CODES,
  systemClock,
  waitBeforeRetry,
  type RetrySettings,
} from "./retry-policy";

type RetryError = Parameters<RetryFunction>[1];
const network = (code: string): RetryError => Object.assign(new Error("x"), { cause: { code } });

describe("defaultRetryFunction", () => {
  it("retries 429 and 500/502/503/504 and the transient network codes, nothing else", () => {
    for (const s of [429, 500, 502, 503, 504]) expect(defaultRetryFunction(s, undefined)).toBe(true);
    for (const s of [400, 401, 404, 501, 508]) expect(defaultRetryFunction(s, undefined)).toBe(false);
    for (const code of ["ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]) {
      expect(defaultRetryFunction(undefined, network(code))).toBe(true);
    }
    expect(defaultRetryFunction(undefined, network("CERT_HAS_EXPIRED"))).toBe(false);
    expect(defaultRetryFunction(undefined, undefined)).toBe(false);
  });

  it("the lists are the documented ones", () => {
    expect(RETRIABLE_STATUS_CODES).toEqual([429, 500, 502, 503, 504]);
    expect(RETRIABLE_NETWORK_ERRORS).toEqual(["ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);
    expect(BACKOFF_STEP_MS).toBe(100);
  });
});

describe("decideRetry", () => {
  const defaults: RetrySettings = { retries: 3, retryFunction: undefined };
  const never: RetrySettings = { retries: 3, retryFunction: () => false };
  const always: RetrySettings = { retries: 3, retryFunction: () => true };
  const truthy: RetrySettings = { retries: 3, retryFunction: (() => "yes") as unknown as RetryFunction };
  const none: RetrySettings = { retries: 0, retryFunction: () => true };

  it.each<[string, RetrySettings, number, number | undefined, RetryError, "retry" | "stop"]>([
    ["503, first attempt, default function → retry", defaults, 1, 503, undefined, "retry"],
    ["503, third attempt of 3 retries → retry", defaults, 3, 503, undefined, "retry"],
    ["503, fourth attempt: retries used up → stop", defaults, 4, 503, undefined, "stop"],
    ["400, default function → stop", defaults, 1, 400, undefined, "stop"],
    ["ECONNRESET, default function → retry", defaults, 1, undefined, network("ECONNRESET"), "retry"],
    ["CERT_HAS_EXPIRED, default function → stop", defaults, 1, undefined, network("CERT_HAS_EXPIRED"), "stop"],
    ["500, a retryFunction that says no → stop", never, 1, 500, undefined, "stop"],
    ["418, a retryFunction that says yes → retry", always, 2, 418, undefined, "retry"],
    ["a truthy answer counts as yes → retry", truthy, 1, 418, undefined, "retry"],
    ["retries: 0 asks nobody → stop", none, 1, 503, undefined, "stop"],
  ])("%s", (_name, settings, attempts, statusCode, error, kind) => {
    expect(decideRetry(settings, attempts, statusCode, error)).toEqual({ kind });
  });

  it("passes (statusCode, error) to the retryFunction as it got them", () => {
    const calls: Array<Parameters<RetryFunction>> = [];
    const error = network("ETIMEDOUT");
    decideRetry({ retries: 3, retryFunction: (...args) => (calls.push(args), false) }, 1, undefined, error);
    decideRetry({ retries: 3, retryFunction: (...args) => (calls.push(args), false) }, 1, 502, undefined);
    expect(calls).toEqual([
      [undefined, error],
      [502, undefined],
    ]);
  });

  it("a retryFunction that throws stops the retries and hands back what it threw", () => {
    const thrown = new Error("my retry logic broke");
    const decision = decideRetry(
      {
        retries: 3,
        retryFunction: () => {
          throw thrown;
        },
      },
      1,
      500,
      undefined,
    );
    expect(decision).toEqual({ kind: "retry-function-threw", thrown });
  });
});

describe("backoffMs", () => {
  it.each([
    [1, 25_000, 100],
    [2, 25_000, 200],
    [3, 25_000, 300],
    [10, 25_000, 1_000],
    // Never past the deadline, never negative.
    [4, 150, 150],
    [1, 0, 0],
    [2, -20, 0],
  ])("after attempt %i with %i ms left: %i ms", (attempts, remaining, expected) => {
    expect(backoffMs(attempts, remaining)).toBe(expected);
  });
});

describe("waitBeforeRetry", () => {
  it("sleeps the backoff on the injected clock, cut to the time left before the deadline", async () => {
    const clock = recordingClock({ start: 1_000 });
    const signal = new AbortController().signal;
    const deadlineAt = 1_000 + 700;
    for (const attempts of [1, 2, 3, 4, 5]) await waitBeforeRetry(clock, attempts, deadlineAt, signal);
    expect(clock.sleeps).toEqual([100, 200, 300, 100, 0]);
    expect(clock.now()).toBe(deadlineAt);
  });

  it("returns without throwing when the call has settled", async () => {
    const clock = recordingClock();
    const stop = new AbortController();
    stop.abort(new Error("invoke settled"));
    await expect(waitBeforeRetry(clock, 1, 5_000, stop.signal)).resolves.toBeUndefined();
    expect(clock.sleeps).toEqual([]);
  });

  it("the system clock really waits, and stops waiting when the signal aborts", async () => {
    const started = performance.now();
    await systemClock.sleep(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);

    const stop = new AbortController();
    const pending = systemClock.sleep(60_000, stop.signal);
    stop.abort(new Error("settled"));
    await expect(pending).rejects.toThrow();
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(50);
  });
});
