/** The gateway's answers in the invocation API's shapes: the V1 and V2 error bodies, and a function's failure (901). */
import type { ServerResponse } from "node:http";
import { catalogueEntry } from "../../errors";
import type { ErrorAnswer, ErrorFormat } from "../../http/error-response";
import { sendJson } from "../../http/respond";
import type { InvocationOutcome } from "../../runtime/types";

/** The invocation API's status for "error during lambda execution". */
export const LAMBDA_EXECUTION_ERROR_STATUS = 901;

/** V1 error body: `{ errorCode, errorMsg, errorLogs? }`. */
export const gatewayV1ErrorFormat: ErrorFormat = ({ code, message }) => ({ errorCode: code, errorMsg: message });
/** V2 error body: `{ code, message, errorLogs? }` with V2's code names. */
export const gatewayV2ErrorFormat: ErrorFormat = ({ code, message }) => ({ code: catalogueEntry(code)?.v2Code ?? code, message });

/** 901 with the function's error in `format` and its logs as `errorLogs`. */
export function sendFunctionFailure(res: ServerResponse, format: ErrorFormat, id: string, outcome: Extract<InvocationOutcome, { ok: false }>): void {
  const answer: ErrorAnswer = { status: LAMBDA_EXECUTION_ERROR_STATUS, code: outcome.error.code, message: outcome.error.message };
  sendJson(res, LAMBDA_EXECUTION_ERROR_STATUS, { ...(format(answer) as object), errorLogs: outcome.logs }, { "x-request-id": id });
}
