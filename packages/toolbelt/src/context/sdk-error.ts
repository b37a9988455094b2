/**
 * `SDKError`: what `Toolbelt.ContextServiceClient` rejects with. A `ToolbeltError`
 * (component `ContextServiceClient`) whose `code` is one of the official Context
 * Session Store SDK's codes or, for a network failure, Node's own code.
 */
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];

/** Every code an `SDKError` can carry. */
export type SDKErrorCode = Leaves<typeof ErrorCodes.ContextService>;

export interface SDKErrorOptions {
  /** The HTTP status the store answered, for errors that come from an answer. */
  statusCode?: number;
  cause?: unknown;
}

export class SDKError extends ToolbeltError {
  declare readonly code: SDKErrorCode;
  /** The store's HTTP status, when the error is an answer (absent for network, deadline and argument errors). */
  declare readonly statusCode?: number;

  constructor(code: SDKErrorCode, message: string, options: SDKErrorOptions = {}) {
    super("ContextServiceClient", code, message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, "name", { value: "SDKError", enumerable: false, configurable: true, writable: true });
    if (options.statusCode !== undefined) {
      Object.defineProperty(this, "statusCode", { value: options.statusCode, enumerable: true, configurable: true, writable: false });
    }
  }

  /** `SDKError: <code> <message>`, as the official SDK prints it. */
  override toString(): string {
    return `SDKError: ${this.code} ${this.message}`;
  }
}

const NETWORK_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCodes.ContextService.Network));

/** True for the Node network codes a request is retried on (and reported with). */
export function isNetworkCode(code: unknown): code is (typeof ErrorCodes.ContextService.Network)[keyof typeof ErrorCodes.ContextService.Network] {
  return typeof code === "string" && NETWORK_CODES.has(code);
}

/** An `SDKError` for an argument or configuration that cannot be used (nothing was sent). */
export function invalidParameter(message: string): SDKError {
  return new SDKError(ErrorCodes.ContextService.Parameter.Incorrect, message);
}
