/** Public types of the V2 `Toolbelt.OrchestratorClient()`. */
import type { ErrorStrategy } from "../../enums/error-strategy";
import type { OrchestratorResponse, OrchestratorResponseError, RetryFunction } from "../../orchestrator/types";

export type { RetryFunction };

export interface Invocation {
  /** The function to invoke. */
  uuid: string;
  /** Sent as the invocation's payload (JSON). */
  payload?: unknown;
  /** Invocation headers, sent in the body as `[{ key, value }]`. */
  headers?: Record<string, string>;
  /** Retries AFTER the first attempt (default 3; `0` = one attempt only; negative is refused). */
  retries?: number;
  /**
   * Whether a failed attempt is tried again: `(statusCode, undefined)`-ish for an answer outside 2xx
   * (the error is the status `OrchestratorError`), `(undefined, error)` for a network failure
   * (`TypeError: fetch failed`, Node's code in `error.cause.code`) or a per-attempt timeout
   * (`DOMException` named `TimeoutError`). Default: 429, 500, 502, 503, 504, the transient
   * network codes, and the per-attempt timeout.
   */
  retryFunction?: RetryFunction;
}

export interface InvokeOptions {
  /** Time allowed per attempt, ms. Default `Math.floor(deadline / invocations.length)`. */
  timeout?: number;
  /** Default `false`: one after the other, in input order. */
  invokeParallel?: boolean;
  /** Default `ErrorStrategy.EXIT_ON_ERROR`. */
  errorStrategy?: ErrorStrategy | `${ErrorStrategy}`;
  /** `true`: a successful answer's body is JSON-parsed when it parses. Default: text. */
  json?: boolean;
}

/** The same answer shape as V1's: `{ uuid, body?, headers?, statusCode?, error? }` (`body` is text unless `json: true`). */
export type { OrchestratorResponse, OrchestratorResponseError };

export interface IOrchestratorClient {
  /**
   * Invokes each function through the gateway (CSDS service `faasGW`) and resolves one
   * response per invocation, in input order; `[]` for `[]`.
   * @param deadline ms for the whole call, default and maximum 25000 (larger: capped, with a warning).
   */
  invoke(invocations: Invocation[], deadline?: number, options?: InvokeOptions): Promise<OrchestratorResponse[]>;
}
