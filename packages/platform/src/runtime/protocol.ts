/**
 * The IPC protocol between the platform (parent) and one instance child
 * process (`worker-entry.cjs`). JSON messages over the `fork()` channel. The
 * child is plain JavaScript, so these types document what it sends and
 * expects; keep both sides in step.
 *
 *   argv[2]          WorkerBoot (JSON): what a spare loads before it has a function
 *   parent → child   init (once: gives the spare its function), invoke (any number at once)
 *   child  → parent  ready (booted), inspector (its inspector's URL), log (a kept entry of an invocation),
 *                    result (exactly one per invoke), recycle (asks to be replaced),
 *                    memory (its RSS, where the parent cannot read it itself)
 */
import type { InvocationInput, LogRecord } from "./types";

/** What a spare instance loads at start, before it knows its function (argv[2], JSON). */
export interface WorkerBoot {
  /** Our toolbelt's CommonJS entry (what `require("lp-faas-toolbelt")` returns); loaded at start. */
  readonly toolbeltCjs: string;
  /** Our toolbelt's ES module entry (what `import ... from "lp-faas-toolbelt"` loads). */
  readonly toolbeltEsm: string;
  /**
   * Our toolbelt's V2 entry (`lp-faas-toolbelt/v2`): what `core-functions-toolbelt` is in a V2 function.
   * Absent when the installed toolbelt has none; `core-functions-toolbelt` then fails to resolve in a V2
   * function, with a message saying so.
   */
  readonly toolbeltV2?: { readonly cjs: string; readonly esm: string };
  /** Absolute path of `toolbelt-hooks.mjs` (registered with `module.register` before an ESM entry loads). */
  readonly hooksPath: string;
  /** How often the child reports its RSS (`memory` messages); 0 = never (the parent reads it from /proc). */
  readonly memoryReportMs: number;
  /** How often the watchdog thread checks that the platform is still its parent. */
  readonly watchdogMs: number;
  /**
   * Set for an instance started with `--inspect`: the child opens the inspector on any free port when the
   * flag's port was taken, and reports its URL in `ready`. `wait`: the first invocation waits for a
   * debugger before loading the function and pauses before calling it.
   */
  readonly inspect?: { readonly wait: boolean };
}

/** Gives a spare its function; sent once, never put in the function's env. */
export interface WorkerInit {
  readonly type: "init";
  /** Function name: prefixes the instance's console echo on stderr. */
  readonly name: string;
  /** Absolute path of the function's entry file. */
  readonly entry: string;
  /** The function's folder: the instance's working directory. */
  readonly dir: string;
  /** The function's whole environment (replaces the spare's). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * 2: a V2 function: loaded as an ES module (its top-level `lambda` found without an export),
   * `core-functions-toolbelt` is the V2 entry, `console.getTraceId()` exists, one invocation at a time.
   * Absent: 1.
   */
  readonly generation?: 1 | 2;
  /** Install the toolbelt's egress policy (allowlist, rate limit) before the function loads; absent: true. */
  readonly egress?: boolean;
}

export interface WorkerInvoke {
  readonly type: "invoke";
  /** Per-instance sequence number; echoed in log and result messages. */
  readonly id: number;
  readonly input: InvocationInput;
  /** The platform's invocation id (absent: `<pid>-<id>`, an instance-local value). */
  readonly invocationId?: string;
  /** Gateway hops that led to this invocation (absent: 0). */
  readonly depth?: number;
}

export type ParentMessage = WorkerInit | WorkerInvoke;

export interface WorkerReady {
  readonly type: "ready";
}

/**
 * An instance started with `boot.inspect` has its inspector listening at `url`: sent after `ready`, or with
 * `boot.inspect.wait` just before its first invocation waits for a debugger (`waiting`), so that a debugger
 * told of it cannot attach, and send its go-ahead, before the instance listens for that go-ahead.
 */
export interface WorkerInspector {
  readonly type: "inspector";
  readonly url: string;
  readonly waiting: boolean;
}

/** One entry the invocation keeps (the child sends only those within LOG_LIMITS). */
export interface WorkerLog {
  readonly type: "log";
  readonly id: number;
  readonly record: LogRecord;
}

/**
 * `custom`: the function reported an error (callback(err), rejected promise).
 * `runtime`: it crashed (synchronous throw, uncaught exception, unhandled
 * rejection, failed to load, result not JSON-serialisable).
 */
export type FailureKind = "custom" | "runtime";

/** What the child did not send of an invocation's logs (over LOG_LIMITS, or Debug). */
export interface DroppedLogs {
  readonly entries: number;
  readonly chars: number;
  readonly debug: number;
}

interface ResultFields {
  readonly type: "result";
  readonly id: number;
  /** Present when logs were dropped. */
  readonly dropped?: DroppedLogs;
  /** The child's state may be damaged (uncaught exception, failed load): replace the instance. */
  readonly recycle?: boolean;
}

export type WorkerResult =
  | (ResultFields & { readonly ok: true; readonly result: unknown })
  | (ResultFields & { readonly ok: false; readonly kind: FailureKind; readonly message: string });

/** Sent when something went wrong outside any invocation (an uncaught exception from a stray timer). */
export interface WorkerRecycle {
  readonly type: "recycle";
  readonly reason: string;
}

export interface WorkerMemory {
  readonly type: "memory";
  readonly rssBytes: number;
}

export type ChildMessage = WorkerReady | WorkerInspector | WorkerLog | WorkerResult | WorkerRecycle | WorkerMemory;
