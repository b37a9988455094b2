/**
 * `Toolbelt.OrchestratorClient()`: `invoke(invocations, deadline, options)` calls
 * other functions through the gateway (CSDS service `faasGW`), on LpClient's one
 * egress path, signed with the orchestrator API key (`lp-faas-orchestrator-app-key`).
 *
 * What the official V2 client got wrong and this one does not:
 * - the deadline is one real timer: when it fires every in-flight attempt is aborted
 *   (its socket closes) and nothing retries afterwards (V2 ignored `timeout`, raced timers);
 * - ExitOnError aborts the other parallel invocations (V2 let them run);
 * - `retries` means retries after the first attempt, `0` = none (V2: 3); nothing is written
 *   into the caller's objects; 503 is retried too;
 * - the default timeout is `deadline` in parallel mode; an empty list is refused (V2: `Infinity`);
 * - CSDS and credential failures follow the error strategy; errors are typed, never raw;
 * - credential read failures carry the orchestrator code, not MTLS's; every URL value is
 *   encoded, no stray `}`; a 401 is answered once with re-read credentials (V2: never).
 *
 * This file checks the call and wires the parts: arguments.ts (the plan),
 * gateway-request.ts (the wire), invocation-run.ts (deadline and strategy),
 * retry-policy.ts (what is retried, and when), invocation-outcome.ts (errors).
 */
import { requireBrandId } from "../csds/account";
import { getConfig } from "../config/resolve-config";
import { ErrorCodes } from "../errors/codes";
import { createLpClient, type LpClient } from "../lp-client/lp-client";
import { planInvoke, MAX_DEADLINE_MS } from "./arguments";
import { callerOrchestrationHeaders } from "./caller-headers";
import type { GatewayCallContext } from "./gateway-request";
import { runInvocations } from "./invocation-run";
import { OrchestratorError } from "./orchestrator-error";
import { systemClock, type Clock } from "./retry-policy";
import type { OrchestratorClient, OrchestratorResponse } from "./types";

/** `externalSystem` when no LAMBDA_UUID is configured. */
export const DEFAULT_EXTERNAL_SYSTEM = "lp-faas-toolbelt";

export interface OrchestratorClientDeps {
  lpClient?: LpClient;
  /** Time of the retry backoff (default: the system clock). The deadline and per-attempt timeouts stay real timers. */
  clock?: Clock;
}

/** The orchestration headers every invocation of this call carries: its depth, and the calling invocation. */
export function createOrchestratorClient(deps: OrchestratorClientDeps = {}): OrchestratorClient {
  const lpClient = deps.lpClient ?? createLpClient();
  const clock = deps.clock ?? systemClock;

  async function invoke(invocations: unknown, deadline?: unknown, options?: unknown): Promise<OrchestratorResponse[]> {
    const plan = planInvoke(invocations, deadline, options);
    if (plan.capped) {
      console.warn(`OrchestratorClient.invoke: deadline ${String(deadline)} ms exceeds the maximum; ${MAX_DEADLINE_MS} ms is used instead.`);
    }
    const headers = callerOrchestrationHeaders((message) => new OrchestratorError(ErrorCodes.OrchestratorFN.LoopDetected, message));
    const call: GatewayCallContext = {
      brandId: requireBrandId("Orchestrator-FN"),
      externalSystem: getConfig().lambdaUuid || DEFAULT_EXTERNAL_SYSTEM,
      headers,
      json: plan.json,
      timeout: plan.timeout,
    };
    return runInvocations(plan, call, { lpClient, clock });
  }

  return { invoke: invoke };
}
