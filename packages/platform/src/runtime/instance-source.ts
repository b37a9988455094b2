/**
 * Where a function's new instance comes from, for both pools (worker-pool.ts for V1, v2-pool.ts for V2):
 * a spare from the shared spare pool, or for an inspected function a fresh fork with its own inspector
 * port. `startInstance()` also gives the instance its function and wires its events to the pool.
 */
import type { InspectorPorts } from "./inspect";
import type { SparePool } from "./spare-pool";
import { FunctionWorker, type WorkerLaunch } from "./worker";
import { buildWorkerEnv } from "./worker-env";
import type { FunctionSpec, InstanceCounts } from "./types";

export interface InstanceSource {
  readonly spares: SparePool;
  readonly inspector: InspectorPorts;
  readonly launchInspected: (port: number) => WorkerLaunch;
  readonly onInspector: (functionName: string, worker: FunctionWorker, url: string, waiting: boolean) => void;
  /** The environment every function's instance starts from (BRAND_ID, CSDS_DOMAIN, ...; read when an instance gets its function). */
  readonly baseEnv: () => Readonly<Record<string, string>>;
  /** An instance's stdout/stderr, by function name. */
  readonly output: (functionName: string, text: string) => void;
}

export interface InstanceHandlers {
  /** active → draining: the pool stops handing it invocations. */
  readonly onRetired: (instance: FunctionWorker) => void;
  /** → dead: the pool forgets it. */
  readonly onDead: (instance: FunctionWorker) => void;
}

/**
 * A new instance running `fn`: taken from the spares (or forked with the inspector when the function is
 * inspected) and given the function. `egress: false` starts it without the toolbelt's egress policy.
 */
export function startInstance(source: InstanceSource, fn: FunctionSpec, handlers: InstanceHandlers, egress = true): FunctionWorker {
  const { spares, inspector } = source;
  const port = inspector.inspects(fn.name) ? inspector.reserve() : undefined;
  const instance = port === undefined ? spares.take() : new FunctionWorker(source.launchInspected(port), {});
  instance.assign(
    fn,
    buildWorkerEnv(fn, source.baseEnv()),
    {
      onRetired: (retired) => handlers.onRetired(retired),
      onDead: (dead) => {
        if (port !== undefined) inspector.release(port);
        handlers.onDead(dead);
      },
      onOutput: (text) => source.output(fn.name, text),
      onInspector: (worker, url, waiting) => source.onInspector(fn.name, worker, url, waiting),
    },
    egress,
  );
  return instance;
}

/** Retires every instance: busy ones finish their invocation first (on the code they started with); resolves when the idle ones exited. */
export async function retireInstances(instances: Iterable<FunctionWorker>, reason: string): Promise<void> {
  const all = [...instances];
  for (const instance of all) instance.retire(reason);
  await Promise.all(all.filter((instance) => instance.inFlight === 0).map((instance) => instance.exited));
}

/** Stops every instance now (the runtime is closing); resolves when all exited. */
export async function stopInstances(instances: Iterable<FunctionWorker>): Promise<void> {
  const exits = [...instances].map((instance) => {
    instance.stop("the runtime closed", true);
    return instance.exited;
  });
  await Promise.all(exits);
}

/** How many of these instances are alive, and how many of those run an invocation now. */
export function countInstances(instances: Iterable<FunctionWorker>): InstanceCounts {
  const alive = [...instances].filter((instance) => instance.state !== "dead");
  return { instances: alive.length, busy: alive.filter((instance) => instance.inFlight > 0).length };
}
