/**
 * lp-faas-platform's programmatic API: the testing kit. `startPlatform()`
 * runs a project on a local platform (free port, temporary state) and gives
 * typed helpers over the platform's HTTP API. The `lp-faas` CLI is the bin.
 */
export { startPlatform } from "./kit/start-platform";
export { PlatformApiError } from "./kit/platform-api-error";
export { PlatformError, PlatformErrorCodes, type PlatformErrorCode } from "./errors";
export type {
  AllowlistApi,
  ContextApi,
  ContextKey,
  ContextServiceClientConfig,
  ConversationRecord,
  ConversationsApi,
  ConversationSummary,
  InvocationRecord,
  InvocationResult,
  InvokeHeaders,
  InvokeOptions,
  LocalPlatform,
  LogLimitReport,
  LogRecord,
  Secret,
  SecretsApi,
  StartPlatformOptions,
} from "./kit/types";
