/**
 * `createRuntime()`: runs functions the way LivePerson Functions runs them.
 * V2 functions (`generation: 2`) go to a V2FunctionPool (v2-pool.ts): one
 * invocation per instance, up to `maxInstances` instances per function.
 * V1 functions run as V1 does, in
 * instances that each serve many concurrent invocations. Per function: one
 * active instance that takes every new invocation, plus the retired ones
 * finishing theirs (after a timeout, a crash or a reload). Instances come from
 * a shared pool of spares started ahead (spare-pool.ts), except inspected
 * ones, which are forked for their function with their own inspector port
 * (inspect.ts). Other functions' instances are untouched by one function's
 * failures.
 */
import { DEFAULT_MAX_INSTANCES, DEFAULT_SPARE_INSTANCES, DEFAULT_V2_ALLOWLIST, DEFAULT_WORKER_START_TIMEOUT_MS } from "../defaults";
import { createInspectorPorts, inspectFlag, portOfInspectorUrl } from "./inspect";
import { countInstances, retireInstances, startInstance, stopInstances, type InstanceSource } from "./instance-source";
import { CAN_READ_RSS } from "./memory-watch";
import { SparePool } from "./spare-pool";
import { V2FunctionPool } from "./v2-pool";
import type { FunctionWorker, WorkerLaunch } from "./worker";
import { resolveToolbelt, spareEnv, specFingerprint, TOOLBELT_HOOKS, WORKER_ENTRY, workerExecArgv } from "./worker-env";
import type { FunctionSpec, InstanceCounts, InvocationContext, InvocationInput, InvocationOutcome, Runtime, RuntimeOptions } from "./types";

/** How often an instance's watchdog checks that the platform is still there. */
const WATCHDOG_MS = 500;
/** How often an instance reports its RSS where the parent cannot read it. */
const MEMORY_REPORT_MS = 250;

export function createRuntime(options: RuntimeOptions): Runtime {
  for (const key of ["timeoutMs", "memoryMb"] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`RuntimeOptions.${key} must be a positive integer (got ${String(value)})`);
  }
  const spareCount = options.spareInstances ?? DEFAULT_SPARE_INSTANCES;
  if (!Number.isInteger(spareCount) || spareCount < 0) {
    throw new TypeError(`RuntimeOptions.spareInstances must be a whole number (got ${String(spareCount)})`);
  }
  const maxInstances = options.maxInstances ?? DEFAULT_MAX_INSTANCES;
  if (!Number.isInteger(maxInstances) || maxInstances < 1) {
    throw new TypeError(`RuntimeOptions.maxInstances must be a positive integer (got ${String(maxInstances)})`);
  }
  const toolbelt = resolveToolbelt();
  const inspector = createInspectorPorts(options.inspect);
  /** A spare's launch, or with `inspectPort` an inspected instance's. */
  const launch = (inspectPort?: number): WorkerLaunch => ({
    entryScript: WORKER_ENTRY,
    boot: {
      toolbeltCjs: toolbelt.cjs,
      toolbeltEsm: toolbelt.esm,
      ...(toolbelt.v2 && { toolbeltV2: toolbelt.v2 }),
      hooksPath: TOOLBELT_HOOKS,
      memoryReportMs: CAN_READ_RSS ? 0 : MEMORY_REPORT_MS,
      watchdogMs: WATCHDOG_MS,
      ...(inspectPort !== undefined && { inspect: { wait: options.inspect?.waitForDebugger === true } }),
    },
    env: spareEnv(),
    execArgv: [...workerExecArgv(options.memoryMb), ...(inspectPort === undefined ? [] : [inspectFlag(inspectPort)])],
    inspected: inspectPort !== undefined,
    memoryMb: options.memoryMb,
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_WORKER_START_TIMEOUT_MS,
  });
  const output = (name: string, text: string): void => {
    if (options.onWorkerOutput) options.onWorkerOutput(name, text);
    else process.stderr.write(text);
  };
  const spares = new SparePool({ size: spareCount, launch: () => launch(), onOutput: (text) => output("(spare)", text) });
  const instances: InstanceSource = {
    spares,
    inspector,
    launchInspected: (port) => launch(port),
    onInspector: (name, worker, url, waiting) =>
      options.onInspector?.({ functionName: name, pid: worker.pid ?? 0, port: portOfInspectorUrl(url), url, waiting }),
    baseEnv: () => options.baseEnv,
    output,
  };
  spares.fill();
  /** A function's pool, by name; a function whose generation changes gets a new pool (the old one retired). */
  const pools = new Map<string, FunctionPool | V2FunctionPool>();
  /** Pools replaced after a generation change: their instances finish what they run; close() stops them too. */
  const replaced = new Set<FunctionPool | V2FunctionPool>();
  const v2Options = {
    timeoutMs: options.timeoutMs,
    maxInstances,
    egress: options.v2Allowlist ?? DEFAULT_V2_ALLOWLIST,
    ...(options.v2IdleMs !== undefined && { idleMs: options.v2IdleMs }),
  };
  let closed = false;

  function poolFor(fn: FunctionSpec): FunctionPool | V2FunctionPool {
    const existing = pools.get(fn.name);
    const isV2 = fn.generation === 2;
    if (existing && existing instanceof V2FunctionPool === isV2) return existing;
    if (existing) {
      replaced.add(existing);
      void existing.retireAll();
    }
    const pool = isV2 ? new V2FunctionPool(instances, v2Options) : new FunctionPool(options, instances);
    pools.set(fn.name, pool);
    return pool;
  }

  return {
    invoke(fn: FunctionSpec, input: InvocationInput, context?: InvocationContext): Promise<InvocationOutcome> {
      if (closed) return Promise.reject(new Error("The runtime is closed"));
      return poolFor(fn).invoke(fn, input, context);
    },
    async reload(functionName: string): Promise<void> {
      await pools.get(functionName)?.retireAll();
    },
    instances(functionName: string): InstanceCounts {
      return pools.get(functionName)?.counts() ?? { instances: 0, busy: 0 };
    },
    async close(): Promise<void> {
      closed = true;
      const all = [...pools.values(), ...replaced];
      pools.clear();
      replaced.clear();
      await Promise.all([spares.close(), ...all.map((pool) => pool.close())]);
    },
  };
}

/** The instances of one function: the active one, and retired ones finishing their invocations. */
class FunctionPool {
  private active: FunctionWorker | undefined;
  /** Every instance not yet dead (active and draining). */
  private readonly instances = new Set<FunctionWorker>();
  private fingerprint: string | undefined;

  constructor(
    private readonly options: RuntimeOptions,
    private readonly source: InstanceSource,
  ) {}

  invoke(fn: FunctionSpec, input: InvocationInput, context?: InvocationContext): Promise<InvocationOutcome> {
    const fingerprint = specFingerprint(fn);
    // New uuid, folder, entry or env: the active instance runs stale settings.
    if (this.fingerprint !== undefined && fingerprint !== this.fingerprint) this.active?.retire("its settings changed");
    this.fingerprint = fingerprint;
    this.active ??= this.instanceFor(fn);
    return this.active.run(input, this.options.timeoutMs, context);
  }

  /** Retires every instance: invocations in flight finish on the code they started with; new ones get a fresh instance. */
  retireAll(): Promise<void> {
    return retireInstances(this.instances, "reloaded");
  }

  close(): Promise<void> {
    return stopInstances(this.instances);
  }

  counts(): InstanceCounts {
    return countInstances(this.instances);
  }

  private instanceFor(fn: FunctionSpec): FunctionWorker {
    const instance = startInstance(this.source, fn, {
      onRetired: (retired) => this.forget(retired, false),
      onDead: (dead) => this.forget(dead, true),
    });
    this.instances.add(instance);
    return instance;
  }

  private forget(instance: FunctionWorker, dead: boolean): void {
    if (this.active === instance) this.active = undefined;
    if (dead) this.instances.delete(instance);
  }
}
