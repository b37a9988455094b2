/**
 * One warm worker: a child process (`worker-entry.cjs`) that runs one
 * function, one invocation at a time. This file owns the worker's state
 * machine; the pool (worker-pool.ts) only reads `state` and reacts to events.
 *
 *   starting ──ready──▶ idle ──run()──▶ busy ──result──▶ idle
 *      │                 │               │
 *      └─────────────────┴───────────────┴──▶ dead   (stop(), timeout, crash, exit)
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import type { ChildMessage, ParentMessage, WorkerInit } from "./protocol";
import { InvocationErrorCodes, type FunctionSpec, type InvocationContext, type InvocationInput, type InvocationOutcome, type LogRecord } from "./types";

export type WorkerState =
  /** Forked, waiting for the child's `ready`; gets no work yet. */
  | "starting"
  /** Warm and free: the pool may hand it an invocation. */
  | "idle"
  /** Running exactly one invocation. */
  | "busy"
  /** Killed or exited; never used again (terminal). */
  | "dead";

const TRANSITIONS: Readonly<Record<WorkerState, readonly WorkerState[]>> = {
  starting: ["idle", "dead"],
  idle: ["busy", "dead"],
  busy: ["idle", "dead"],
  dead: [],
};

export interface WorkerLaunch {
  readonly entryScript: string;
  readonly env: Record<string, string>;
  readonly execArgv: string[];
  readonly init: WorkerInit;
  readonly memoryMb: number;
  /** A worker not ready within this time is killed. */
  readonly startTimeoutMs: number;
}

export interface WorkerEvents {
  /** starting → idle, or busy → idle: the worker can take work. */
  onAvailable(worker: FunctionWorker): void;
  /**
   * → dead. `intentional`: the pool stopped it (reload, close, retire), not a crash.
   * `previous`: the state it died in (`starting` = it never became ready).
   */
  onDead(worker: FunctionWorker, reason: string, intentional: boolean, previous: WorkerState): void;
  /** stdout/stderr of the child (its console echo, raw writes, Node's own messages). */
  onOutput(text: string): void;
}

interface ActiveInvocation {
  readonly id: number;
  readonly logs: LogRecord[];
  readonly startedAt: number;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (outcome: InvocationOutcome) => void;
}

type Failure = { code: (typeof InvocationErrorCodes)[keyof typeof InvocationErrorCodes]; message: string };

const STDERR_TAIL_CHARS = 8192;
/** Log records kept per invocation at most (a runaway logging loop must not exhaust the platform's memory). */
export const MAX_LOGS_PER_INVOCATION = 1000;

/**
 * Every running child, killed when the platform process exits (a worker stuck
 * in a synchronous loop never sees its IPC channel close, so it would outlive us).
 */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  child.once("error", () => {
    if (child.pid === undefined) liveChildren.delete(child); // never spawned
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const running of liveChildren) running.kill("SIGKILL");
    });
  }
}
/** After `exit`, how long to wait for the stdio pipes to drain before judging the exit. */
const CLOSE_GRACE_MS = 250;

export class FunctionWorker {
  private currentState: WorkerState = "starting";
  /** Set by the pool: stop after the current invocation instead of going idle (reload while busy). */
  retireWhenDone = false;
  private readonly child: ChildProcess;
  private active: ActiveInvocation | undefined;
  private sequence = 0;
  private stderrTail = "";
  private readonly startTimer: NodeJS.Timeout;
  /** Resolves once the child process has exited. */
  readonly exited: Promise<void>;

  constructor(
    readonly spec: FunctionSpec,
    private readonly launch: WorkerLaunch,
    private readonly events: WorkerEvents,
  ) {
    this.child = fork(launch.entryScript, [], {
      cwd: spec.dir,
      env: launch.env,
      execArgv: launch.execArgv,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    track(this.child);
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => events.onOutput(text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      events.onOutput(text);
    });
    this.child.on("message", (message: ChildMessage) => this.onMessage(message));
    this.exited = new Promise((resolveExited) => {
      this.child.on("error", (error) => {
        const detail =
          (error as NodeJS.ErrnoException).code === "ENOENT" && !existsSync(spec.dir) ? `the function folder ${spec.dir} does not exist` : error.message;
        this.die(`worker process error: ${detail}`, this.failure(`The function's worker failed: ${detail}`));
        if (this.child.pid === undefined) resolveExited(); // never spawned: no exit event will follow
      });
      this.child.once("exit", (code, signal) => {
        let judged = false;
        const judge = (): void => {
          if (judged) return;
          judged = true;
          const message = this.describeExit(code, signal);
          this.die(message, this.failure(message));
          resolveExited();
        };
        this.child.once("close", judge);
        setTimeout(judge, CLOSE_GRACE_MS).unref();
      });
    });
    this.startTimer = setTimeout(() => this.stop(`not ready after ${launch.startTimeoutMs} ms`, false), launch.startTimeoutMs);
    this.startTimer.unref();
    this.send(launch.init);
  }

  get state(): WorkerState {
    return this.currentState;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs one invocation; only for an idle worker. Never rejects. */
  run(input: InvocationInput, timeoutMs: number, context: InvocationContext = {}): Promise<InvocationOutcome> {
    this.transition("busy");
    const id = ++this.sequence;
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.stop(`timed out after ${timeoutMs} ms`, false, {
          code: InvocationErrorCodes.ExecutionTimeExceeded,
          message: "Lambda Execution is taking too long",
        });
      }, timeoutMs);
      this.active = { id, logs: [], startedAt: performance.now(), timer, resolve };
      this.send({
        type: "invoke",
        id,
        input,
        ...(context.invocationId !== undefined && { invocationId: context.invocationId }),
        ...(context.depth !== undefined && { depth: context.depth }),
      });
    });
  }

  /**
   * Kills the child now (SIGKILL). A running invocation fails with `failure`
   * (default: RuntimeException naming `reason`). `intentional` tells the pool
   * this was not a crash.
   */
  stop(reason: string, intentional: boolean, failure?: Failure): void {
    if (this.currentState === "dead") return;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    this.die(reason, failure ?? this.failure(`The function's worker was stopped: ${reason}`), intentional);
  }

  private onMessage(message: ChildMessage): void {
    switch (message.type) {
      case "ready":
        if (this.currentState !== "starting") return;
        clearTimeout(this.startTimer);
        this.transition("idle");
        this.events.onAvailable(this);
        return;
      case "log":
        if (this.active?.id === message.id && this.active.logs.length < MAX_LOGS_PER_INVOCATION) this.active.logs.push(message.record);
        return; // late output of an earlier invocation: dropped
      case "result": {
        if (this.active?.id !== message.id) return;
        const settled = message.ok
          ? this.settle({ ok: true, result: message.result })
          : this.settle({ ok: false, error: { code: codeOf(message.kind), message: message.message } });
        if (!settled) return;
        if (message.recycle || this.retireWhenDone) {
          this.stop(message.recycle ? "replaced after a crash" : "retired", true);
        } else {
          this.transition("idle");
          this.events.onAvailable(this);
        }
        return;
      }
      case "recycle":
        if (this.currentState === "idle") this.stop(`replaced: ${message.reason}`, true);
        else this.retireWhenDone = true;
        return;
    }
  }

  /** Resolves the active invocation (once). */
  private settle(result: { ok: true; result: unknown } | { ok: false; error: Failure }): boolean {
    const active = this.active;
    if (!active) return false;
    this.active = undefined;
    clearTimeout(active.timer);
    const durationMs = Math.round(performance.now() - active.startedAt);
    active.resolve(
      result.ok ? { ok: true, result: result.result, logs: active.logs, durationMs } : { ok: false, error: result.error, logs: active.logs, durationMs },
    );
    return true;
  }

  private die(reason: string, failure: Failure, intentional = false): void {
    this.settle({ ok: false, error: failure });
    if (this.currentState === "dead") return;
    clearTimeout(this.startTimer);
    const previous = this.currentState;
    this.transition("dead");
    this.events.onDead(this, reason, intentional, previous);
  }

  private send(message: ParentMessage): void {
    if (!this.child.connected) return; // the exit handler reports the failure
    this.child.send(message, (error) => {
      if (error) this.stop(`could not reach the worker: ${error.message}`, false);
    });
  }

  private transition(next: WorkerState): void {
    if (!TRANSITIONS[this.currentState].includes(next)) {
      throw new Error(`worker ${this.pid ?? "?"} of ${this.spec.name}: illegal state change ${this.currentState} → ${next}`);
    }
    this.currentState = next;
  }

  private failure(message: string): Failure {
    return { code: InvocationErrorCodes.RuntimeException, message };
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail)) {
      return `The function ran out of memory (${this.launch.memoryMb} MB heap); its worker was replaced`;
    }
    if (signal) return `The function's worker was killed by ${signal}; it was replaced`;
    return `The function ended its process (exit code ${code ?? "?"}); process.exit() is not allowed in a function, its worker was replaced`;
  }
}

function codeOf(kind: "custom" | "runtime"): Failure["code"] {
  return kind === "custom" ? InvocationErrorCodes.CustomFailure : InvocationErrorCodes.RuntimeException;
}
