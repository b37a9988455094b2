/**
 * lp-faas-toolbelt: the LivePerson Functions Toolbelt, open and typed.
 * Named exports only, so `require` and `import` see the same names.
 * Importing this module loads no HTTP library, no jsforce and no SQLite driver:
 * undici is loaded on the first request. It exports the documented Toolbelt
 * API and its error types; what the local platform shares with the toolbelt
 * (paths, header names, secret rules) is the separate entry
 * `lp-faas-toolbelt/platform`.
 */
export { Toolbelt } from "./toolbelt";
export { LpServices } from "./enums/lp-services";
export { ErrorStrategy } from "./enums/error-strategy";
export { SDETypes } from "./enums/sde-types";
export { ConversationContentTypes } from "./enums/conversation-content-types";
export { ErrorCodes, type ErrorCode } from "./errors/codes";
export { ToolbeltError, ToolbeltError as ToolBeltError, isToolbeltError, type ToolbeltComponent } from "./errors/toolbelt-error";
export { RequestError, StatusCodeError, TransformError } from "./errors/request-errors";
export type { ToolbeltSettings } from "./config/types";
export type { SecretClient, SecretClientOptions, SecretEntry, SecretReadOptions } from "./secrets/types";
export type {
  FormDataValue,
  FullResponse,
  FullResponseRequest,
  HttpAuth,
  HttpCallback,
  HttpClient,
  HttpClientOptions,
  HttpMethod,
  HttpRequestFunction,
} from "./http/types";
export type { LpClient, LpClientOptions } from "./lp-client/lp-client";
export type { ClientTLS, MTLSBody, MTLSClient, MTLSOptions, MTLSResponse } from "./mtls/types";
export type { CsdsClient } from "./csds/csds-client";
export type { ConversationUtil } from "./conversation/conversation-util";
export type { Conversation, ConversationRecord, MessageRecord, KeywordScannerResult } from "./conversation/types";
export type { SDEUtil } from "./sde/sde-util";
export type { SFClient, SalesforceConnectionParams } from "./salesforce/salesforce-client";
export type { GDPRUtil, FileStorageCredentials, ReplacementFile, GDPRFailedFile } from "./gdpr/types";
export { GDPRReplaceError } from "./gdpr/gdpr-util";
export type { SDE, SDEevent, SDEsResponse, SDEsFromConversation } from "./sde/types";
export type {
  OrchestratorClient,
  OrchestratorInvocation,
  OrchestratorOptions,
  OrchestratorResponse,
  OrchestratorResponseError,
  RetryFunction,
} from "./orchestrator/types";
export { OrchestratorError } from "./orchestrator/orchestrator-error";
export type { Entity, IFaaSContextServiceClient, IFaaSContextServiceClientConfig, Namespace, NamespaceOptions } from "./context/types";
export { SDKError, type SDKErrorCode } from "./context/sdk-error";
export { BUILT_IN_NAMESPACES, DEFAULT_SESSION_ID } from "./context/arguments";
