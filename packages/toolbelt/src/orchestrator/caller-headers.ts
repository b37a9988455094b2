/**
 * The orchestration headers both OrchestratorClients (V1 and V2) send: the depth of the
 * invocations a call starts and the calling invocation's id, so the platform can link parent and
 * child and stop loops. Read when `invoke` is called, in the calling invocation's async context
 * (an instance runs others at the same time).
 */
import { currentInvocation } from "../platform/invocation-context";
import { MAX_ORCHESTRATION_DEPTH, ORCHESTRATION_DEPTH_HEADER, PARENT_INVOCATION_HEADER } from "../platform/orchestration";

/** @param loopDetected builds the caller's error (its own class) when the depth would pass the maximum. */
export function callerOrchestrationHeaders(loopDetected: (message: string) => Error): Record<string, string> {
  const caller = currentInvocation();
  const depth = caller.depth + 1;
  if (depth > MAX_ORCHESTRATION_DEPTH) {
    throw loopDetected(
      `Orchestration loop detected: this invocation would be at depth ${depth}, more than the maximum of ${MAX_ORCHESTRATION_DEPTH} functions invoking functions. Nothing was invoked.`,
    );
  }
  const headers: Record<string, string> = { [ORCHESTRATION_DEPTH_HEADER]: String(depth) };
  if (caller.invocationId) headers[PARENT_INVOCATION_HEADER] = caller.invocationId;
  return headers;
}
