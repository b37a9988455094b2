/**
 * The function gateway (faasGW, spec/platform.md §8, spec/wire.md §8): invoke a
 * function by uuid, as the OrchestratorClient and external callers do. Answers
 * the function's result as the body; a failed invocation answers 901 with the
 * V1 error body `{ errorCode, errorMsg, errorLogs }`.
 */
import { PlatformError, PlatformErrorCodes } from "../errors";
import type { FunctionCatalog } from "../project/types";
import { readJson, sendJson } from "../server/http-kit";
import type { Router } from "../server/router";
import { normaliseInput, runInvocation, type InvokeDeps } from "./invoke";

/** The invocation API's status for "error during lambda execution". */
export const LAMBDA_EXECUTION_ERROR_STATUS = 901;

export function registerGatewayRoutes(router: Router, deps: InvokeDeps & { catalog: FunctionCatalog }): void {
  router.on("POST", "/api/account/:accountId/lambdas/:uuid/invoke", async ({ req, res, params }) => {
    try {
      const fn = deps.catalog.byUuid(params.uuid!);
      if (!fn) throw new PlatformError(404, PlatformErrorCodes.MissingLambda, `There is no function with uuid ${params.uuid}`);
      const input = normaliseInput(await readJson(req));
      const { id, outcome } = await runInvocation(deps, fn, input, "gateway");
      if (outcome.ok) {
        sendJson(res, 200, outcome.result, { "x-request-id": id });
      } else {
        sendJson(res, LAMBDA_EXECUTION_ERROR_STATUS, { errorCode: outcome.error.code, errorMsg: outcome.error.message, errorLogs: outcome.logs }, { "x-request-id": id });
      }
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      sendJson(res, error.status, { errorCode: error.code, errorMsg: error.message });
    }
  });
}
