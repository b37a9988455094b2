import type { ErrorCode } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";

export interface OrchestratorErrorDetails {
  uuid?: string;
  statusCode?: number;
  headers?: Record<string, string>;
  /** The gateway's response body (V2's field name). */
  originalError?: unknown;
  cause?: unknown;
}

/** A `ToolbeltError` with component `Orchestrator-FN`, plus what the gateway answered when it did. */
export class OrchestratorError extends ToolbeltError {
  readonly uuid?: string;
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly originalError?: unknown;

  constructor(code: ErrorCode, message: string, details: OrchestratorErrorDetails = {}) {
    super("Orchestrator-FN", code, message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.uuid !== undefined) this.uuid = details.uuid;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
    if (details.headers !== undefined) this.headers = details.headers;
    if (details.originalError !== undefined) this.originalError = details.originalError;
  }
}
