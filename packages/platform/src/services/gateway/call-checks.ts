/**
 * What every gateway invocation checks before anything runs, in this order:
 * the OAuth 1.0a signature or Sentinel bearer token (401), the orchestration
 * headers (400) and the orchestration depth (508). Answers who called, for
 * the invocation log; `callDialect` tells a V1 caller from a V2 one.
 *
 * What callers send besides, as LivePerson's own client does (accepted, not
 * checked): V1 `?v=1&externalSystem=<caller>[&skillId=<id>]` (an unset
 * `skillId` arrives empty: `skillId=`), V2 no `v`, the header
 * `LP-EventSource: <caller>` and `?userId=&skillId=` on isImplemented;
 * `User-Agent`, `X-Request-ID` and `Content-Type: application/json` on every
 * call, the GET of isImplemented included.
 */
import type { IncomingMessage } from "node:http";
import { MAX_ORCHESTRATION_DEPTH, ORCHESTRATION_DEPTH_HEADER, PARENT_INVOCATION_HEADER } from "lp-faas-toolbelt/platform";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import type { InvocationOrigin } from "../../invocations/run-invocation";
import type { ServiceDeps } from "../deps";
import { parseOrchestrationDepth, parseParentInvocationId } from "./orchestration-headers";

/** V2's header naming the calling system, where V1 puts `externalSystem` in the query. */
export const EVENT_SOURCE_HEADER = "lp-eventsource";

export type CallDialect = "v1" | "v2";

/**
 * Which generation of the invocation API the caller speaks: V2 when it names
 * itself with `LP-EventSource` and sends no `v` (LivePerson's client on a V2
 * account), else V1. Decides the shape of the error bodies on paths both share.
 */
export function callDialect(req: IncomingMessage, url: URL): CallDialect {
  return req.headers[EVENT_SOURCE_HEADER] !== undefined && !url.searchParams.has("v") ? "v2" : "v1";
}

export function checkGatewayCall(deps: Pick<ServiceDeps, "lpAuth">, req: IncomingMessage): InvocationOrigin & { depth: number } {
  deps.lpAuth.authenticate(req);
  const depth = parseOrchestrationDepth(req.headers[ORCHESTRATION_DEPTH_HEADER.toLowerCase()]);
  const parentId = parseParentInvocationId(req.headers[PARENT_INVOCATION_HEADER.toLowerCase()]);
  if (depth > MAX_ORCHESTRATION_DEPTH) {
    throw new PlatformError(
      PlatformErrorCodes.LoopDetected,
      `Orchestration depth ${depth} is over the limit of ${MAX_ORCHESTRATION_DEPTH}: functions calling functions through the gateway form a loop or too deep a chain; nothing was run`,
    );
  }
  return { depth, ...(parentId !== undefined && { parentId }) };
}
