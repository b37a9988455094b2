/**
 * `lp-faas-toolbelt/worker`: the hooks a LivePerson Functions platform worker
 * (lp-faas) installs before it loads a function. Not for functions: a function
 * that calls this changes nothing the platform has not already set.
 */
export { installWorkerEgress, type WorkerEgressOptions } from "../egress/worker-egress";
