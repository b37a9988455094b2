/**
 * The runtime's contract: how the platform server asks for a function to run,
 * and what it gets back. The runtime runs each function in instances (worker
 * processes) that serve many concurrent invocations, as LivePerson Functions
 * V1 does (warm, reused, replaced after a timeout or a crash).
 */
import { PlatformErrorCodes } from "../errors";

/**
 * Which LivePerson Functions generation a function is written for: 1 (V1: `lambda(input, callback)`,
 * CommonJS, `lp-faas-toolbelt`, instances serving many invocations at once) or 2 (V2: an ES module with a
 * top-level `async function lambda(input)`, `core-functions-toolbelt`, one invocation per instance).
 * How the catalog decides: project/function-generation.ts and docs/platform/runtime.md.
 */
export type FunctionGeneration = 1 | 2;

/** One deployable function of an lpf project: `functions/<name>/index.js` + `config.json`. */
export interface FunctionSpec {
  /** Folder name under `functions/`. */
  readonly name: string;
  /** Stable uuid (what the gateway and the OrchestratorClient address). */
  readonly uuid: string;
  /** Absolute path of the function's folder. */
  readonly dir: string;
  /** Absolute path of the entry file (`index.js`, `index.mjs` or `index.cjs`). */
  readonly entry: string;
  /** The function's own environment variables (config.json `environmentVariables`). */
  readonly env: Readonly<Record<string, string>>;
  /** Its generation; absent: 1 (V1). */
  readonly generation?: FunctionGeneration;
}

/** What a function receives: `{ headers, payload }`. */
export interface InvocationInput {
  readonly headers: ReadonlyArray<{ key: string; value: string }>;
  readonly payload: unknown;
}

/**
 * Per-invocation facts the instance gives the function while that invocation
 * runs: `currentInvocation()` of `lp-faas-toolbelt/platform`, and
 * `process.env.LP_FAAS_INVOCATION_ID` / `LP_FAAS_ORCHESTRATION_DEPTH`, which
 * answer per invocation inside an instance.
 */
export interface InvocationContext {
  /** The platform's invocation id (the invocation log's). */
  readonly invocationId?: string;
  /** How many gateway hops led here (0 = called from outside). */
  readonly depth?: number;
}

export type LogLevel = "Debug" | "Info" | "Warn" | "Error";

/** One captured console call (the platform's log record shape). */
export interface LogRecord {
  readonly level: LogLevel;
  readonly message: string;
  readonly extras: unknown[];
  /** Epoch ms. */
  readonly timestamp: number;
}

/** LivePerson Functions' (V1) error codes for a failed invocation; the catalogue in errors/ has their V2 names. */
export const InvocationErrorCodes = {
  /** The function reported an error (callback(err), a rejected promise, a thrown Error in async code). */
  CustomFailure: PlatformErrorCodes.CustomFailure,
  /** The function crashed: a synchronous throw, an uncaught exception, process.exit, its instance over the memory limit. */
  RuntimeException: PlatformErrorCodes.RuntimeException,
  /** The function did not finish within the execution timeout (also: callback never called). */
  ExecutionTimeExceeded: PlatformErrorCodes.ExecutionTimeExceeded,
} as const;

/**
 * Functions V2's codes for the same failures (the catalogue's `v2Code`, a test keeps them equal): what a V2 function's failed
 * invocation carries, on every path (gateway, platform API, invocation log).
 */
export const V2InvocationErrorCodes = {
  /** The function threw or its promise rejected. */
  ThrewError: "com.customer.faas.function.threw-error",
  /** It could not be loaded (syntax error, no lambda), crashed, exited, went over its memory limit. */
  JsRuntimeError: "com.customer.faas.function.js-runtime-error",
  /** It did not finish within the execution timeout. */
  ExecutionExceeded: "com.customer.faas.function.execution-exceeded",
} as const;

export type InvocationErrorCode =
  (typeof InvocationErrorCodes)[keyof typeof InvocationErrorCodes] | (typeof V2InvocationErrorCodes)[keyof typeof V2InvocationErrorCodes];

/**
 * What LivePerson's cloud would not have kept of an invocation's logs: it keeps at most
 * `LOG_LIMITS.maxEntries` entries and `LOG_LIMITS.maxChars` characters per invocation and never stores
 * Debug. Present on an outcome only when something was dropped.
 */
export interface LogLimitReport {
  readonly code: typeof PlatformErrorCodes.LogLimitReached;
  /** Entries (Debug ones excluded) that were over the limits and dropped. */
  readonly droppedEntries: number;
  /** Characters of message and extras in the dropped entries. */
  readonly droppedChars: number;
  /** Debug entries, never kept. */
  readonly droppedDebug: number;
}

/** What the cloud keeps of an invocation's logs. */
export const LOG_LIMITS = { maxEntries: 10, maxChars: 6000 } as const;

/** Fields every outcome has: the kept logs (within LOG_LIMITS), and what was dropped when over. */
interface OutcomeLogs {
  readonly logs: LogRecord[];
  readonly logLimit?: LogLimitReport;
  readonly durationMs: number;
}

export type InvocationOutcome =
  | ({ readonly ok: true; readonly result: unknown } & OutcomeLogs)
  | ({ readonly ok: false; readonly error: { code: InvocationErrorCode; message: string } } & OutcomeLogs);

export interface RuntimeOptions {
  /** Execution timeout per invocation (the platform's: 30,000 ms). */
  readonly timeoutMs: number;
  /** Memory limit per instance, its resident set (JS heap, Buffers, native memory), MB (the platform's: 256). */
  readonly memoryMb: number;
  /** Instances started ahead, Node and the toolbelt loaded, for any function to take (default 1). */
  readonly spareInstances?: number;
  /** Environment every worker gets (BRAND_ID, CSDS_DOMAIN, LP_FAAS_PLATFORM_URL, …); LAMBDA_UUID and the function's env are added per function. */
  readonly baseEnv: Readonly<Record<string, string>>;
  /**
   * Where an instance's stdout/stderr goes (its console echo `[name] LEVEL: message`,
   * raw writes, Node's own messages). Default: the platform's stderr.
   */
  readonly onWorkerOutput?: (functionName: string, text: string) => void;
  /** An instance not booted within this time is killed and its invocations fail (default 15,000 ms). */
  readonly startTimeoutMs?: number;
  /**
   * V2 functions: the most instances one function runs at once (each serves one invocation at a time);
   * an invocation beyond it is refused with `com.liveperson.faas.function.runtime.limit-reached` (429).
   * Default DEFAULT_MAX_INSTANCES.
   */
  readonly maxInstances?: number;
  /**
   * V2 functions: whether their instances pass the project's egress allowlist (and rate limit) as V1
   * instances do. Default true (LivePerson does not say whether V2 enforces one; enforcing keeps
   * "fails there ⇒ fails here").
   */
  readonly v2Allowlist?: boolean;
  /** V2 functions: a warm instance idle this long is stopped (default DEFAULT_V2_IDLE_MS, 5 minutes). */
  readonly v2IdleMs?: number;
  /** Start instances with the Node inspector (`lp-faas dev --inspect`, `lp-faas debug`); default: none. */
  readonly inspect?: InspectOptions;
  /** An inspected instance's inspector listens (its URL and port); default: nobody is told. */
  readonly onInspector?: (info: InspectorInfo) => void;
}

export interface InspectOptions {
  /**
   * The first inspector port: each inspected instance takes the lowest port from here that no other live
   * inspected instance of the runtime holds (when another program holds it, the instance takes any free
   * port and reports that one). 0: any free port.
   */
  readonly port: number;
  /** Only these functions' instances are inspected; default: every function's. */
  readonly functions?: readonly string[];
  /**
   * An inspected instance's first invocation waits for a debugger to attach before the function loads, and
   * pauses just before the function is called (`lp-faas debug`).
   */
  readonly waitForDebugger?: boolean;
}

export interface InspectorInfo {
  readonly functionName: string;
  readonly pid: number;
  readonly port: number;
  /** The inspector's WebSocket URL (`ws://127.0.0.1:<port>/<id>`). */
  readonly url: string;
  /** The instance waits for a debugger to attach (`waitForDebugger`): told only once it does. */
  readonly waiting: boolean;
}

/** A function's instances now: the live ones (serving or warm, draining ones included) and those running an invocation. */
export interface InstanceCounts {
  readonly instances: number;
  readonly busy: number;
}

export interface Runtime {
  /** Runs one invocation; never rejects for a function's own failure (that is an `ok: false` outcome). */
  invoke(fn: FunctionSpec, input: InvocationInput, context?: InvocationContext): Promise<InvocationOutcome>;
  /** Retires the function's instances (in-flight invocations finish) so the next invocation loads its current code. */
  reload(functionName: string): Promise<void>;
  /** Stops every instance and spare, with everything they spawned. */
  close(): Promise<void>;
  /** The function's live instances (the dashboard's overview); absent in runtimes that do not count them. */
  instances?(functionName: string): InstanceCounts;
}
