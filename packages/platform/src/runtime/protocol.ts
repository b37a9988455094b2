/**
 * The IPC protocol between the pool (parent) and one worker child process
 * (`worker-entry.cjs`). JSON messages over the `fork()` channel. The child is
 * plain JavaScript, so these types document what it sends and expects; keep
 * both sides in step.
 *
 *   parent → child   init (once, first message), invoke (one at a time)
 *   child  → parent  ready (after init), log (while an invocation runs),
 *                    result (exactly one per invoke), recycle (asks to be replaced)
 */
import type { InvocationInput, LogRecord } from "./types";

/** What the child needs to load and run the function; sent first, never put in the function's env. */
export interface WorkerInit {
  readonly type: "init";
  /** Function name: prefixes the worker's console echo on stderr. */
  readonly name: string;
  /** Absolute path of the function's entry file. */
  readonly entry: string;
  /** Our toolbelt's CommonJS entry (what `require("lp-faas-toolbelt")` returns). */
  readonly toolbeltCjs: string;
  /** Our toolbelt's ES module entry (what `import ... from "lp-faas-toolbelt"` loads). */
  readonly toolbeltEsm: string;
  /** Absolute path of `toolbelt-hooks.mjs` (registered with `module.register` before an ESM entry loads). */
  readonly hooksPath: string;
}

export interface WorkerInvoke {
  readonly type: "invoke";
  /** Per-worker sequence number; echoed in log and result messages. */
  readonly id: number;
  readonly input: InvocationInput;
  /**
   * The platform's invocation id; the child sets `LP_FAAS_INVOCATION_ID` to it
   * (absent: `<pid>-<id>`, a worker-local value).
   */
  readonly invocationId?: string;
  /** Gateway hops that led to this invocation; the child sets `LP_FAAS_ORCHESTRATION_DEPTH` (absent: 0). */
  readonly depth?: number;
}

export type ParentMessage = WorkerInit | WorkerInvoke;

export interface WorkerReady {
  readonly type: "ready";
}

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

export type WorkerResult =
  | { readonly type: "result"; readonly id: number; readonly ok: true; readonly result: unknown; readonly recycle?: boolean }
  | {
      readonly type: "result";
      readonly id: number;
      readonly ok: false;
      readonly kind: FailureKind;
      readonly message: string;
      /** The child's state may be damaged (uncaught exception, failed load): replace the worker. */
      readonly recycle?: boolean;
    };

/** Sent when something went wrong between invocations (an uncaught exception from a stray timer). */
export interface WorkerRecycle {
  readonly type: "recycle";
  readonly reason: string;
}

export type ChildMessage = WorkerReady | WorkerLog | WorkerResult | WorkerRecycle;
