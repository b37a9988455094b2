/**
 * The instances of one V2 function, as LivePerson Functions V2 runs them: **one invocation per instance
 * at a time**. An invocation takes an idle warm instance, else a new one (from the spares), up to
 * `maxInstances` per function; beyond that it is refused with `com.liveperson.faas.function.runtime.limit-reached`
 * (HTTP 429), as the cloud's instance cap answers, and nothing runs. A warm instance is reused for later
 * invocations one after the other (the cloud may do the same, so module state can survive between them, but
 * no function may rely on it), and stopped after DEFAULT_V2_IDLE_MS without work.
 *
 * Failures end the instance as in V1 (worker.ts): a timeout or crash retires it, and it is replaced by the
 * next invocation that needs one.
 */
import { DEFAULT_V2_IDLE_MS } from "../defaults";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { countInstances, retireInstances, startInstance, stopInstances, type InstanceSource } from "./instance-source";
import type { FunctionWorker } from "./worker";
import { specFingerprint } from "./worker-env";
import type { FunctionSpec, InstanceCounts, InvocationContext, InvocationInput, InvocationOutcome } from "./types";

export interface V2PoolOptions {
  readonly timeoutMs: number;
  /** The most instances of this function at once (busy, idle or finishing after a reload). */
  readonly maxInstances: number;
  /** Pass the toolbelt's egress policy (`--v2-allowlist`). */
  readonly egress: boolean;
  /** A warm instance idle this long is stopped; default DEFAULT_V2_IDLE_MS. */
  readonly idleMs?: number;
}

export class V2FunctionPool {
  /** Every instance not yet dead. */
  private readonly instances = new Set<FunctionWorker>();
  /** Warm instances without an invocation, most recently used last; each with the timer that stops it. */
  private readonly idle = new Map<FunctionWorker, NodeJS.Timeout>();
  private fingerprint: string | undefined;

  constructor(
    private readonly source: InstanceSource,
    private readonly options: V2PoolOptions,
  ) {}

  async invoke(fn: FunctionSpec, input: InvocationInput, context?: InvocationContext): Promise<InvocationOutcome> {
    const fingerprint = specFingerprint(fn);
    // New uuid, folder, entry or env: every instance runs stale settings (busy ones finish first).
    if (this.fingerprint !== undefined && fingerprint !== this.fingerprint) void this.retireAll("its settings changed");
    this.fingerprint = fingerprint;
    const instance = this.takeIdle() ?? this.newInstance(fn);
    try {
      return await instance.run(input, this.options.timeoutMs, context);
    } finally {
      this.release(instance);
    }
  }

  /** Retires every instance: busy ones finish their invocation first; the next invocation gets a fresh one. */
  retireAll(reason = "reloaded"): Promise<void> {
    return retireInstances(this.instances, reason);
  }

  close(): Promise<void> {
    return stopInstances(this.instances);
  }

  counts(): InstanceCounts {
    return countInstances(this.instances);
  }

  /** Instances now (for tests and the limit). */
  get size(): number {
    return this.instances.size;
  }

  private takeIdle(): FunctionWorker | undefined {
    const warm = [...this.idle.keys()].filter((instance) => instance.state === "active").pop();
    if (warm) this.forgetIdle(warm);
    return warm;
  }

  private newInstance(fn: FunctionSpec): FunctionWorker {
    if (this.instances.size >= this.options.maxInstances) {
      throw new PlatformError(
        PlatformErrorCodes.InstanceLimitReached,
        `Function ${fn.name} already runs ${this.options.maxInstances} instance${this.options.maxInstances === 1 ? "" : "s"}, ` +
          "each busy with an invocation (a V2 instance serves one at a time): this invocation was refused and nothing ran. " +
          "Try again, or raise the cap with lp-faas dev --max-instances <n>",
      );
    }
    const instance = startInstance(
      this.source,
      fn,
      {
        onRetired: (retired) => this.forgetIdle(retired),
        onDead: (dead) => {
          this.forgetIdle(dead);
          this.instances.delete(dead);
        },
      },
      this.options.egress,
    );
    this.instances.add(instance);
    return instance;
  }

  /** After an invocation: a still active instance waits for the next one, and stops when none comes. */
  private release(instance: FunctionWorker): void {
    if (instance.state !== "active" || instance.inFlight > 0) return;
    const timer = setTimeout(() => instance.retire("idle"), this.options.idleMs ?? DEFAULT_V2_IDLE_MS);
    timer.unref();
    this.idle.set(instance, timer);
  }

  private forgetIdle(instance: FunctionWorker): void {
    clearTimeout(this.idle.get(instance));
    this.idle.delete(instance);
  }
}
