/** The V2 ContextServiceClient(apiKey) and its SDKError (the same class as V1's). */
export { createContextServiceClient } from "./context-service-client";
export type { IContextServiceClient, V2ContextDeps } from "./context-service-client";
export { SDKError } from "../../context/sdk-error";
export type { SDKErrorCode } from "../../context/sdk-error";
export type { Entity, Namespace, NamespaceOptions } from "../../context/types";
