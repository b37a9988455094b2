import type { ErrorCode } from "./codes";

const BRAND = Symbol.for("lp-faas-toolbelt.ToolbeltError");

/** The component names the toolbelt reports (the official V2 ones, plus ours). */
export type ToolbeltComponent =
  | "General"
  | "Config"
  | "Egress"
  | "HTTPClient"
  | "CSDS-Client"
  | "LpClient"
  | "SecretClient"
  | "Conversation-Util"
  | "SDE-Util"
  | "GDPR-Util"
  | "MTLS"
  | "Orchestrator-FN"
  | "ContextServiceClient"
  | "SFClient";

/**
 * The toolbelt's one error class. `code` is stable (see `ErrorCodes`); `message`
 * says what went wrong and what to do, and never carries a secret value, an
 * Authorization header or an OAuth signature.
 *
 * `instanceof` works across two copies of the package (a `Symbol.for` brand), and
 * `name` is `"ToolbeltError"` so `String(err)` reads well (the official V2 class
 * left `name` as `Error`).
 */
export class ToolbeltError extends Error {
  readonly component: ToolbeltComponent;
  readonly code: ErrorCode;

  constructor(component: ToolbeltComponent, code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.component = component;
    this.code = code;
    // Non-enumerable, like Error's own `message`: JSON.stringify shows component and code only.
    Object.defineProperty(this, "name", { value: "ToolbeltError", enumerable: false, configurable: true, writable: true });
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep ordinary prototype checks; the base class also accepts another copy's errors.
    if (this !== ToolbeltError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** The platform's type guard: an Error with string `component` and `code` is a toolbelt error. */
export function isToolbeltError(value: unknown): value is ToolbeltError {
  return value instanceof Error && typeof (value as { component?: unknown }).component === "string" && typeof (value as { code?: unknown }).code === "string";
}
