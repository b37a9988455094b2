/**
 * The local platform's own API (`/_platform/...`), shared by the toolbelt (which
 * reads secrets and the allowlist from it), the platform's server and its CLI.
 * The platform imports these; the toolbelt never imports the platform.
 */
export const PLATFORM_API_PREFIX = "/_platform";

export const PlatformApi = {
  health: `${PLATFORM_API_PREFIX}/health`,
  /** Answers the JSON body it was sent (a baseline for benchmarks). */
  echo: `${PLATFORM_API_PREFIX}/echo`,
  secrets: `${PLATFORM_API_PREFIX}/secrets`,
  secret: (key: string): string => `${PLATFORM_API_PREFIX}/secrets/${encodeURIComponent(key)}`,
  allowlist: `${PLATFORM_API_PREFIX}/allowlist`,
  functions: `${PLATFORM_API_PREFIX}/functions`,
  invoke: (functionName: string): string => `${PLATFORM_API_PREFIX}/functions/${encodeURIComponent(functionName)}/invoke`,
  invocations: `${PLATFORM_API_PREFIX}/invocations`,
  invocation: (id: string): string => `${PLATFORM_API_PREFIX}/invocations/${encodeURIComponent(id)}`,
  /** GET: `[{ conversationId, ... }]` (fixtures + imported); POST: import a record or a search response. */
  conversations: `${PLATFORM_API_PREFIX}/conversations`,
  /** GET: the conversation record with its SDE events; DELETE: remove an imported one. */
  conversation: (id: string): string => `${PLATFORM_API_PREFIX}/conversations/${encodeURIComponent(id)}`,
} as const;

/** The JSON error body every platform endpoint answers with. */
export interface PlatformErrorBody {
  code: string;
  message: string;
}
