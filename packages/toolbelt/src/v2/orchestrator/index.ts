/** The V2 OrchestratorClient. */
export { createOrchestratorClient } from "./orchestrator-client";
export type { OrchestratorClientDeps } from "./orchestrator-client";
export { OrchestratorError } from "./orchestrator-error";
export type { OrchestratorErrorDetails } from "./orchestrator-error";
export type { Invocation, InvokeOptions, IOrchestratorClient, OrchestratorResponse, OrchestratorResponseError, RetryFunction } from "./types";
