/**
 * The function gateway (faasGW): invoke a function by uuid, as the
 * OrchestratorClient and external callers do. Mounted at `/api/account`.
 *
 *     POST /api/account/{accountId}/lambdas/{uuid}/invoke?v=1&externalSystem=<caller>   (V1)
 *     POST /api/account/{accountId}/functions/{uuid}/invoke                           (V2 path)
 *     POST /api/account/{accountId}/events/{eventId}/invoke, GET …/isImplemented       (V1, event-routes.ts)
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
 *   429  a V2 function at its instance cap (`--max-instances`): nothing ran
 *
 * Error bodies on the V1 path: `{ errorCode, errorMsg, errorLogs? }` (errorLogs
 * on 901 only). On the V2 path: `{ code, message, errorLogs? }`, with the codes
 * V2 renamed (`v2Code` in the error catalogue; others unchanged). A V2 function
 * (runtime/types.ts `generation`) answers its 901 and 429 in the V2 shape on
 * both paths, with V2's codes (`com.customer.faas.function.*`). The codes
 * `es.unauthorized` (401) and `orchestrator-fn.loop-detected` (508) are ours:
 * the real gateway's documentation lists none for those cases.
 *
 * The invocation is recorded with `source: "gateway"`, its depth and, when the
 * parent header is given, `parentId`. The function sees the depth as
 * `process.env.LP_FAAS_ORCHESTRATION_DEPTH` and its own invocation id as
 * `process.env.LP_FAAS_INVOCATION_ID`; a nested call sends depth + 1 and that id.
 */
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { readJson } from "../../http/body";
import type { ErrorFormat } from "../../http/error-response";
import { sendJson } from "../../http/respond";
import { Router, type RouteHandler } from "../../http/router";
import { normaliseInput, runInvocation } from "../../invocations/run-invocation";
import type { ServiceDeps } from "../deps";
import { formatFor, gatewayV1ErrorFormat, gatewayV2ErrorFormat, isInstanceLimit, sendFunctionFailure, sendInstanceLimit } from "./answers";
import { checkGatewayCall } from "./call-checks";
import { addEventRoutes } from "./event-routes";

export type GatewayDeps = Pick<ServiceDeps, "catalog" | "runtime" | "invocations" | "lpAuth">;

/** Mounted at `/api/account`. */
export function createGatewayRouter(deps: GatewayDeps): Router {
  const handle =
    (format: ErrorFormat): RouteHandler =>
    async ({ req, res, params }) => {
      const origin = checkGatewayCall(deps, req);
      const fn = deps.catalog.byUuid(params.uuid!);
      if (!fn) throw new PlatformError(PlatformErrorCodes.MissingLambda, `There is no function with uuid ${params.uuid}`);
      const input = normaliseInput(await readJson(req));
      let run: Awaited<ReturnType<typeof runInvocation>>;
      try {
        run = await runInvocation(deps, fn, input, "gateway", origin);
      } catch (error) {
        if (isInstanceLimit(error)) return sendInstanceLimit(res, formatFor(fn, format), error);
        throw error;
      }
      const { id, outcome } = run;
      if (outcome.ok) {
        sendJson(res, 200, outcome.result, { "x-request-id": id });
        return;
      }
      sendFunctionFailure(res, formatFor(fn, format), id, outcome);
    };

  const router = new Router()
    .on("POST", "/:accountId/lambdas/:uuid/invoke", handle(gatewayV1ErrorFormat), { errorFormat: gatewayV1ErrorFormat })
    .on("POST", "/:accountId/functions/:uuid/invoke", handle(gatewayV2ErrorFormat), { errorFormat: gatewayV2ErrorFormat });
  addEventRoutes(router, deps);
  return router;
}
