/**
 * The V2 plan of one `invoke()`: V1's argument checks and defaults (arguments.ts:
 * `retries` = retries after the first attempt, negative refused, caller objects never
 * written — B4), with V2's differences: `[]` is a plan of nothing (B8, upstream
 * `Infinity`), the default timeout is `floor(deadline / n)` in both modes, a sequential
 * `timeout × n` past the deadline falls back to it with a warning (upstream's rule,
 * no longer applied to parallel calls — B8), `json` is off unless asked for, and a
 * per-attempt timeout is retried by default.
 */
import { planInvoke, type InvokePlan } from "../../orchestrator/arguments";
import { defaultRetryFunction } from "../../orchestrator/retry-policy";
import { OrchestratorError } from "./orchestrator-error";
import type { InvokeOptions, RetryFunction } from "./types";

/** V1's default, plus the per-attempt timeout (a `TimeoutError` DOMException), as upstream retried it. */
export const v2DefaultRetryFunction: RetryFunction = (statusCode, error) =>
  defaultRetryFunction(statusCode, error) || (statusCode === undefined && error?.name === "TimeoutError");

export interface V2Plan extends InvokePlan {
  /** Parse successful bodies as JSON. */
  readonly json: boolean;
  /** Set when the given timeout was replaced (for the warning). */
  readonly timeoutReplaced: boolean;
}

/**
 * @returns `undefined` for `[]` (nothing to invoke).
 * @throws OrchestratorError `com.liveperson.faas.orchestrator-fn.invalid-argument`.
 */
export function planV2(invocations: unknown, deadline: unknown, options: unknown): V2Plan | undefined {
  if (Array.isArray(invocations) && invocations.length === 0) return undefined;
  let plan: InvokePlan;
  try {
    plan = planInvoke(invocations, deadline, options);
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    throw new OrchestratorError(code, message);
  }
  const n = plan.invocations.length;
  const shareOfDeadline = Math.max(1, Math.floor(plan.deadline / n));
  const given = (options as InvokeOptions | undefined)?.timeout;
  const timeoutReplaced = given !== undefined && !plan.parallel && given * n > plan.deadline;
  const timeout = given === undefined || timeoutReplaced ? shareOfDeadline : plan.timeout;
  return {
    ...plan,
    timeout,
    timeoutReplaced,
    json: (options as InvokeOptions | undefined)?.json === true,
    invocations: plan.invocations.map((invocation) => ({ ...invocation, retryFunction: invocation.retryFunction ?? v2DefaultRetryFunction })),
  };
}
