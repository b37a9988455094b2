/**
 * The V2 entry's `ToolBeltError(component, code, message)`.
 *
 * Compatible with core-functions-toolbelt where code depends on it: `message`
 * is the bare text, `component` and `code` are plain strings. Unlike it (B17),
 * the component is not lost: `name` is `"ToolBeltError"` and both the stack's
 * first line and `String(error)` read `ToolBeltError: <component>: <message>`.
 *
 * One error family with V1: a V2 error carries the V1 `ToolbeltError` brand (so
 * shared V1 modules pass it through), and `instanceof ToolBeltError` is true for
 * every toolbelt error, including those the shared V1 modules raise.
 */
import { ToolbeltError } from "../../errors/toolbelt-error";

const V2_BRAND = Symbol.for("lp-faas-toolbelt.v2.ToolBeltError");
const V1_BRAND = Symbol.for("lp-faas-toolbelt.ToolbeltError");

export class ToolBeltError extends Error {
  readonly component: string;
  readonly code: string;

  constructor(component: string, code: string, message: string, options?: { cause?: unknown }) {
    super(`${component}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    // V8 formats the stack on first read: read it now, so its first line keeps the component.
    const stack = this.stack;
    this.message = message;
    Object.defineProperty(this, "stack", { value: stack, enumerable: false, configurable: true, writable: true });
    this.component = component;
    this.code = code;
    Object.defineProperty(this, V2_BRAND, { value: true });
    Object.defineProperty(this, V1_BRAND, { value: true });
  }

  override toString(): string {
    return `${this.name}: ${this.component}: ${this.message}`;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses (MTLSError, OrchestratorError, …) keep ordinary prototype checks.
    if (this !== ToolBeltError) return Function.prototype[Symbol.hasInstance].call(this, value);
    if (typeof value !== "object" || value === null) return false;
    const branded = value as Record<symbol, unknown>;
    return branded[V2_BRAND] === true || value instanceof ToolbeltError;
  }
}
// On the prototype, not the instance: Error reads it when it captures the stack.
Object.defineProperty(ToolBeltError.prototype, "name", { value: "ToolBeltError", enumerable: false, configurable: true, writable: true });

/** "Any Error with string `component` and `code` is re-thrown unchanged by every client." */
export function isPassThroughError(e: unknown): e is Error & { component: string; code: string } {
  return e instanceof Error && typeof (e as { component?: unknown }).component === "string" && typeof (e as { code?: unknown }).code === "string";
}

/**
 * A shared V1 module's ToolbeltError as a V2 ToolBeltError (same component, code,
 * message, cause and extra fields), so V2 callers always see one class name; anything
 * else is returned unchanged.
 */
export function toV2Error(error: unknown): unknown {
  if (!(error instanceof ToolbeltError) || (error as unknown as Record<symbol, unknown>)[V2_BRAND] === true) return error;
  const converted = new ToolBeltError(error.component, error.code, error.message, error.cause === undefined ? undefined : { cause: error.cause });
  for (const [name, value] of Object.entries(error)) {
    if (!(name in converted)) Object.defineProperty(converted, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return converted;
}
