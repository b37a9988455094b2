/** The public shapes of `Toolbelt.OrchestratorClient()` (the official docs' IOrchestratorInvocation / IOrchestratorOptions). */
import type { ErrorStrategy } from "../enums/error-strategy";

/**
 * Decides whether a failed attempt is tried again.
 * - HTTP answer outside 2xx: `(statusCode, error)` where `error` is the status-code
 *   `OrchestratorError` (its `cause.code` is `undefined`).
 * - Network failure: `(undefined, error)` where `error` is the `RequestError` and
 *   `error.cause.code` is Node's code (`ECONNRESET`, `ETIMEDOUT`, …).
 * So the documented `RETRIABLE_NETWORK_ERRORS.includes(error.cause.code)` works for both.
 * A function that throws stops the retries; what it threw is reported.
 */
export type RetryFunction = (statusCode: number | undefined, error: (Error & { cause?: { code?: string } }) | undefined) => boolean;

export interface OrchestratorInvocation {
  /** The function to invoke. */
  uuid: string;
  /** Sent as the invocation's payload (JSON). */
  payload?: unknown;
  /** Invocation headers, sent in the body as `[{ key, value }]`. */
  headers?: Record<string, string>;
  /** Retries AFTER the first attempt (default 3; `0` = one attempt only). */
  retries?: number;
  retryFunction?: RetryFunction;
}

export interface OrchestratorOptions {
  /** Time allowed per attempt, ms. Default `Math.floor(deadline / invocations.length)` (parallel: `deadline`). */
  timeout?: number;
  /** Default `false`: one after the other, in order. */
  invokeParallel?: boolean;
  /** Default `ErrorStrategy.EXIT_ON_ERROR`. */
  errorStrategy?: ErrorStrategy | `${ErrorStrategy}`;
  /** `false`: `body` stays text. Default: JSON-parsed when it parses. */
  json?: boolean;
}

export interface OrchestratorResponseError {
  code: string;
  message: string;
}

export interface OrchestratorResponse {
  uuid: string;
  body?: unknown;
  /** Lower-case names. */
  headers?: Record<string, string>;
  statusCode?: number;
  /** Only with `ErrorStrategy.CONTINUE_ON_ERROR`, when this invocation failed. */
  error?: OrchestratorResponseError;
}

export interface OrchestratorClient {
  /**
   * Invokes each function through the gateway (service `faasGW`) and resolves one
   * response per invocation, in input order.
   * @param deadline ms for the whole call, default and maximum 25000.
   */
  invoke(invocations: OrchestratorInvocation[], deadline?: number, options?: OrchestratorOptions): Promise<OrchestratorResponse[]>;
}
