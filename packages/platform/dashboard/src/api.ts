/**
 * The platform's HTTP API as the dashboard calls it: same origin, the session
 * cookie (sent by the browser, never seen by scripts), JSON bodies only.
 * Every failed call becomes an ApiError carrying the platform's code and
 * message, which the pages show as they are.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const PLATFORM = "/_platform";
export const SESSION_PATH = "/_dashboard/session";

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http-${response.status}`;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === "string") code = body.code;
    if (typeof body.message === "string") message = body.message;
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(response.status, code, message);
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

/** Calls the API; 204 answers `undefined`. */
export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string): Promise<T> => call<T>("GET", path);

/** Exchanges the admin token for the session cookie; false when the platform refuses it. */
export async function startSession(token: string): Promise<boolean> {
  const response = await fetch(SESSION_PATH, { method: "POST", headers: { authorization: `Bearer ${token}` }, credentials: "same-origin" });
  return response.ok;
}

/** A path segment, percent-encoded. */
export const seg = (value: string): string => encodeURIComponent(value);

// --- the shapes the pages read (docs/platform/endpoints.md)

export type LogLevel = "Debug" | "Info" | "Warn" | "Error";

export interface LogRecord {
  level: LogLevel;
  message: string;
  extras: unknown[];
  timestamp: number;
}

export interface LogLimit {
  code: string;
  droppedEntries: number;
  droppedChars: number;
  droppedDebug: number;
}

export interface InvocationRecord {
  id: string;
  functionName: string;
  functionUuid: string;
  source: "platform" | "gateway";
  startedAt: number;
  durationMs: number;
  status: "succeeded" | "failed";
  error?: { code: string; message: string };
  logs: LogRecord[];
  logLimit?: LogLimit;
  logsCut?: { droppedEntries: number; droppedChars: number };
  parentId?: string;
  depth?: number;
}

export type InvocationData =
  { kept: true; headers: Array<{ key: string; value: string }>; payload: unknown; result?: unknown; omitted?: string } | { kept: false };

export interface FunctionView {
  name: string;
  uuid: string;
  /** LivePerson Functions generation: 1 (V1) or 2 (V2). */
  generation: 1 | 2;
  event: string | null;
  instance: "cold" | "warm" | "busy";
  /** Live instances (V2 runs one invocation per instance, so several when busy). */
  instances: number;
  inFlight: number;
  lastInvocation?: { id: string; startedAt: number; durationMs: number; status: "succeeded" | "failed"; error?: { code: string; message: string } };
}

export interface Overview {
  projectDir: string;
  accountId: string;
  url: string;
  port: number;
  csds: string;
  stateDb: string;
  adminTokenFile: string;
  startedAt: number;
  functions: FunctionView[];
  problems: Array<{ functionName: string; message: string }>;
}

export interface EventInfo {
  eventId: string;
  name: string;
  source: string;
  functionLimit: number;
  skills: boolean;
  resultKind: string;
  subEvents: string[];
  sample: { timestamp: number; headers: Array<{ key: string; value: string }>; payload: unknown } | null;
}

export interface InvokeAnswer {
  invocationId: string;
  result?: unknown;
  error?: { code: string; message: string };
  logs: LogRecord[];
  logLimit?: LogLimit;
  durationMs: number;
  event?: { eventId: string; action: string; warnings: string[] };
}

export interface ContextKey {
  keyId: string;
  accountId: string;
  createdAt: string;
  apiKey?: string;
}

export interface Namespace {
  name: string;
  createdAt: string | null;
  ttlSecond?: number;
  builtIn: boolean;
}

export interface ConversationSummary {
  conversationId: string;
  status: string;
  /** The record's `info.startTimeL` (epoch ms), null when it has none. */
  startTime: number | null;
  latestSkillName: string;
  messages: number;
  visitorId: string;
  sessionId: string;
  sdeEvents: number;
  source: "fixture" | "imported";
  file?: string;
}
