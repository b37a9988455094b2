/**
 * Runs one `invoke()` plan: the invocations one after the other or in parallel,
 * each with its retries, under one real deadline. When the call settles (the
 * deadline, an ExitOnError failure, or everything done) every in-flight attempt
 * is aborted, so its socket closes, and no backoff or attempt goes on (the
 * official V2 client ignored its timeout and let aborted calls run on).
 */
import { ErrorCodes } from "../errors/codes";
import { isToolbeltError } from "../errors/toolbelt-error";
import type { FullResponse } from "../http/types";
import { messageOf } from "../lp-client/call-errors";
import type { LpClient } from "../lp-client/lp-client";
import type { InvokePlan, PlannedInvocation } from "./arguments";
import { FAAS_GATEWAY_SERVICE, gatewayPath, gatewayRequest, type GatewayCallContext } from "./gateway-request";
import { attemptTimeout, failed, generalError, judgeAttempt, timeoutError, type AttemptResult, type Outcome } from "./invocation-outcome";
import { OrchestratorError } from "./orchestrator-error";
import { decideRetry, waitBeforeRetry, type Clock } from "./retry-policy";
import type { OrchestratorResponse } from "./types";

export interface RetryLoop {
  /** Sends one attempt; never rejects. */
  attempt(invocation: PlannedInvocation): Promise<AttemptResult>;
  clock: Clock;
  /** When the call's deadline passes, on `clock`. */
  deadlineAt: number;
  /** Aborted when the call settles: stops the backoff and any further attempt. */
  signal: AbortSignal;
}

/** One invocation, attempt after attempt as the retry policy decides; `undefined` when the call settled first. */
export async function invokeWithRetries(invocation: PlannedInvocation, loop: RetryLoop): Promise<Outcome | undefined> {
  const uuid = invocation.uuid;
  for (let attempts = 1; ; attempts++) {
    if (loop.signal.aborted) return undefined;
    const result = await loop.attempt(invocation);
    if (loop.signal.aborted) return undefined;
    const verdict = judgeAttempt(invocation, result, attempts);
    if ("final" in verdict) return verdict.final;
    const decision = decideRetry(invocation, attempts, ...verdict.retryArgs);
    if (decision.kind === "retry-function-threw") {
      const message = `The retryFunction of invocation ${uuid} threw, so it was not retried: ${messageOf(decision.thrown)} (the attempt had failed with: ${verdict.failure.message})`;
      return failed(uuid, generalError(uuid, message, decision.thrown));
    }
    if (decision.kind === "stop") return failed(uuid, verdict.failure);
    await waitBeforeRetry(loop.clock, attempts, loop.deadlineAt, loop.signal);
  }
}

export interface RunDeps {
  lpClient: LpClient;
  clock: Clock;
}

/** Resolves one response per invocation, in input order (ContinueOnError), or rejects with the first failure (ExitOnError). */
export function runInvocations(plan: InvokePlan, call: GatewayCallContext, { lpClient, clock }: RunDeps): Promise<OrchestratorResponse[]> {
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
      const error = timeoutError(plan.deadline);
      if (plan.exitOnError) return finish(() => reject(error), error);
      const unfinished = (invocation: PlannedInvocation): OrchestratorResponse => ({
        uuid: invocation.uuid,
        error: { code: error.code, message: error.message },
      });
      finish(() => resolve(plan.invocations.map((invocation, i) => results[i] ?? unfinished(invocation))), error);
    }, plan.deadline);

    const attempt = async (invocation: PlannedInvocation): Promise<AttemptResult> => {
      const controller = new AbortController();
      inFlight.add(controller);
      const timer = setTimeout(() => controller.abort(attemptTimeout(plan.timeout)), plan.timeout);
      try {
        const path = gatewayPath(call.brandId, invocation.uuid, call.externalSystem);
        return { response: await lpClient<FullResponse>(FAAS_GATEWAY_SERVICE, path, gatewayRequest(invocation, call, controller.signal)) };
      } catch (error) {
        return { error };
      } finally {
        clearTimeout(timer);
        inFlight.delete(controller);
      }
    };
    const loop: RetryLoop = { attempt, clock, deadlineAt: clock.now() + plan.deadline, signal: stop.signal };

    const runOne = async (invocation: PlannedInvocation): Promise<void> => {
      let outcome: Outcome | undefined;
      try {
        outcome = await invokeWithRetries(invocation, loop);
      } catch (error) {
        // Not expected; still reported through the strategy rather than lost.
        outcome = failed(invocation.uuid, generalError(invocation.uuid, `Invocation of ${invocation.uuid} failed: ${messageOf(error)}`, error));
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
      (error: unknown) =>
        finish(() => reject(isToolbeltError(error) ? error : new OrchestratorError(ErrorCodes.OrchestratorFN.General, messageOf(error), { cause: error }))),
    );
  });
}
