/**
 * `lp-faas-toolbelt/v2`: the LivePerson Functions V2 toolbelt
 * (`core-functions-toolbelt`), open and typed, on the same request core,
 * configuration, errors and clients as the V1 entry. Named exports only, so
 * `require` and `import` see the same names. Importing it loads no HTTP
 * library and no jsforce.
 */
export { Toolbelt } from "./toolbelt";
export type { ICsdsClient } from "./toolbelt";
export type { ClientTlsConfig, ILpMtlsClient, IMtlsClient, LpMtlsOptions, MtlsBody, MtlsHeaders, MtlsOptions, MtlsResponse, MTLSError } from "./mtls/index";
export type {
  Invocation,
  InvokeOptions,
  IOrchestratorClient,
  OrchestratorError,
  OrchestratorResponse,
  OrchestratorResponseError,
  RetryFunction,
} from "./orchestrator/index";
export type { Entity, IContextServiceClient, Namespace, NamespaceOptions, SDKError, SDKErrorCode } from "./context/index";
export { ErrorCodes, type V2ErrorCode } from "./errors/codes";
export { ToolBeltError } from "./errors/toolbelt-error";
export { ConversationContentTypes } from "../enums/conversation-content-types";
export { SDETypes } from "../enums/sde-types";
export { ErrorStrategy } from "../enums/error-strategy";
export { LpServices } from "./enums/lp-services";
export { globalSecretCache, type ISecretCache, type SecretEntry } from "./secrets/secret-cache";
export type { ISecretClient, SecretClientOptions, SecretReadOptions } from "./secrets/secret-client";
export type { ILpClient, LpClientOptions } from "./lp-client/lp-client";
export type { IConversationUtil } from "./conversation/conversation-util";
export type { ISDEUtil } from "./sde/sde-util";
export type { IGDPRUtil } from "./gdpr/gdpr-util";
export type { ISFClient, SalesforceConnectionParams } from "./salesforce/sf-client";
export type { Conversation, ConversationRecord, KeywordScannerResult, MessageRecord } from "../conversation/types";
export type { SDE, SDEevent, SDEsFromConversation, SDEsResponse } from "../sde/types";
export type { FileStorageCredentials, GDPRFailedFile, ReplacementFile } from "../gdpr/types";
