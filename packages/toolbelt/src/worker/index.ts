/**
 * `lp-faas-toolbelt/worker`: the hooks a LivePerson Functions platform worker
 * (lp-faas) installs before it loads a function. Not for functions: a function
 * that calls this changes nothing the platform has not already set.
 */
export { installWorkerEgress, type WorkerEgressOptions } from "../egress/worker-egress";
// The egress policy itself, for the platform's mTLS gateway: it refuses a target exactly as a function's own request is refused.
export { createEgressPolicy, type EgressPolicy } from "../egress/policy";
export type { ResolvedConfig } from "../config/types";
