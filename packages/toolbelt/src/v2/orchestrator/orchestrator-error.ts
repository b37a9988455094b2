/** `OrchestratorError`: what the V2 OrchestratorClient rejects with (component `Orchestrator-FN`). */
import { ToolBeltError } from "../errors/toolbelt-error";

export interface OrchestratorErrorDetails {
  uuid?: string;
  statusCode?: number;
  headers?: Record<string, string>;
  /** The gateway's answer body (text). */
  originalError?: unknown;
  cause?: unknown;
}

export class OrchestratorError extends ToolBeltError {
  readonly uuid?: string;
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly originalError?: unknown;

  constructor(code: string, message: string, details: OrchestratorErrorDetails = {}) {
    super("Orchestrator-FN", code, message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.uuid !== undefined) this.uuid = details.uuid;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
    if (details.headers !== undefined) this.headers = details.headers;
    if (details.originalError !== undefined) this.originalError = details.originalError;
  }
}
