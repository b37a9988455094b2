/**
 * What every gateway invocation checks before anything runs, in this order:
 * the OAuth 1.0a signature (401), the orchestration headers (400) and the
 * orchestration depth (508). Answers who called, for the invocation log.
 */
import type { IncomingMessage } from "node:http";
import { MAX_ORCHESTRATION_DEPTH, ORCHESTRATION_DEPTH_HEADER, PARENT_INVOCATION_HEADER } from "lp-faas-toolbelt/platform";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import type { InvocationOrigin } from "../../invocations/run-invocation";
import type { ServiceDeps } from "../deps";
import { parseOrchestrationDepth, parseParentInvocationId } from "./orchestration-headers";

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
