/**
 * The request that starts one invocation through the gateway (CSDS service
 * `faasGW`): its path (every value encoded, no stray `}`), its body
 * `{ timestamp, payload, headers: [{ key, value }] }` and the LpClient options
 * that sign it with the orchestrator's API key.
 */
import type { LpClientOptions } from "../lp-client/lp-client";
import { ORCHESTRATOR_APP_KEY_SECRET } from "../platform/secret-names";
import type { PlannedInvocation } from "./arguments";

/** CSDS service of the invocation gateway. */
export const FAAS_GATEWAY_SERVICE = "faasGW";

/** What every invocation of one `invoke()` call shares. */
export interface GatewayCallContext {
  readonly brandId: string;
  /** The caller's LAMBDA_UUID, or a fixed name outside the platform. */
  readonly externalSystem: string;
  /** Orchestration headers (depth, parent invocation id). */
  readonly headers: Readonly<Record<string, string>>;
  /** `true`: the body is sent and parsed as JSON by LpClient. */
  readonly json: boolean;
  /** Per-attempt time limit, ms. */
  readonly timeout: number;
}

export function gatewayPath(brandId: string, uuid: string, externalSystem: string): string {
  return `/api/account/${encodeURIComponent(brandId)}/lambdas/${encodeURIComponent(uuid)}/invoke?v=1&externalSystem=${encodeURIComponent(externalSystem)}`;
}

/** The LpClient options of one attempt; `signal` aborts it. */
export function gatewayRequest(invocation: PlannedInvocation, context: GatewayCallContext, signal: AbortSignal): LpClientOptions {
  const body = {
    timestamp: Date.now(),
    payload: invocation.payload,
    headers: invocation.headers.map(({ key, value }) => ({ key, value })),
  };
  return {
    method: "POST",
    headers: context.json ? { ...context.headers } : { ...context.headers, "Content-Type": "application/json" },
    body: context.json ? body : JSON.stringify(body),
    json: context.json,
    simple: false,
    resolveWithFullResponse: true,
    appKeySecretName: ORCHESTRATOR_APP_KEY_SECRET,
    timeout: context.timeout,
    signal,
  };
}
