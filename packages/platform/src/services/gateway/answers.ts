/**
 * The gateway's answers in the invocation API's shapes: the V1 and V2 error bodies, and a function's
 * failure (901). A V2 function answers in V2's shape on every gateway path; a V1 function in the path's.
 */
import type { ServerResponse } from "node:http";
import { catalogueEntry, PlatformError, PlatformErrorCodes } from "../../errors";
import type { ErrorAnswer, ErrorFormat } from "../../http/error-response";
import { sendJson } from "../../http/respond";
import { V2InvocationErrorCodes, type FunctionSpec, type InvocationOutcome } from "../../runtime/types";

/** The invocation API's status for "error during lambda execution". */
export const LAMBDA_EXECUTION_ERROR_STATUS = 901;

/** V1 error body: `{ errorCode, errorMsg, errorLogs? }`. */
export const gatewayV1ErrorFormat: ErrorFormat = ({ code, message }) => ({ errorCode: code, errorMsg: message });
/** V2 error body: `{ code, message, errorLogs? }` with V2's code names. */
export const gatewayV2ErrorFormat: ErrorFormat = ({ code, message }) => ({ code: catalogueEntry(code)?.v2Code ?? code, message });

const V2_FAILURE_CODES: ReadonlySet<string> = new Set(Object.values(V2InvocationErrorCodes));

/** The body format for `fn` on a route whose own format is `routeFormat`: V2's for a V2 function, whatever the path. */
export function formatFor(fn: FunctionSpec, routeFormat: ErrorFormat): ErrorFormat {
  return fn.generation === 2 ? gatewayV2ErrorFormat : routeFormat;
}

/** 901 with the function's error in `format` (V2's for a V2 function's failure) and its logs as `errorLogs`. */
export function sendFunctionFailure(res: ServerResponse, format: ErrorFormat, id: string, outcome: Extract<InvocationOutcome, { ok: false }>): void {
  const answer: ErrorAnswer = { status: LAMBDA_EXECUTION_ERROR_STATUS, code: outcome.error.code, message: outcome.error.message };
  const body = (V2_FAILURE_CODES.has(outcome.error.code) ? gatewayV2ErrorFormat : format)(answer) as object;
  sendJson(res, LAMBDA_EXECUTION_ERROR_STATUS, { ...body, errorLogs: outcome.logs }, { "x-request-id": id });
}

/** True for the refusal of a V2 function at its instance cap (answered 429 in the function's format). */
export function isInstanceLimit(error: unknown): error is PlatformError {
  return error instanceof PlatformError && error.code === PlatformErrorCodes.InstanceLimitReached;
}

/** 429 for an invocation refused at the V2 instance cap; `Retry-After: 1` as a rate-limited caller expects. */
export function sendInstanceLimit(res: ServerResponse, format: ErrorFormat, error: PlatformError): void {
  const status = 429;
  sendJson(res, status, format({ status, code: error.code, message: error.message }), { "retry-after": "1" });
}
