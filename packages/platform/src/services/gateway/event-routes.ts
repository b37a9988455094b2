/**
 * The invocation API's event paths (V1), mounted beside the uuid paths:
 *
 *     POST /api/account/{accountId}/events/{eventId}/invoke?v=1&externalSystem=<caller>[&skillId=<id>]
 *     GET  /api/account/{accountId}/events/{eventId}/isImplemented?v=1&externalSystem=<caller>[&skillId=<id>]
 *
 * Same OAuth 1.0a and orchestration checks as the uuid path. The functions of
 * an event are those whose config.json names it (`event`), narrowed by
 * `skills` when the event takes skills (function-binding.ts). Choices ours,
 * LivePerson publishes none:
 *   - invoke runs them one after the other in name order and answers 200 with
 *     their results as an array in that order;
 *   - the first failure stops it: 901 with that function's error (V1 shape)
 *     and logs; the functions after it do not run;
 *   - more functions than the event's limit: 409 event-function-limit naming
 *     them, and none runs (the cloud would not let them all be deployed);
 *   - no function: 404 missinglambda; an unknown event: 400 badinput.
 *
 * A V2 caller (`LP-EventSource`, no `v`: call-checks.ts `callDialect`) gets
 * V2's bodies, `{ code, message, errorLogs? }` with V2's codes (e.g. 901
 * `com.customer.faas.function.threw-error`), as LivePerson's client expects
 * from a V2 account; a V1 caller gets V1's `{ errorCode, errorMsg }`.
 */
import { PlatformError, PlatformErrorCodes } from "../../errors";
import type { EventDefinition } from "../../events/catalogue";
import { requireEvent } from "../../events/event-invocation";
import { listensTo, readFunctionBinding } from "../../events/function-binding";
import { readJson } from "../../http/body";
import { sendError, type ErrorFormat } from "../../http/error-response";
import { sendJson } from "../../http/respond";
import type { RouteContext, RouteHandler, Router } from "../../http/router";
import { normaliseInput, runInvocation } from "../../invocations/run-invocation";
import type { FunctionSpec } from "../../runtime/types";
import type { ServiceDeps } from "../deps";
import { gatewayV1ErrorFormat, gatewayV2ErrorFormat, sendFunctionFailure } from "./answers";
import { callDialect, checkGatewayCall } from "./call-checks";

type EventDeps = Pick<ServiceDeps, "catalog" | "runtime" | "invocations" | "lpAuth">;

/** The project's functions for the event of the route and its `skillId` query, by name. */
function functionsFor(deps: EventDeps, { params, url }: RouteContext): { event: EventDefinition; skillId?: string; functions: FunctionSpec[] } {
  const event = requireEvent(params.eventId!);
  const skillId = url.searchParams.get("skillId") || undefined;
  const functions = deps.catalog
    .list()
    .filter((fn) => listensTo(readFunctionBinding(fn), event, skillId))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { event, ...(skillId !== undefined && { skillId }), functions };
}

/**
 * Runs `handler` with the error body shape of the caller's dialect. Errors the
 * platform raised are answered here in V2's shape for a V2 caller; anything
 * else goes on to the route's V1 answer (and the platform's log).
 */
function inCallersDialect(handler: (ctx: RouteContext, format: ErrorFormat) => Promise<void> | void): RouteHandler {
  return async (ctx) => {
    const format = callDialect(ctx.req, ctx.url) === "v2" ? gatewayV2ErrorFormat : gatewayV1ErrorFormat;
    try {
      await handler(ctx, format);
    } catch (error) {
      if (format === gatewayV1ErrorFormat || !(error instanceof PlatformError)) throw error;
      sendError(ctx.req, ctx.res, error, () => undefined, format);
    }
  };
}

export function addEventRoutes(router: Router, deps: EventDeps): void {
  const options = { errorFormat: gatewayV1ErrorFormat };

  router.on(
    "POST",
    "/:accountId/events/:eventId/invoke",
    inCallersDialect(async (ctx, format) => {
      const origin = checkGatewayCall(deps, ctx.req);
      const { event, skillId, functions } = functionsFor(deps, ctx);
      if (functions.length > event.functionLimit) {
        throw new PlatformError(
          PlatformErrorCodes.EventFunctionLimit,
          `${functions.length} functions listen to ${event.eventId}${skillId ? ` for skill ${skillId}` : ""} (${functions.map((f) => f.name).join(", ")}); ` +
            `the event allows ${event.functionLimit}${event.skills ? ", and functions sharing it need skills that do not overlap" : ""}: nothing was run`,
        );
      }
      if (functions.length === 0) {
        throw new PlatformError(
          PlatformErrorCodes.MissingLambda,
          `No function of this project listens to ${event.eventId}${skillId ? ` for skill ${skillId}` : ""} (config.json "event"${skillId ? ' and "skills"' : ""})`,
        );
      }
      const input = normaliseInput(await readJson(ctx.req));
      const results: unknown[] = [];
      for (const fn of functions) {
        const { id, outcome } = await runInvocation(deps, fn, input, "gateway", origin);
        if (!outcome.ok) return sendFunctionFailure(ctx.res, format, id, outcome);
        results.push(outcome.result);
      }
      sendJson(ctx.res, 200, results);
    }),
    options,
  );

  router.on(
    "GET",
    "/:accountId/events/:eventId/isImplemented",
    inCallersDialect((ctx) => {
      checkGatewayCall(deps, ctx.req);
      sendJson(ctx.res, 200, { implemented: functionsFor(deps, ctx).functions.length > 0 });
    }),
    options,
  );
}
