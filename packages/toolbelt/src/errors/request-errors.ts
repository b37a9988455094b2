/**
 * request-promise's three error classes, rebuilt: same names, same fields, same
 * messages, so code written for the official HTTPClient catches them unchanged.
 * Unlike request-promise, `options` and `response` are non-enumerable and
 * `options` is a redacted copy, so logging or serialising an error never leaks
 * an Authorization header or a password.
 */
import { redactOptions } from "./redact";

function hide(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}

function setName(target: Error, name: string): void {
  Object.defineProperty(target, "name", { value: name, enumerable: false, writable: true, configurable: true });
}

/** What RequestError and TransformError share: a wrapped cause, message `String(cause)`. */
abstract class CausedRequestFailure extends Error {
  declare readonly cause: unknown;
  /** Legacy alias of `cause`, as in request-promise. */
  readonly error: unknown;
  declare readonly options: Record<string, unknown>;
  declare readonly response: unknown;

  protected constructor(name: string, cause: unknown, options: object, response: unknown) {
    super(String(cause));
    setName(this, name);
    hide(this, "cause", cause);
    this.error = cause;
    hide(this, "options", redactOptions(options));
    hide(this, "response", response);
  }
}

/** The request could not be completed (network failure, refused by the egress policy, timeout). */
export class RequestError extends CausedRequestFailure {
  constructor(cause: unknown, options: object = {}, response?: unknown) {
    super("RequestError", cause, options, response);
  }
}

/** A response arrived with a status outside 2xx while `simple` is true. */
export class StatusCodeError extends Error {
  readonly statusCode: number;
  /** The response body (parsed when `json` was set). */
  readonly error: unknown;
  declare readonly options: Record<string, unknown>;
  declare readonly response: unknown;

  constructor(statusCode: number, body: unknown, options: object = {}, response?: unknown) {
    super(`${statusCode} - ${safeStringify(body)}`);
    setName(this, "StatusCodeError");
    this.statusCode = statusCode;
    this.error = body;
    hide(this, "options", redactOptions(options));
    hide(this, "response", response);
  }
}

/** The caller's `transform` function threw. */
export class TransformError extends CausedRequestFailure {
  constructor(cause: unknown, options: object = {}, response?: unknown) {
    super("TransformError", cause, options, response);
  }
}

function safeStringify(value: unknown): string {
  if (Buffer.isBuffer(value)) return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
