/**
 * Runs one `invoke()` plan: the invocations one after the other or in parallel,
 * each with its retries, under one real deadline. When the call settles (the
 * deadline, an ExitOnError failure, or everything done) every in-flight attempt
 * is aborted, so its socket closes, and no backoff or attempt goes on (the
 * official V2 client ignored its timeout and let aborted calls run on).
 *
 * The wire and the error shapes are a port (`RunPort`): V1's (LpClient, V1
 * errors) is built here; the V2 entry passes its own (fetch + OAuth2, V2 errors).
 */
import { isToolbeltError } from "../errors/toolbelt-error";
import type { FullResponse } from "../http/types";
import { messageOf } from "../lp-client/call-errors";
import type { LpClient } from "../lp-client/lp-client";
import type { InvokePlan, PlannedInvocation } from "./arguments";
import { FAAS_GATEWAY_SERVICE, gatewayPath, gatewayRequest, type GatewayCallContext } from "./gateway-request";
import { attemptTimeout, failed, generalError, judgeAttempt, timeoutError, type AttemptResult, type AttemptVerdict, type Outcome } from "./invocation-outcome";
import { decideRetry, waitBeforeRetry, type Clock } from "./retry-policy";
import type { OrchestratorResponse } from "./types";

/** How an attempt's result `R` is judged and a failure reported. */
export interface OutcomeRules<R> {
  judge(invocation: PlannedInvocation, result: R, attempts: number): AttemptVerdict;
  failed(uuid: string, error: Error): Outcome;
  /** An unexpected failure (a throwing retryFunction, a bug), reported through the error strategy. */
  general(uuid: string | undefined, message: string, cause: unknown): Error;
}

/** V1's rules: LpClient's answers, V1's error codes. */
export const v1OutcomeRules: OutcomeRules<AttemptResult> = { judge: judgeAttempt, failed, general: generalError };

export interface RetryLoop<R = AttemptResult> {
  /** Sends one attempt; never rejects. */
  attempt(invocation: PlannedInvocation): Promise<R>;
  clock: Clock;
  /** When the call's deadline passes, on `clock`. */
  deadlineAt: number;
  /** Aborted when the call settles: stops the backoff and any further attempt. */
  signal: AbortSignal;
}

/** One invocation, attempt after attempt as the retry policy decides; `undefined` when the call settled first. */
export function invokeWithRetries(invocation: PlannedInvocation, loop: RetryLoop): Promise<Outcome | undefined> {
  return retryInvocation(invocation, loop, v1OutcomeRules);
}

/** `invokeWithRetries` under the given rules. */
export async function retryInvocation<R>(invocation: PlannedInvocation, loop: RetryLoop<R>, rules: OutcomeRules<R>): Promise<Outcome | undefined> {
  const uuid = invocation.uuid;
  for (let attempts = 1; ; attempts++) {
    if (loop.signal.aborted) return undefined;
    const result = await loop.attempt(invocation);
    if (loop.signal.aborted) return undefined;
    const verdict = rules.judge(invocation, result, attempts);
    if ("final" in verdict) return verdict.final;
    const decision = decideRetry(invocation, attempts, ...verdict.retryArgs);
    if (decision.kind === "retry-function-threw") {
      const message = `The retryFunction of invocation ${uuid} threw, so it was not retried: ${messageOf(decision.thrown)} (the attempt had failed with: ${verdict.failure.message})`;
      return rules.failed(uuid, rules.general(uuid, message, decision.thrown));
    }
    if (decision.kind === "stop") return rules.failed(uuid, verdict.failure);
    await waitBeforeRetry(loop.clock, attempts, loop.deadlineAt, loop.signal);
  }
}

export interface RunDeps {
  lpClient: LpClient;
  clock: Clock;
}

/** The wire and error shapes of one generation's orchestrator. */
export interface RunPort<R> extends OutcomeRules<R> {
  /** Sends one attempt, aborted by `signal`; never rejects. */
  send(invocation: PlannedInvocation, signal: AbortSignal): Promise<R>;
  /** What an attempt that outlives the plan's timeout is aborted with. */
  attemptTimeout(timeout: number): Error;
  /** What the call fails with at its deadline. */
  deadlineError(deadline: number): Error & { code: string };
  /** `true`: the deadline rejects under ContinueOnError too (V2); `false`: it resolves what finished (V1). */
  readonly deadlineRejects: boolean;
}

/** V1's port: LpClient to the gateway, signed with the orchestrator key. */
function v1Port(call: GatewayCallContext, lpClient: LpClient): RunPort<AttemptResult> {
  return {
    ...v1OutcomeRules,
    async send(invocation, signal) {
      try {
        const path = gatewayPath(call.brandId, invocation.uuid, call.externalSystem);
        return { response: await lpClient<FullResponse>(FAAS_GATEWAY_SERVICE, path, gatewayRequest(invocation, call, signal)) };
      } catch (error) {
        return { error };
      }
    },
    attemptTimeout,
    deadlineError: timeoutError,
    deadlineRejects: false,
  };
}

/** Resolves one response per invocation, in input order (ContinueOnError), or rejects with the first failure (ExitOnError). */
export function runInvocations(plan: InvokePlan, call: GatewayCallContext, { lpClient, clock }: RunDeps): Promise<OrchestratorResponse[]> {
  return runPlan(plan, v1Port(call, lpClient), clock);
}

/** `runInvocations` through any port. */
export function runPlan<R>(plan: InvokePlan, port: RunPort<R>, clock: Clock): Promise<OrchestratorResponse[]> {
  return new Promise<OrchestratorResponse[]>((resolve, reject) => {
    const results = new Array<OrchestratorResponse | undefined>(plan.invocations.length);
    const inFlight = new Set<AbortController>();
    const stop = new AbortController();
    let settled = false;

    const finish = (action: () => void, abortReason?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      const reason = abortReason ?? new Error("invoke settled");
      for (const controller of inFlight) controller.abort(reason);
      inFlight.clear();
      stop.abort(reason);
      action();
    };

    // The deadline is a real timer: it aborts the sockets in flight, whatever the retry clock says.
    const deadlineTimer = setTimeout(() => {
      const error = port.deadlineError(plan.deadline);
      if (plan.exitOnError || port.deadlineRejects) return finish(() => reject(error), error);
      const unfinished = (invocation: PlannedInvocation): OrchestratorResponse => ({
        uuid: invocation.uuid,
        error: { code: error.code, message: error.message },
      });
      finish(() => resolve(plan.invocations.map((invocation, i) => results[i] ?? unfinished(invocation))), error);
    }, plan.deadline);

    const attempt = async (invocation: PlannedInvocation): Promise<R> => {
      const controller = new AbortController();
      inFlight.add(controller);
      const timer = setTimeout(() => controller.abort(port.attemptTimeout(plan.timeout)), plan.timeout);
      try {
        return await port.send(invocation, controller.signal);
      } finally {
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    };
    const loop: RetryLoop<R> = { attempt, clock, deadlineAt: clock.now() + plan.deadline, signal: stop.signal };

    const runOne = async (invocation: PlannedInvocation): Promise<void> => {
      let outcome: Outcome | undefined;
      try {
        outcome = await retryInvocation(invocation, loop, port);
      } catch (error) {
        // Not expected; still reported through the strategy rather than lost.
        outcome = port.failed(invocation.uuid, port.general(invocation.uuid, `Invocation of ${invocation.uuid} failed: ${messageOf(error)}`, error));
      }
      if (!outcome || settled) return;
      if (!outcome.ok && plan.exitOnError) {
        const error = outcome.error;
        const cancelled = new Error(`cancelled: invocation ${invocation.uuid} failed and the error strategy is ExitOnError`);
        finish(() => reject(error), cancelled);
        return;
      }
      results[invocation.index] = outcome.response;
    };

    const all = async (): Promise<void> => {
      if (plan.parallel) await Promise.all(plan.invocations.map(runOne));
      else
        for (const invocation of plan.invocations) {
          if (settled) return;
          await runOne(invocation);
        }
    };
    all().then(
      () => finish(() => resolve(results as OrchestratorResponse[])),
      (error: unknown) => finish(() => reject(isToolbeltError(error) ? error : port.general(undefined, messageOf(error), error))),
    );
  });
}
