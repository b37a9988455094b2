/**
 * One function instance: a child process (`worker-entry.cjs`) that starts as a
 * spare (Node and the toolbelt loaded), is given one function, and then runs
 * any number of its invocations at once, as a LivePerson Functions V1
 * instance does. This file owns the instance's state machine; the pools
 * (worker-pool.ts, spare-pool.ts) only read `state` and react to events.
 *
 *   starting ──ready──▶ spare ──assign()──▶ active ──retire()──▶ draining ──last result──▶ dead
 *      │    └──────────assign()──────────────▲  │                   │
 *      └──────────────────────────────────────┴──┴───────────────────┴──▶ dead  (stop(), crash, exit, memory)
 *
 * The instance and what it spawns share one process group, killed as a whole
 * when the instance dies (process-group.ts).
 */
import { fork, type ChildProcess } from "node:child_process";
import { PlatformErrorCodes } from "../errors";
import { CAN_READ_RSS, MEMORY_SAMPLE_MS, overMemoryMessage, readRssBytes } from "./memory-watch";
import { endGroup, trackGroup } from "./process-group";
import type { ChildMessage, DroppedLogs, ParentMessage, WorkerBoot, WorkerResult } from "./protocol";
import {
  InvocationErrorCodes,
  LOG_LIMITS,
  V2InvocationErrorCodes,
  type FunctionSpec,
  type InvocationContext,
  type InvocationErrorCode,
  type InvocationInput,
  type InvocationOutcome,
  type LogLimitReport,
  type LogRecord,
} from "./types";

export type WorkerState =
  /** Forked, loading Node and the toolbelt; may already be assigned (then `active`). */
  | "starting"
  /** Booted, no function yet: waits in the spare pool to be assigned. */
  | "spare"
  /** Runs one function: takes new invocations, any number at once. */
  | "active"
  /** Retired (timeout, crash, reload): takes no new invocations; stopped when its last one settles. */
  | "draining"
  /** Killed or exited, with its whole process group; never used again (terminal). */
  | "dead";

const TRANSITIONS: Readonly<Record<WorkerState, readonly WorkerState[]>> = {
  starting: ["spare", "active", "dead"],
  spare: ["active", "dead"],
  active: ["draining", "dead"],
  draining: ["dead"],
  dead: [],
};

export interface WorkerLaunch {
  readonly entryScript: string;
  readonly boot: WorkerBoot;
  /** The spare's environment until it is assigned (what Node needs, nothing of the platform's). */
  readonly env: Record<string, string>;
  readonly execArgv: string[];
  /** Memory limit of the instance (resident set), MB. */
  readonly memoryMb: number;
  /** An instance not booted within this time is killed. */
  readonly startTimeoutMs: number;
  /**
   * Started with the inspector (`boot.inspect`): a debugger may pause it at any time, so its invocations
   * have no timeout and going over the memory limit is reported, not punished.
   */
  readonly inspected?: boolean;
}

export interface WorkerEvents {
  /** starting → spare. */
  onSpare?(worker: FunctionWorker): void;
  /** active → draining: the owner stops handing it invocations. */
  onRetired?(worker: FunctionWorker, reason: string): void;
  /**
   * → dead. `intentional`: the platform stopped it (reload, close, drained), not a crash.
   * `previous`: the state it died in (`starting` = it never booted).
   */
  onDead?(worker: FunctionWorker, reason: string, intentional: boolean, previous: WorkerState): void;
  /** stdout/stderr of the child (its console echo, raw writes, Node's own messages). */
  onOutput?(text: string): void;
  /** An inspected instance's inspector listens at `url`; `waiting`: its first invocation waits for a debugger. */
  onInspector?(worker: FunctionWorker, url: string, waiting: boolean): void;
}

interface RunningInvocation {
  readonly logs: LogRecord[];
  readonly startedAt: number;
  /** Absent for an inspected instance: stepping through code must not time it out. */
  readonly timer: NodeJS.Timeout | undefined;
  readonly resolve: (outcome: InvocationOutcome) => void;
}

type Failure = { code: (typeof InvocationErrorCodes)[keyof typeof InvocationErrorCodes]; message: string };

/** A V2 function's failures carry Functions V2's codes. */
const V2_CODE_OF: Readonly<Record<Failure["code"], InvocationErrorCode>> = {
  [InvocationErrorCodes.CustomFailure]: V2InvocationErrorCodes.ThrewError,
  [InvocationErrorCodes.RuntimeException]: V2InvocationErrorCodes.JsRuntimeError,
  [InvocationErrorCodes.ExecutionTimeExceeded]: V2InvocationErrorCodes.ExecutionExceeded,
};

const STDERR_TAIL_CHARS = 8192;
/** After `exit`, how long to wait for the stdio pipes to drain before judging the exit. */
const CLOSE_GRACE_MS = 250;

export class FunctionWorker {
  private currentState: WorkerState = "starting";
  private events: WorkerEvents;
  private assigned: FunctionSpec | undefined;
  private readonly child: ChildProcess;
  private readonly running = new Map<number, RunningInvocation>();
  private sequence = 0;
  private stderrTail = "";
  private overMemoryReported = false;
  private readonly startTimer: NodeJS.Timeout;
  private readonly memoryTimer: NodeJS.Timeout;
  /** Resolves once the child process has exited. */
  readonly exited: Promise<void>;

  constructor(
    private readonly launch: WorkerLaunch,
    events: WorkerEvents,
  ) {
    this.events = events;
    this.child = fork(launch.entryScript, [JSON.stringify(launch.boot)], {
      env: launch.env,
      execArgv: launch.execArgv,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
      detached: true, // its own process group: see process-group.ts
    });
    trackGroup(this.child);
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => this.events.onOutput?.(text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      this.events.onOutput?.(text);
    });
    this.child.on("message", (message: ChildMessage) => this.onMessage(message));
    this.exited = new Promise((resolveExited) => {
      this.child.on("error", (error) => {
        this.die(`process error: ${error.message}`, this.failure(`The function's instance failed: ${error.message}`));
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
    this.memoryTimer = setInterval(() => this.checkMemory(CAN_READ_RSS ? readRssBytes(this.child.pid ?? 0) : undefined), MEMORY_SAMPLE_MS);
    this.memoryTimer.unref();
  }

  get state(): WorkerState {
    return this.currentState;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The function it runs (once assigned). */
  get spec(): FunctionSpec | undefined {
    return this.assigned;
  }

  /** Invocations running now. */
  get inFlight(): number {
    return this.running.size;
  }

  /**
   * Gives a starting or spare instance its function; `env` is the function's whole environment.
   * `egress: false` leaves the instance without the toolbelt's egress policy (`--v2-allowlist off`).
   */
  assign(spec: FunctionSpec, env: Record<string, string>, events: WorkerEvents, egress = true): void {
    this.transition("active");
    this.assigned = spec;
    this.events = events;
    this.send({ type: "init", name: spec.name, entry: spec.entry, dir: spec.dir, env, generation: spec.generation ?? 1, egress });
  }

  /** Runs one invocation alongside the others in flight; only for an active instance. Never rejects. */
  run(input: InvocationInput, timeoutMs: number, context: InvocationContext = {}): Promise<InvocationOutcome> {
    if (this.currentState !== "active") throw new Error(`instance ${this.pid ?? "?"}: run() while ${this.currentState}`);
    const id = ++this.sequence;
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = this.launch.inspected
        ? undefined
        : setTimeout(() => {
            // The others in flight keep running; the instance takes no new work and is killed, with what it
            // spawned, once they have settled (each within its own timeout).
            this.settle(id, { ok: false, error: { code: InvocationErrorCodes.ExecutionTimeExceeded, message: "Lambda Execution is taking too long" } });
            this.retire(`an invocation timed out after ${timeoutMs} ms`);
          }, timeoutMs);
      this.running.set(id, { logs: [], startedAt: performance.now(), timer, resolve });
      this.send({
        type: "invoke",
        id,
        input,
        ...(context.invocationId !== undefined && { invocationId: context.invocationId }),
        ...(context.depth !== undefined && { depth: context.depth }),
      });
    });
  }

  /** active → draining: no new invocations; stopped once the ones in flight have settled. */
  retire(reason: string): void {
    if (this.currentState === "starting" || this.currentState === "spare") return this.stop(reason, true);
    if (this.currentState !== "active") return this.stopIfDrained(reason);
    this.transition("draining");
    this.events.onRetired?.(this, reason);
    this.stopIfDrained(reason);
  }

  /**
   * Kills the instance's process group now (SIGKILL). Invocations in flight fail with `failure`
   * (default: RuntimeException naming `reason`). `intentional` tells the owner this was not a crash.
   */
  stop(reason: string, intentional: boolean, failure?: Failure): void {
    if (this.currentState === "dead") return;
    this.die(reason, failure ?? this.failure(`The function's instance was stopped: ${reason}`), intentional);
  }

  private stopIfDrained(reason: string): void {
    if (this.currentState === "draining" && this.running.size === 0) this.stop(`retired: ${reason}`, true);
  }

  private onMessage(message: ChildMessage): void {
    switch (message.type) {
      case "ready":
        clearTimeout(this.startTimer);
        if (this.currentState !== "starting") return; // assigned while booting: already active
        this.transition("spare");
        this.events.onSpare?.(this);
        return;
      case "inspector":
        this.events.onInspector?.(this, message.url, message.waiting);
        return;
      case "log": {
        const logs = this.running.get(message.id)?.logs;
        if (logs && logs.length < LOG_LIMITS.maxEntries) logs.push(message.record);
        return; // late output of a timed-out invocation: dropped
      }
      case "result":
        this.onResult(message);
        return;
      case "recycle":
        this.retire(`replaced: ${message.reason}`);
        return;
      case "memory":
        this.checkMemory(message.rssBytes);
        return;
    }
  }

  private onResult(message: WorkerResult): void {
    const logLimit = message.dropped && logLimitOf(message.dropped);
    const settled = message.ok
      ? this.settle(message.id, { ok: true, result: message.result }, logLimit)
      : this.settle(message.id, { ok: false, error: { code: codeOf(message.kind), message: message.message } }, logLimit);
    if (!settled) return;
    if (message.recycle) this.retire("replaced after a crash");
    else this.stopIfDrained("drained");
  }

  /** Resolves one invocation (once). */
  private settle(id: number, result: { ok: true; result: unknown } | { ok: false; error: Failure }, logLimit?: LogLimitReport): boolean {
    const invocation = this.running.get(id);
    if (!invocation) return false;
    this.running.delete(id);
    clearTimeout(invocation.timer);
    const fields = { logs: invocation.logs, durationMs: Math.round(performance.now() - invocation.startedAt), ...(logLimit && { logLimit }) };
    if (result.ok) {
      invocation.resolve({ ok: true, result: result.result, ...fields });
    } else {
      const code = this.assigned?.generation === 2 ? V2_CODE_OF[result.error.code] : result.error.code;
      invocation.resolve({ ok: false, error: { code, message: result.error.message }, ...fields });
    }
    return true;
  }

  private checkMemory(rssBytes: number | undefined): void {
    if (rssBytes === undefined || this.currentState === "dead" || rssBytes <= this.launch.memoryMb * 1048576) return;
    if (this.launch.inspected) {
      // A debugger's own work (paused frames, heap snapshots) lives in this process too: say so, once.
      if (!this.overMemoryReported)
        this.events.onOutput?.(`[lp-faas] ${overMemoryMessage(this.launch.memoryMb, rssBytes).split(";")[0]}; not stopped, as it is inspected\n`);
      this.overMemoryReported = true;
      return;
    }
    this.stop("over its memory limit", false, this.failure(overMemoryMessage(this.launch.memoryMb, rssBytes)));
  }

  private die(reason: string, failure: Failure, intentional = false): void {
    for (const id of [...this.running.keys()]) this.settle(id, { ok: false, error: failure });
    if (this.currentState === "dead") return;
    clearTimeout(this.startTimer);
    clearInterval(this.memoryTimer);
    endGroup(this.child);
    const previous = this.currentState;
    this.transition("dead");
    this.events.onDead?.(this, reason, intentional, previous);
  }

  private send(message: ParentMessage): void {
    if (!this.child.connected) return; // the exit handler reports the failure
    this.child.send(message, (error) => {
      if (error) this.stop(`could not reach the instance: ${error.message}`, false);
    });
  }

  private transition(next: WorkerState): void {
    if (!TRANSITIONS[this.currentState].includes(next)) {
      throw new Error(`instance ${this.pid ?? "?"} of ${this.assigned?.name ?? "(spare)"}: illegal state change ${this.currentState} → ${next}`);
    }
    this.currentState = next;
  }

  private failure(message: string): Failure {
    return { code: InvocationErrorCodes.RuntimeException, message };
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(this.stderrTail)) {
      return `The function's instance went over its memory limit of ${this.launch.memoryMb} MB (its JavaScript heap ran out); it was stopped, and every invocation it was processing failed`;
    }
    if (signal) return `The function's instance was killed by ${signal}; it was replaced`;
    return `The function ended its process (exit code ${code ?? "?"}); process.exit() is not allowed in a function, its instance was replaced`;
  }
}

function codeOf(kind: "custom" | "runtime"): Failure["code"] {
  return kind === "custom" ? InvocationErrorCodes.CustomFailure : InvocationErrorCodes.RuntimeException;
}

function logLimitOf(dropped: DroppedLogs): LogLimitReport {
  return { code: PlatformErrorCodes.LogLimitReached, droppedEntries: dropped.entries, droppedChars: dropped.chars, droppedDebug: dropped.debug };
}
