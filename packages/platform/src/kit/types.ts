/**
 * The testing kit's public shapes: what `startPlatform()` of the package's
 * main entry takes and gives. Results are the platform's documented HTTP
 * answers (docs/platform/endpoints.md), typed.
 */
import type { ConversationSummary } from "../conversations/conversation-catalog";
import type { LogLimitReport, LogRecord } from "../runtime/types";
import type { InvocationRecord } from "../state/invocations";

export type { ConversationSummary, InvocationRecord, LogLimitReport, LogRecord };

export interface StartPlatformOptions {
  /** The lpf project (the folder holding `functions/`). */
  projectDir: string;
  /** Default 0: a free port. */
  port?: number;
  /**
   * Where state.db, files/ and the admin token live. Default: a new temporary
   * folder, removed by `close()` (a folder given here is kept).
   */
  stateDir?: string;
  /**
   * Run a temporary copy of the project (without its `.lp-faas/`), removed by
   * `close()`: what the platform writes to `functions/settings.json` (secrets,
   * the allowlist) then never reaches the project. Default false.
   */
  copyProject?: boolean;
  /** Execution timeout per invocation; default 30 s. */
  timeoutMs?: number;
  /** Memory limit per function instance (MB); default 256. */
  memoryMb?: number;
  /** Outbound requests per second per function instance; default 20, 0 = off. */
  rateLimitPerSecond?: number;
  /** The account the platform plays; default 12345678. */
  accountId?: string;
  /** Instances started ahead for functions to take; default 1. */
  spareInstances?: number;
  /** The platform's log lines (reloads, warnings); default: dropped. */
  log?: (line: string) => void;
  /**
   * V2 functions: the most instances one function runs at once, each serving one invocation; an
   * invocation beyond it is refused with 429 `com.liveperson.faas.function.runtime.limit-reached`. Default 5.
   */
  maxInstances?: number;
  /** V2 functions pass the project's egress allowlist (as V1 functions do); default true. */
  v2Allowlist?: boolean;
}

/** A header a function receives: `{ key, value }` pairs, or a `{ name: value }` map. */
export type InvokeHeaders = ReadonlyArray<{ key: string; value: string }> | Readonly<Record<string, string>>;

export interface InvokeOptions {
  /** The event the function is invoked by (passed as `event` in the invoke body). */
  event?: string;
  headers?: InvokeHeaders;
}

/** `POST /_platform/functions/{name}/invoke`: also answered when the function failed (then `error`, not `result`). */
export interface InvocationResult<T = unknown> {
  invocationId: string;
  result?: T;
  error?: { code: string; message: string };
  logs: LogRecord[];
  /** Present when the function logged more than LivePerson's cloud keeps. */
  logLimit?: LogLimitReport;
  durationMs: number;
}

export interface Secret {
  key: string;
  value: unknown;
}

export interface SecretsApi {
  /** The secret, or undefined when there is none. */
  get(key: string): Promise<Secret | undefined>;
  /** Creates or replaces (system secrets are read-only). */
  set(key: string, value: unknown): Promise<Secret>;
  delete(key: string): Promise<void>;
  /** The keys, never the values. */
  list(): Promise<string[]>;
}

export interface AllowlistApi {
  list(): Promise<string[]>;
  /** True when added, false when already listed. */
  add(entry: string): Promise<boolean>;
  remove(entry: string): Promise<void>;
}

export interface ContextKey {
  keyId: string;
  accountId: string;
  createdAt: string;
  /** Shown this once by the platform. */
  apiKey: string;
}

/** What `Toolbelt.ContextServiceClient(config)` takes. */
export interface ContextServiceClientConfig {
  accountId: string;
  apiKey: string;
}

export interface ContextApi {
  /** A new Context Session Store API key (default: the platform's account). */
  createKey(accountId?: string): Promise<ContextKey>;
  /** A config for `Toolbelt.ContextServiceClient` with a new key of the platform's account. */
  clientConfig(): Promise<ContextServiceClientConfig>;
}

/** A conversation record (LivePerson's Messaging History shape), as imported or served. */
export type ConversationRecord = Record<string, unknown>;

export interface ConversationsApi {
  /** One record, or a search response `{ conversationHistoryRecords: [...] }`. */
  import(records: ConversationRecord | { conversationHistoryRecords: ConversationRecord[] }): Promise<ConversationSummary[]>;
  list(): Promise<ConversationSummary[]>;
  /** The record with its visit's SDE events, or undefined when there is none. */
  get(conversationId: string): Promise<ConversationRecord | undefined>;
}

export interface LocalPlatform {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly accountId: string;
  /** The project the platform runs (the temporary copy with `copyProject`). */
  readonly projectDir: string;
  readonly stateDir: string;
  /** The admin token the kit sends on admin routes. */
  readonly adminToken: string;
  /**
   * What a process needs to reach this platform as a function does: `LP_FAAS_PORT`,
   * `LP_FAAS_PLATFORM_URL`, `CSDS_DOMAIN`, `BRAND_ID` (e.g. to use the toolbelt in the test itself), and for
   * the V2 toolbelt `X_LIVEPERSON_BRAND_ID` and `X_LIVEPERSON_CSDS_DOMAIN`.
   */
  readonly env: Readonly<Record<string, string>>;
  invoke<T = unknown>(name: string, payload?: unknown, options?: InvokeOptions): Promise<InvocationResult<T>>;
  readonly secrets: SecretsApi;
  readonly allowlist: AllowlistApi;
  readonly context: ContextApi;
  readonly conversations: ConversationsApi;
  /** The recorded invocations (of one function, or all), newest first. */
  logs(functionName?: string): Promise<InvocationRecord[]>;
  /** Stops the platform and removes the temporary folders it made. Safe to call twice. */
  close(): Promise<void>;
}
