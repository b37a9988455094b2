/**
 * `invoke(invocations, deadline, options)`: every argument checked before any
 * request, defaults applied to a private plan (the caller's objects are never
 * written, as V2 did).
 */
import { ErrorStrategy } from "../enums/error-strategy";
import { ErrorCodes } from "../errors/codes";
import { OrchestratorError } from "./orchestrator-error";
import type { OrchestratorInvocation, OrchestratorOptions, RetryFunction } from "./types";

/** The deadline when none is given, and the largest one accepted (larger ones are capped with a warning). */
export const MAX_DEADLINE_MS = 25_000;
/** Retries after the first attempt when `invocation.retries` is not given. */
export const DEFAULT_RETRIES = 3;

export interface PlannedInvocation {
  readonly index: number;
  readonly uuid: string;
  readonly payload: unknown;
  readonly headers: ReadonlyArray<{ key: string; value: unknown }>;
  readonly retries: number;
  readonly retryFunction: RetryFunction | undefined;
}

export interface InvokePlan {
  readonly invocations: readonly PlannedInvocation[];
  readonly deadline: number;
  /** Per-attempt time limit, ms. */
  readonly timeout: number;
  readonly parallel: boolean;
  readonly exitOnError: boolean;
  readonly json: boolean;
  /** The caller asked for more than MAX_DEADLINE_MS. */
  readonly capped: boolean;
}

function invalid(message: string): OrchestratorError {
  return new OrchestratorError(ErrorCodes.OrchestratorFN.InvalidArgument, message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

function planInvocation(value: unknown, index: number): PlannedInvocation {
  const where = `invocations[${index}]`;
  if (!isPlainObject(value)) throw invalid(`${where} must be an object { uuid, payload, headers?, retries?, retryFunction? }, got ${describe(value)}`);
  const { uuid, payload, headers, retries, retryFunction } = value as Partial<OrchestratorInvocation> & Record<string, unknown>;
  if (typeof uuid !== "string" || uuid.trim() === "") throw invalid(`${where}.uuid must be the function's uuid (a non-empty string), got ${describe(uuid)}`);
  if (headers !== undefined && headers !== null && !isPlainObject(headers)) {
    throw invalid(`${where}.headers must be an object { [name]: value }, got ${describe(headers)}`);
  }
  if (retries !== undefined && (typeof retries !== "number" || !Number.isInteger(retries) || retries < 0)) {
    throw invalid(`${where}.retries must be a whole number ≥ 0 (retries after the first attempt; 0 = no retry), got ${describe(retries)}`);
  }
  if (retryFunction !== undefined && typeof retryFunction !== "function") {
    throw invalid(`${where}.retryFunction must be a function (statusCode, error) => boolean, got ${describe(retryFunction)}`);
  }
  return {
    index,
    uuid,
    payload,
    headers: headers ? Object.entries(headers).map(([key, v]) => ({ key, value: v })) : [],
    retries: retries ?? DEFAULT_RETRIES,
    retryFunction,
  };
}

/**
 * @throws OrchestratorError `com.liveperson.faas.orchestrator-fn.invalid-argument`.
 */
export function planInvoke(invocations: unknown, deadline: unknown, options: unknown): InvokePlan {
  if (!Array.isArray(invocations))
    throw invalid(`invoke(invocations, deadline, options): invocations must be an array of { uuid, payload }, got ${describe(invocations)}`);
  if (invocations.length === 0) throw invalid("invoke(invocations, deadline, options): invocations is empty: give at least one { uuid, payload }");
  const planned = invocations.map(planInvocation);

  let ms = MAX_DEADLINE_MS;
  let capped = false;
  if (deadline !== undefined) {
    if (typeof deadline !== "number" || Number.isNaN(deadline) || deadline <= 0) {
      throw invalid(`invoke(invocations, deadline, options): deadline must be a number of ms > 0 (at most ${MAX_DEADLINE_MS}), got ${describe(deadline)}`);
    }
    if (deadline > MAX_DEADLINE_MS) capped = true;
    else ms = deadline;
  }

  if (options !== undefined && options !== null && !isPlainObject(options)) {
    throw invalid(
      `invoke(invocations, deadline, options): options must be an object { timeout?, invokeParallel?, errorStrategy?, json? }, got ${describe(options)}`,
    );
  }
  const { timeout, invokeParallel, errorStrategy, json } = (options ?? {}) as OrchestratorOptions;
  if (timeout !== undefined && (typeof timeout !== "number" || Number.isNaN(timeout) || timeout <= 0)) {
    throw invalid(`options.timeout must be a number of ms > 0, got ${describe(timeout)}`);
  }
  if (invokeParallel !== undefined && typeof invokeParallel !== "boolean")
    throw invalid(`options.invokeParallel must be a boolean, got ${describe(invokeParallel)}`);
  const strategies: readonly string[] = Object.values(ErrorStrategy);
  if (errorStrategy !== undefined && !strategies.includes(errorStrategy)) {
    throw invalid(
      `options.errorStrategy must be ErrorStrategy.EXIT_ON_ERROR ("ExitOnError") or ErrorStrategy.CONTINUE_ON_ERROR ("ContinueOnError"), got ${describe(errorStrategy)}`,
    );
  }
  if (json !== undefined && typeof json !== "boolean") throw invalid(`options.json must be a boolean, got ${describe(json)}`);

  const parallel = invokeParallel === true;
  const defaultTimeout = parallel ? ms : Math.max(1, Math.floor(ms / planned.length));
  return {
    invocations: planned,
    deadline: ms,
    // No attempt can outlive the deadline anyway; a larger timeout is simply the deadline.
    timeout: Math.min(timeout ?? defaultTimeout, ms),
    parallel,
    exitOnError: errorStrategy !== ErrorStrategy.CONTINUE_ON_ERROR,
    json: json !== false,
    capped,
  };
}
