/**
 * The function gateway (faasGW): invoke a function by uuid, as the
 * OrchestratorClient and external callers do. Mounted at `/api/account`.
 *
 *     POST /api/account/{accountId}/lambdas/{uuid}/invoke?v=1&externalSystem=<caller>   (V1)
 *     POST /api/account/{accountId}/functions/{uuid}/invoke                           (V2 path)
 *     Authorization: OAuth ...   (OAuth 1.0a, HMAC-SHA1, any app key among the project's secrets)
 *     X-LP-FaaS-Orchestration-Depth: <n>        optional, whole number ≥ 0; absent = 0
 *     X-LP-FaaS-Parent-Invocation-Id: <id>      optional, the calling invocation's id
 *     { "timestamp": <ms>, "payload": <any>, "headers": [{ "key", "value" }] }
 *
 * Checked in this order (the first failure answers, nothing runs):
 *   401  no / bad OAuth 1.0a signature (also `WWW-Authenticate: OAuth realm=..., oauth_problem=...`)
 *   400  malformed depth or parent header, malformed body
 *   508  depth > MAX_ORCHESTRATION_DEPTH (Loop Detected)
 *   404  no function with that uuid
 * then the function runs with `{ headers, payload }` of the body:
 *   200  the function's result as the JSON body
 *   901  it failed (custom failure, crash, time exceeded)
 *
 * Error bodies on the V1 path: `{ errorCode, errorMsg, errorLogs? }` (errorLogs
 * on 901 only). On the V2 path: `{ code, message, errorLogs? }`, with the codes
 * V2 renamed (`v2Code` in the error catalogue; others unchanged). The codes
 * `es.unauthorized` (401) and `orchestrator-fn.loop-detected` (508) are ours:
 * the real gateway's documentation lists none for those cases.
 *
 * The invocation is recorded with `source: "gateway"`, its depth and, when the
 * parent header is given, `parentId`. The function sees the depth as
 * `process.env.LP_FAAS_ORCHESTRATION_DEPTH` and its own invocation id as
 * `process.env.LP_FAAS_INVOCATION_ID`; a nested call sends depth + 1 and that id.
 */
import { ORCHESTRATION_DEPTH_HEADER, PARENT_INVOCATION_HEADER, MAX_ORCHESTRATION_DEPTH } from "lp-faas-toolbelt/platform";
import { catalogueEntry, PlatformError, PlatformErrorCodes } from "../../errors";
import { readJson } from "../../http/body";
import type { ErrorAnswer, ErrorFormat } from "../../http/error-response";
import { sendJson } from "../../http/respond";
import { Router, type RouteHandler } from "../../http/router";
import { normaliseInput, runInvocation } from "../../invocations/run-invocation";
import type { ServiceDeps } from "../deps";
import { parseOrchestrationDepth, parseParentInvocationId } from "./orchestration-headers";

/** The invocation API's status for "error during lambda execution". */
export const LAMBDA_EXECUTION_ERROR_STATUS = 901;

/** V1 error body: `{ errorCode, errorMsg, errorLogs? }`. */
export const gatewayV1ErrorFormat: ErrorFormat = ({ code, message }) => ({ errorCode: code, errorMsg: message });
/** V2 error body: `{ code, message, errorLogs? }` with V2's code names. */
export const gatewayV2ErrorFormat: ErrorFormat = ({ code, message }) => ({ code: catalogueEntry(code)?.v2Code ?? code, message });

export type GatewayDeps = Pick<ServiceDeps, "catalog" | "runtime" | "invocations" | "lpAuth">;

/** Mounted at `/api/account`. */
export function createGatewayRouter(deps: GatewayDeps): Router {
  const handle =
    (format: ErrorFormat): RouteHandler =>
    async ({ req, res, params }) => {
      deps.lpAuth.authenticate(req);
      const depth = parseOrchestrationDepth(req.headers[ORCHESTRATION_DEPTH_HEADER.toLowerCase()]);
      const parentId = parseParentInvocationId(req.headers[PARENT_INVOCATION_HEADER.toLowerCase()]);
      if (depth > MAX_ORCHESTRATION_DEPTH) {
        throw new PlatformError(
          PlatformErrorCodes.LoopDetected,
          `Orchestration depth ${depth} is over the limit of ${MAX_ORCHESTRATION_DEPTH}: functions calling functions through the gateway form a loop or too deep a chain; nothing was run`,
        );
      }
      const fn = deps.catalog.byUuid(params.uuid!);
      if (!fn) throw new PlatformError(PlatformErrorCodes.MissingLambda, `There is no function with uuid ${params.uuid}`);
      const input = normaliseInput(await readJson(req));
      const { id, outcome } = await runInvocation(deps, fn, input, "gateway", { depth, ...(parentId !== undefined && { parentId }) });
      if (outcome.ok) {
        sendJson(res, 200, outcome.result, { "x-request-id": id });
        return;
      }
      const answer: ErrorAnswer = { status: LAMBDA_EXECUTION_ERROR_STATUS, code: outcome.error.code, message: outcome.error.message };
      sendJson(res, LAMBDA_EXECUTION_ERROR_STATUS, { ...(format(answer) as object), errorLogs: outcome.logs }, { "x-request-id": id });
    };

  return new Router()
    .on("POST", "/:accountId/lambdas/:uuid/invoke", handle(gatewayV1ErrorFormat), { errorFormat: gatewayV1ErrorFormat })
    .on("POST", "/:accountId/functions/:uuid/invoke", handle(gatewayV2ErrorFormat), { errorFormat: gatewayV2ErrorFormat });
}
