/**
 * The orchestrator's retry policy: which failed attempts are tried again (the
 * invocation's `retries` and its `retryFunction`, else the default one) and how
 * long to wait first (a growing backoff that never runs past the deadline).
 * The decisions are pure; the wait goes through an injected `Clock`, so tests
 * drive the backoff without sleeping.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { RetryFunction } from "./types";

/** Statuses retried by default (429 and the transient 5xx, 503 included). */
export const RETRIABLE_STATUS_CODES: readonly number[] = [429, 500, 502, 503, 504];
/** Node network codes retried by default. */
export const RETRIABLE_NETWORK_ERRORS: readonly string[] = ["ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "EPIPE", "ENOTFOUND", "EAI_AGAIN"];
/** Backoff before retry n is `n × BACKOFF_STEP_MS` (100, 200, 300 …), never past the deadline. */
export const BACKOFF_STEP_MS = 100;

export const defaultRetryFunction: RetryFunction = (statusCode, error) => {
  if (statusCode !== undefined) return RETRIABLE_STATUS_CODES.includes(statusCode);
  const code = error?.cause?.code;
  return typeof code === "string" && RETRIABLE_NETWORK_ERRORS.includes(code);
};

/** Time as the retry loop sees it. */
export interface Clock {
  /** Milliseconds; only differences are used. */
  now(): number;
  /** Resolves after `ms`; rejects as soon as `signal` aborts (the call settled). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/** What the policy needs to know of the invocation. */
export interface RetrySettings {
  /** Retries allowed after the first attempt. */
  readonly retries: number;
  readonly retryFunction: RetryFunction | undefined;
}

export type RetryDecision =
  | { readonly kind: "retry" }
  | { readonly kind: "stop" }
  /** The retryFunction threw: no retry, and what it threw is reported. */
  | { readonly kind: "retry-function-threw"; readonly thrown: unknown };

/**
 * Whether attempt number `attempts` (1-based), which failed with `(statusCode, error)`
 * as the retryFunction receives them, is tried again.
 */
export function decideRetry(settings: RetrySettings, attempts: number, ...failure: Parameters<RetryFunction>): RetryDecision {
  if (attempts > settings.retries) return { kind: "stop" };
  try {
    return (settings.retryFunction ?? defaultRetryFunction)(...failure) ? { kind: "retry" } : { kind: "stop" };
  } catch (thrown) {
    return { kind: "retry-function-threw", thrown };
  }
}

/** The pause after attempt number `attempts` failed: `attempts × BACKOFF_STEP_MS`, cut to the time left (never negative). */
export function backoffMs(attempts: number, remainingMs: number): number {
  return Math.max(0, Math.min(BACKOFF_STEP_MS * attempts, remainingMs));
}

/**
 * Waits out the backoff after attempt number `attempts`, on `clock`, ending at
 * `deadlineAt` at the latest. Returns early, without throwing, once `signal` aborts.
 */
export async function waitBeforeRetry(clock: Clock, attempts: number, deadlineAt: number, signal: AbortSignal): Promise<void> {
  try {
    await clock.sleep(backoffMs(attempts, deadlineAt - clock.now()), signal);
  } catch {
    // Aborted: the call settled; the caller sees it and stops.
  }
}
