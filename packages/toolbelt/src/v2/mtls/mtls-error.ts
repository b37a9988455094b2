/** `MTLSError`: what `MTLSClient` (component `MTLS`) and `LPMtlsClient` (component `LP-MTLS`) reject with. */
import { ToolBeltError } from "../errors/toolbelt-error";

export type MtlsComponent = "MTLS" | "LP-MTLS";

export interface MTLSErrorOptions {
  /** The answer's body text, when the error comes from an answer (`mtls.remote-threw`). */
  originalBody?: string;
  cause?: unknown;
}

export class MTLSError extends ToolBeltError {
  /** What the remote answered, for `com.liveperson.faas.mtls.remote-threw`. */
  readonly originalBody?: string;

  constructor(component: MtlsComponent, code: string, message: string, options: MTLSErrorOptions = {}) {
    super(component, code, message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.originalBody !== undefined) this.originalBody = options.originalBody;
  }
}
