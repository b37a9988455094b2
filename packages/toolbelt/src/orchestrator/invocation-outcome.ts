/**
 * What an invocation ends with: the gateway's answer or a failure, as the
 * typed `OrchestratorError` ExitOnError rejects with and as the response entry
 * ContinueOnError records. No I/O, no timing.
 */
import { ErrorCodes } from "../errors/codes";
import { RequestError } from "../errors/request-errors";
import type { FullResponse } from "../http/types";
import { bodyExcerpt, messageOf, toolbeltCause } from "../lp-client/call-errors";
import type { PlannedInvocation } from "./arguments";
import { OrchestratorError } from "./orchestrator-error";
import type { OrchestratorResponse, RetryFunction } from "./types";

/** A finished invocation: its response, and for a failure the error ExitOnError rejects with. */
export type Outcome = { ok: true; response: OrchestratorResponse } | { ok: false; error: Error; response: OrchestratorResponse };

/** What one attempt came to: final, or a failure the retry policy decides on. */
export type AttemptVerdict = { readonly final: Outcome } | { readonly failure: Error; readonly retryArgs: Parameters<RetryFunction> };

/** The attempt's result as LpClient gave it: a response (any status), or what it threw. */
export interface AttemptResult {
  readonly response?: FullResponse;
  readonly error?: unknown;
}

/** Response headers with lower-case names and repeated values joined. */
export function flatHeaders(headers: Record<string, string | string[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export function timeoutError(deadline: number): OrchestratorError {
  return new OrchestratorError(ErrorCodes.OrchestratorFN.Timeout, `Invocations timed out after a deadline of ${deadline} ms`);
}

/** What aborts an attempt that outlives its own timeout; retried like any ETIMEDOUT. */
export function attemptTimeout(timeout: number): Error {
  const error = new Error(`ETIMEDOUT: the invocation attempt took longer than its timeout of ${timeout} ms`) as Error & { code: string };
  error.code = "ETIMEDOUT";
  return error;
}

/** What the response records for a failed invocation (ContinueOnError). */
export function errorEntry(error: Error): { code: string; message: string } {
  const code = (error as { code?: unknown }).code;
  return { code: typeof code === "string" ? code : ErrorCodes.OrchestratorFN.General, message: error.message };
}

/** LpClient's credential errors, re-coded for this component; everything else (secret not found, CSDS, egress) unchanged. */
export function fromToolbeltError(error: Error, uuid: string): Error {
  const code = (error as { code?: string }).code;
  if (code === ErrorCodes.LpClient.Creds.Format) {
    return new OrchestratorError(ErrorCodes.OrchestratorFN.Creds.Format, error.message, { uuid, cause: error });
  }
  if (code === ErrorCodes.LpClient.Creds.Failure) {
    return new OrchestratorError(ErrorCodes.OrchestratorFN.Creds.Failure, error.message, { uuid, cause: error });
  }
  return error;
}

export function statusError(invocation: PlannedInvocation, response: FullResponse, attempts: number): OrchestratorError {
  const headers = flatHeaders(response.headers);
  const loop = response.statusCode === 508;
  const code = loop ? ErrorCodes.OrchestratorFN.LoopDetected : ErrorCodes.OrchestratorFN.Invocation.StatusError;
  const what = loop
    ? `The gateway refused invocation of ${invocation.uuid}: orchestration loop detected (508)`
    : `Invocation of ${invocation.uuid} failed with a non 2XX status code ${response.statusCode}`;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const excerpt = bodyExcerpt(response.body, 300);
  return new OrchestratorError(code, `${what}${tries}${excerpt ? `: ${excerpt}` : ""}`, {
    uuid: invocation.uuid,
    statusCode: response.statusCode,
    headers,
    originalError: response.body,
    // So that a retryFunction reading `error.cause.code` (the documented example) works for HTTP answers too.
    cause: { code: undefined, statusCode: response.statusCode },
  });
}

export function networkError(invocation: PlannedInvocation, error: RequestError, attempts: number): OrchestratorError {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const nodeCode = typeof cause?.code === "string" ? cause.code : undefined;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return new OrchestratorError(
    ErrorCodes.OrchestratorFN.Invocation.NetworkError,
    `Invocation of ${invocation.uuid} failed${tries}: ${nodeCode ? `${nodeCode} ` : ""}${messageOf(cause ?? error)}`,
    { uuid: invocation.uuid, cause },
  );
}

/** Anything else that went wrong with an invocation (not expected; still reported through the error strategy). */
export function generalError(uuid: string | undefined, message: string, cause: unknown): OrchestratorError {
  return new OrchestratorError(ErrorCodes.OrchestratorFN.General, message, { uuid, cause });
}

export function succeeded(uuid: string, response: FullResponse): Outcome {
  return { ok: true, response: { uuid, body: response.body, headers: flatHeaders(response.headers), statusCode: response.statusCode } };
}

/** A failure; an answer's status, headers and body stay in the recorded response. */
export function failed(uuid: string, error: Error): Outcome {
  const answer = error instanceof OrchestratorError && error.statusCode !== undefined ? error : undefined;
  const response: OrchestratorResponse = answer
    ? { uuid, body: answer.originalError, headers: answer.headers, statusCode: answer.statusCode, error: errorEntry(error) }
    : { uuid, error: errorEntry(error) };
  return { ok: false, error, response };
}

/**
 * Judges attempt number `attempts`: a 2xx succeeds; an answer outside 2xx and a
 * network failure go to the retry policy; a toolbelt error (CSDS, secrets,
 * credentials, egress refusal) is not transient and is final, as is anything unexpected.
 */
export function judgeAttempt(invocation: PlannedInvocation, { response, error }: AttemptResult, attempts: number): AttemptVerdict {
  const uuid = invocation.uuid;
  if (response) {
    if (response.statusCode >= 200 && response.statusCode < 300) return { final: succeeded(uuid, response) };
    const failure = statusError(invocation, response, attempts);
    return { failure, retryArgs: [response.statusCode, failure as Parameters<RetryFunction>[1]] };
  }
  const toolbelt = toolbeltCause(error);
  if (toolbelt) return { final: failed(uuid, fromToolbeltError(toolbelt, uuid)) };
  if (!(error instanceof RequestError)) return { final: failed(uuid, generalError(uuid, `Invocation of ${uuid} failed: ${messageOf(error)}`, error)) };
  return { failure: networkError(invocation, error, attempts), retryArgs: [undefined, error as Parameters<RetryFunction>[1]] };
}
