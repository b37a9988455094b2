/** `OrchestratorError`: what the V2 OrchestratorClient rejects with (component `Orchestrator-FN`). */
import type { OrchestratorErrorDetails } from "../../orchestrator/orchestrator-error";
import { ToolBeltError } from "../errors/toolbelt-error";

export type { OrchestratorErrorDetails };

/** V1's OrchestratorError under V2's error family (V2's base class, the same fields). */
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
