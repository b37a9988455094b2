/**
 * V2 `Toolbelt.OrchestratorClient()`: `invoke(invocations, deadline, options)`
 * calls other functions through the gateway (CSDS `faasGW`), authorised with the
 * account's OAuth2 token (secret `LIVEPERSON_DEFAULT_APP_KEY`, cached per client).
 *
 * V1's orchestrator does the work: argument checks (plan.ts over arguments.ts), the
 * retry policy, and the run loop with its real deadline (invocation-run.ts), through
 * the V2 port (gateway-port.ts). Unlike core-functions-toolbelt: `retries` counts
 * retries, `0` = none, negative refused, caller objects untouched (B4); the deadline
 * and ExitOnError abort what is in flight (B5); 503 is retried, credential failures
 * carry the orchestrator's codes, no `%7D` in the URL (B6); `timeout` applies to each
 * attempt (B7); `[]` → `[]`, CSDS failures follow the error strategy (B8); a 401 gets
 * one fresh token (B9).
 */
import { MAX_DEADLINE_MS } from "../../orchestrator/arguments";
import { callerOrchestrationHeaders } from "../../orchestrator/caller-headers";
import { runPlan } from "../../orchestrator/invocation-run";
import { systemClock, type Clock } from "../../orchestrator/retry-policy";
import { sharedCsds, type V2Csds } from "../csds/shared-csds";
import { ErrorCodes } from "../errors/codes";
import { tokenSource, type TokenSource } from "../oauth2/token-source";
import { brandId } from "../runtime/env";
import { gatewayPort } from "./gateway-port";
import { OrchestratorError } from "./orchestrator-error";
import { planV2 } from "./plan";
import type { Invocation, InvokeOptions, IOrchestratorClient, OrchestratorResponse } from "./types";

const COMPONENT = "Orchestrator-FN";
/** Credential errors carry the orchestrator's codes (B6: upstream used lp-mtls's for a read failure). */
export const ORCHESTRATOR_CREDENTIALS = {
  component: COMPONENT,
  format: ErrorCodes.OrchestratorFN.Creds.Format,
  failure: ErrorCodes.OrchestratorFN.Creds.Failure,
};

export interface OrchestratorClientDeps {
  /** Default: a token source of its own on `LIVEPERSON_DEFAULT_APP_KEY`. */
  tokens?: TokenSource;
  /** Default: the process-wide V2 CSDS client. */
  csds?: V2Csds;
  /** Time of the retry backoff (default the system clock); the deadline and per-attempt timeouts are real timers. */
  clock?: Clock;
}

/** Depth and parent of the invocations this call starts, so the platform can link them. */
const orchestrationHeaders = (): Record<string, string> =>
  callerOrchestrationHeaders((message) => new OrchestratorError(ErrorCodes.OrchestratorFN.LoopDetected, message));

export function createOrchestratorClient(deps: OrchestratorClientDeps = {}): IOrchestratorClient {
  const account = brandId(COMPONENT);
  const tokens = deps.tokens ?? tokenSource(undefined, { owner: ORCHESTRATOR_CREDENTIALS });
  const csds = deps.csds ?? sharedCsds();
  const clock = deps.clock ?? systemClock;

  async function invoke(invocations: Invocation[], deadline?: number, options?: InvokeOptions): Promise<OrchestratorResponse[]> {
    const plan = planV2(invocations, deadline, options);
    if (!plan) return [];
    if (plan.capped) console.warn(`OrchestratorClient.invoke: deadline ${String(deadline)} ms exceeds the maximum; ${MAX_DEADLINE_MS} ms is used instead.`);
    if (plan.timeoutReplaced) {
      console.warn(
        `OrchestratorClient.invoke: timeout ${String(options?.timeout)} ms × ${plan.invocations.length} sequential invocations exceeds the deadline; ${plan.timeout} ms is used instead.`,
      );
    }
    const port = gatewayPort({ account, csds, tokens, headers: orchestrationHeaders(), json: plan.json });
    return runPlan(plan, port, clock);
  }

  return { invoke };
}
