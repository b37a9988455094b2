/**
 * The function gateway (faasGW, spec/platform.md §8, spec/wire.md §8): invoke a
 * function by uuid, as the OrchestratorClient and external callers do.
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
 * spec/platform.md §6 maps to V2 (others unchanged).
 *
 * Codes the real gateway's documentation does not list, chosen here:
 *   401 `com.liveperson.faas.es.unauthorized`   (the `es` family of the invocation API)
 *   508 `com.liveperson.faas.orchestrator-fn.loop-detected`
 *
 * The invocation is recorded with `source: "gateway"`, its depth and, when the
 * parent header is given, `parentId`. The function sees the depth as
 * `process.env.LP_FAAS_ORCHESTRATION_DEPTH` and its own invocation id as
 * `process.env.LP_FAAS_INVOCATION_ID`; a nested call sends depth + 1 and that id.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { badInput, PlatformError, PlatformErrorCodes } from "../errors";
import type { FunctionCatalog, SettingsStore } from "../project/types";
import { readJson, sendJson } from "../server/http-kit";
import type { Router } from "../server/router";
import { normaliseInput, runInvocation, type InvokeDeps } from "./invoke";
import { createLpAuthenticator, type LpAuthenticator } from "./lp-http";
import { OAuthError } from "./oauth1-verify";

/** The invocation API's status for "error during lambda execution". */
export const LAMBDA_EXECUTION_ERROR_STATUS = 901;
/** RFC 5842 Loop Detected: the orchestration depth is over the limit. */
export const LOOP_DETECTED_STATUS = 508;
/** The deepest gateway call that still runs (depth 0 = called from outside). */
export const MAX_ORCHESTRATION_DEPTH = 10;

export const ORCHESTRATION_DEPTH_HEADER = "x-lp-faas-orchestration-depth";
export const PARENT_INVOCATION_HEADER = "x-lp-faas-parent-invocation-id";

export const GatewayErrorCodes = {
  Unauthorized: "com.liveperson.faas.es.unauthorized",
  LoopDetected: "com.liveperson.faas.orchestrator-fn.loop-detected",
} as const;

/** V1 → V2 error codes (spec/platform.md §6); codes without a V2 twin are kept. */
const V2_CODES: Readonly<Record<string, string>> = {
  "com.liveperson.faas.es.general": "com.liveperson.faas.evg.general",
  "com.liveperson.faas.es.badinput": "com.liveperson.faas.evg.invalid",
  "com.liveperson.faas.es.missinglambda": "com.liveperson.faas.function.not-found",
  "com.liveperson.faas.handler.custom-failure": "com.customer.faas.function.threw-error",
  "com.liveperson.faas.handler.runtime-exception": "com.customer.faas.function.js-runtime-error",
  "com.liveperson.faas.handler.executiontime-exceeded": "com.customer.faas.function.execution-exceeded",
  "com.liveperson.faas.handler.log-limit-reached": "com.liveperson.faas.function.runtime.limit-reached",
};

/** A parent id as the platform writes them (uuids; `<pid>-<n>` outside the platform), with room for other callers' ids. */
const PARENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface GatewayDeps extends InvokeDeps {
  catalog: FunctionCatalog;
  /** The project's secrets: every app key among them may sign gateway calls. */
  settings: SettingsStore;
  /** Default: a verifier over `settings` (its own nonce cache). */
  auth?: LpAuthenticator;
}

type Dialect = "v1" | "v2";

function errorBody(dialect: Dialect, code: string, message: string, errorLogs?: unknown[]): Record<string, unknown> {
  const logs = errorLogs === undefined ? {} : { errorLogs };
  return dialect === "v1" ? { errorCode: code, errorMsg: message, ...logs } : { code: V2_CODES[code] ?? code, message, ...logs };
}

/** The depth header: absent → 0; a whole number ≥ 0 otherwise (PlatformError 400). */
export function parseOrchestrationDepth(value: string | string[] | undefined): number {
  if (value === undefined) return 0;
  const text = Array.isArray(value) ? value.join(",") : value;
  if (!/^\s*\d{1,6}\s*$/.test(text)) {
    throw badInput(`The ${ORCHESTRATION_DEPTH_HEADER} header must be a whole number ≥ 0 (got "${text.slice(0, 40)}")`);
  }
  return Number(text.trim());
}

/** The parent header: absent or empty → undefined; an id of letters, digits and `._:-` otherwise (PlatformError 400). */
export function parseParentInvocationId(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = (Array.isArray(value) ? value.join(",") : value).trim();
  if (text === "") return undefined;
  if (!PARENT_ID.test(text)) {
    throw badInput(`The ${PARENT_INVOCATION_HEADER} header must be an invocation id (1-128 letters, digits, ".", "_", ":" or "-")`);
  }
  return text;
}

export function registerGatewayRoutes(router: Router, deps: GatewayDeps): void {
  const auth = deps.auth ?? createLpAuthenticator(deps.settings);

  const handle = (dialect: Dialect) => async ({ req, res, params }: { req: IncomingMessage; res: ServerResponse; params: Record<string, string> }) => {
    try {
      auth.authenticate(req);
      const depth = parseOrchestrationDepth(req.headers[ORCHESTRATION_DEPTH_HEADER]);
      const parentId = parseParentInvocationId(req.headers[PARENT_INVOCATION_HEADER]);
      if (depth > MAX_ORCHESTRATION_DEPTH) {
        throw new PlatformError(
          LOOP_DETECTED_STATUS,
          GatewayErrorCodes.LoopDetected,
          `Orchestration depth ${depth} is over the limit of ${MAX_ORCHESTRATION_DEPTH}: functions calling functions through the gateway form a loop or too deep a chain; nothing was run`,
        );
      }
      const fn = deps.catalog.byUuid(params.uuid!);
      if (!fn) throw new PlatformError(404, PlatformErrorCodes.MissingLambda, `There is no function with uuid ${params.uuid}`);
      const input = normaliseInput(await readJson(req));
      const { id, outcome } = await runInvocation(deps, fn, input, "gateway", { depth, ...(parentId !== undefined && { parentId }) });
      if (outcome.ok) {
        sendJson(res, 200, outcome.result, { "x-request-id": id });
      } else {
        sendJson(res, LAMBDA_EXECUTION_ERROR_STATUS, errorBody(dialect, outcome.error.code, outcome.error.message, outcome.logs), { "x-request-id": id });
      }
    } catch (error) {
      if (!req.readableEnded) req.resume(); // an unread body must not stall the connection
      if (error instanceof OAuthError) {
        const host = (req.headers.host ?? "127.0.0.1").toLowerCase();
        sendJson(res, 401, errorBody(dialect, GatewayErrorCodes.Unauthorized, `Unauthorized: ${error.message}`), {
          "www-authenticate": `OAuth realm="http://${host}/", oauth_problem="${error.problem}"`,
        });
        return;
      }
      if (!(error instanceof PlatformError)) throw error;
      sendJson(res, error.status, errorBody(dialect, error.code, error.message));
    }
  };

  router.on("POST", "/api/account/:accountId/lambdas/:uuid/invoke", handle("v1"));
  router.on("POST", "/api/account/:accountId/functions/:uuid/invoke", handle("v2"));
}
