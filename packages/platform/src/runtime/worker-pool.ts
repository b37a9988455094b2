/**
 * `createRuntime()`: runs functions in warm worker processes. One pool per
 * function (by name): at most `maxWorkersPerFunction` workers, each running
 * one invocation at a time; more concurrent invocations wait in a FIFO queue.
 * A worker that times out, exits or runs out of memory is killed and replaced;
 * other functions' pools are untouched.
 */
import { DEFAULT_WORKER_START_TIMEOUT_MS } from "../defaults";
import { FunctionWorker, type WorkerState } from "./worker";
import { buildWorkerEnv, resolveToolbelt, specFingerprint, TOOLBELT_HOOKS, WORKER_ENTRY, workerExecArgv, type ToolbeltLocation } from "./worker-env";
import {
  InvocationErrorCodes,
  type FunctionSpec,
  type InvocationContext,
  type InvocationInput,
  type InvocationOutcome,
  type Runtime,
  type RuntimeOptions,
} from "./types";

export function createRuntime(options: RuntimeOptions): Runtime {
  for (const key of ["timeoutMs", "memoryMb", "maxWorkersPerFunction"] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`RuntimeOptions.${key} must be a positive integer (got ${String(value)})`);
  }
  const toolbelt = resolveToolbelt();
  const pools = new Map<string, FunctionPool>();
  let closed = false;

  return {
    invoke(fn: FunctionSpec, input: InvocationInput, context?: InvocationContext): Promise<InvocationOutcome> {
      if (closed) return Promise.reject(new Error("The runtime is closed"));
      let pool = pools.get(fn.name);
      if (!pool) {
        pool = new FunctionPool(fn.name, options, toolbelt);
        pools.set(fn.name, pool);
      }
      return pool.invoke(fn, input, context);
    },
    async reload(functionName: string): Promise<void> {
      await pools.get(functionName)?.retireAll();
    },
    async close(): Promise<void> {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.close()));
    },
  };
}

interface QueuedInvocation {
  readonly input: InvocationInput;
  readonly context: InvocationContext | undefined;
  readonly resolve: (outcome: InvocationOutcome) => void;
}

/** The workers and the queue of one function. */
class FunctionPool {
  /** Every worker not yet dead (starting, idle, busy). */
  private readonly workers = new Set<FunctionWorker>();
  private readonly queue: QueuedInvocation[] = [];
  private spec: FunctionSpec | undefined;
  private fingerprint: string | undefined;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly options: RuntimeOptions,
    private readonly toolbelt: ToolbeltLocation,
  ) {}

  invoke(fn: FunctionSpec, input: InvocationInput, context?: InvocationContext): Promise<InvocationOutcome> {
    const fingerprint = specFingerprint(fn);
    const stale = this.fingerprint !== undefined && fingerprint !== this.fingerprint;
    this.spec = fn;
    this.fingerprint = fingerprint;
    // New uuid, folder, entry or env: the warm workers run stale settings.
    if (stale) void this.retireAll();
    return new Promise<InvocationOutcome>((resolve) => {
      this.queue.push({ input, context, resolve });
      this.pump();
    });
  }

  /**
   * Drops the warm workers: starting and idle ones now, busy ones after their
   * current invocation. Queued and later invocations get fresh workers.
   */
  async retireAll(): Promise<void> {
    const stopped: Promise<void>[] = [];
    for (const worker of [...this.workers]) {
      if (worker.state === "busy") {
        worker.retireWhenDone = true;
      } else {
        worker.stop("reloaded", true);
        stopped.push(worker.exited);
      }
    }
    this.pump();
    await Promise.all(stopped);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) {
      queued.resolve(failure("The runtime closed before the invocation could run"));
    }
    const exits = [...this.workers].map((worker) => {
      worker.stop("the runtime closed", true);
      return worker.exited;
    });
    await Promise.all(exits);
  }

  /** Hands queued invocations to idle workers; starts workers for the rest, up to the limit. */
  private pump(): void {
    if (this.closed) return;
    for (const worker of this.workers) {
      if (this.queue.length === 0) break;
      if (worker.state !== "idle" || worker.retireWhenDone) continue;
      const next = this.queue.shift() as QueuedInvocation;
      void worker.run(next.input, this.options.timeoutMs, next.context).then(next.resolve);
    }
    let starting = 0;
    for (const worker of this.workers) if (worker.state === "starting") starting += 1;
    const wanted = Math.min(this.queue.length - starting, this.options.maxWorkersPerFunction - this.workers.size);
    for (let i = 0; i < wanted; i += 1) this.spawn();
  }

  private spawn(): void {
    const spec = this.spec as FunctionSpec;
    const worker = new FunctionWorker(
      spec,
      {
        entryScript: WORKER_ENTRY,
        env: buildWorkerEnv(spec, this.options.baseEnv),
        execArgv: workerExecArgv(this.options.memoryMb),
        memoryMb: this.options.memoryMb,
        startTimeoutMs: this.options.startTimeoutMs ?? DEFAULT_WORKER_START_TIMEOUT_MS,
        init: {
          type: "init",
          name: spec.name,
          entry: spec.entry,
          toolbeltCjs: this.toolbelt.cjs,
          toolbeltEsm: this.toolbelt.esm,
          hooksPath: TOOLBELT_HOOKS,
        },
      },
      {
        onAvailable: () => this.pump(),
        onDead: (dead, reason, intentional, previous) => this.onDead(dead, reason, intentional, previous),
        onOutput: (text) => this.output(text),
      },
    );
    this.workers.add(worker);
  }

  private onDead(worker: FunctionWorker, reason: string, intentional: boolean, previous: WorkerState): void {
    this.workers.delete(worker);
    // A worker that could not start fails one waiting invocation, so a broken launch never loops forever.
    if (!intentional && previous === "starting") {
      this.queue.shift()?.resolve(failure(`The function's worker could not start: ${reason}`));
    }
    this.pump();
  }

  private output(text: string): void {
    if (this.options.onWorkerOutput) this.options.onWorkerOutput(this.name, text);
    else process.stderr.write(text);
  }
}

function failure(message: string): InvocationOutcome {
  return { ok: false, error: { code: InvocationErrorCodes.RuntimeException, message }, logs: [], durationMs: 0 };
}
