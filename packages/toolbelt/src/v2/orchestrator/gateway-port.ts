/**
 * The V2 orchestrator's port into V1's run loop (orchestrator/invocation-run.ts):
 * how one attempt goes on the wire (v2Fetch, OAuth2 bearer token with one refresh
 * on 401 — B9), how its result is judged, and the response shapes ContinueOnError
 * records (spec v2 §4: an answer keeps body/headers/statusCode; a network failure
 * is `{ code: cause.code }`; a timeout `{ code: "TimeoutError" }`; anything else
 * carries the error as `body`, with its own `code` when it has one, else "Unknown Error").
 */
import { gatewayPath } from "../../orchestrator/gateway-request";
import type { PlannedInvocation } from "../../orchestrator/arguments";
import type { AttemptVerdict, Outcome } from "../../orchestrator/invocation-outcome";
import type { RunPort } from "../../orchestrator/invocation-run";
import type { V2Csds } from "../csds/shared-csds";
import { ErrorCodes } from "../errors/codes";
import { isPassThroughError, toV2Error } from "../errors/toolbelt-error";
import { plainHeaders, parseBody } from "../mtls/request-parts";
import { v2Fetch } from "../net/fetch";
import type { TokenSource } from "../oauth2/token-source";
import { requestId } from "../trace";
import { OrchestratorError } from "./orchestrator-error";
import type { OrchestratorResponse, RetryFunction } from "./types";

/** CSDS service of the invocation gateway. */
export const FAAS_GATEWAY_SERVICE = "faasGW";

/** One attempt's result: the gateway's answer, or what was thrown. */
export interface GatewayAttempt {
  readonly answer?: { statusCode: number; headers: Record<string, string>; text: string };
  readonly error?: unknown;
}

export interface GatewayCall {
  readonly account: string;
  readonly csds: V2Csds;
  readonly tokens: TokenSource;
  /** Orchestration headers (depth, parent invocation). */
  readonly headers: Readonly<Record<string, string>>;
  readonly json: boolean;
}

const UNKNOWN = "Unknown Error";

/** `fetch failed` with its network error as `cause` (what v2Fetch throws for a network failure). */
function isNetworkFailure(error: unknown): error is TypeError & { cause: { code?: unknown; message?: unknown } } {
  return error instanceof TypeError && typeof error.cause === "object" && error.cause !== null;
}

/** A per-attempt timeout or an abort (DOMException `TimeoutError` / `AbortError`). */
function isAbortLike(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function statusError(invocation: PlannedInvocation, answer: NonNullable<GatewayAttempt["answer"]>, attempts: number): OrchestratorError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return new OrchestratorError(
    ErrorCodes.OrchestratorFN.Invocation.StatusError,
    `Invocation failed with a non 2XX error: ${invocation.uuid} answered ${answer.statusCode}${tries}`,
    { uuid: invocation.uuid, statusCode: answer.statusCode, headers: answer.headers, originalError: answer.text },
  );
}

/** What ContinueOnError records for a failed invocation. */
export function failureEntry(uuid: string, error: Error): OrchestratorResponse {
  if (error instanceof OrchestratorError && error.statusCode !== undefined) {
    return { uuid, body: error.originalError, headers: error.headers, statusCode: error.statusCode, error: { code: error.code, message: error.message } };
  }
  if (isNetworkFailure(error)) {
    const { code, message } = error.cause;
    return { uuid, error: { code: typeof code === "string" ? code : UNKNOWN, message: typeof message === "string" ? message : error.message } };
  }
  if (isAbortLike(error)) return { uuid, error: { code: error.name, message: error.message } };
  const code = (error as { code?: unknown }).code;
  return { uuid, body: error, error: { code: typeof code === "string" ? code : UNKNOWN, message: error.message } };
}

export function gatewayPort(call: GatewayCall): RunPort<GatewayAttempt> {
  const failed = (uuid: string, error: Error): Outcome => ({ ok: false, error, response: failureEntry(uuid, error) });

  async function post(url: string, body: string, authorization: string, signal: AbortSignal): Promise<Response> {
    return v2Fetch(url, {
      method: "POST",
      headers: { ...call.headers, authorization, "X-Request-Id": requestId(), "Content-Type": "application/json" },
      body,
      signal,
    });
  }

  return {
    async send(invocation, signal) {
      try {
        const base = await call.csds.baseUrl(FAAS_GATEWAY_SERVICE);
        // B6: every value encoded, no stray `}` (`%7D`) after externalSystem.
        const url = `${base}${gatewayPath(call.account, invocation.uuid, `${invocation.uuid}_${call.account}`)}`;
        const body = JSON.stringify({ timestamp: Date.now(), payload: invocation.payload, headers: invocation.headers });
        let response = await post(url, body, await call.tokens.authorization(), signal);
        if (response.status === 401) {
          // B9: one fresh token (re-read credentials), one resend.
          await response.body?.cancel();
          response = await post(url, body, await call.tokens.authorization({ refresh: true }), signal);
        }
        const text = await response.text();
        return { answer: { statusCode: response.status, headers: plainHeaders(response.headers), text } };
      } catch (error) {
        return { error };
      }
    },

    judge(invocation, { answer, error }, attempts): AttemptVerdict {
      const uuid = invocation.uuid;
      if (answer) {
        if (answer.statusCode >= 200 && answer.statusCode < 300) {
          return { final: { ok: true, response: { uuid, body: parseBody(answer.text, call.json), headers: answer.headers, statusCode: answer.statusCode } } };
        }
        const failure = statusError(invocation, answer, attempts);
        return { failure, retryArgs: [answer.statusCode, failure as Parameters<RetryFunction>[1]] };
      }
      // CSDS, credentials, OAuth2, egress refusals: not transient, final (and recorded under ContinueOnError, B8).
      if (isPassThroughError(error)) return { final: failed(uuid, toV2Error(error) as Error) };
      if (isNetworkFailure(error) || isAbortLike(error)) return { failure: error as Error, retryArgs: [undefined, error as Parameters<RetryFunction>[1]] };
      return { final: failed(uuid, error instanceof Error ? error : new Error(String(error))) };
    },

    failed,

    general: (uuid, message, cause) => new OrchestratorError(ErrorCodes.OrchestratorFN.General, message, { ...(uuid !== undefined && { uuid }), cause }),

    attemptTimeout: (timeout) => new DOMException(`The invocation attempt took longer than its timeout of ${timeout} ms`, "TimeoutError"),

    deadlineError: (deadline) => new OrchestratorError(ErrorCodes.OrchestratorFN.Timeout, `Invocations timed out after a deadline of ${deadline} ms`),

    // Spec v2 §4: the deadline rejects under both strategies.
    deadlineRejects: true,
  };
}
