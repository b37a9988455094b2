/**
 * The store's failures as `SDKError`s with the official SDK's codes: an HTTP
 * status with the store's own explanation added (the official SDK's could read `undefined`), an answer
 * that is not what the method expects, a network failure (Node's code), the
 * deadline. Text put into an error is one line, bounded, and never holds the API key.
 */
import type { CoreResponse } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { networkCodeOf } from "./retry-policy";
import { isNetworkCode, SDKError } from "./sdk-error";

/** Longest excerpt of the store's text in a message. */
const MAX_DETAIL = 300;

export interface StoreErrors {
  /** A non-2xx answer. */
  statusError(response: CoreResponse): SDKError;
  /** A 2xx answer whose body is not `expected` (e.g. "a JSON list of session ids"). */
  unreadable(response: CoreResponse, expected: string): SDKError;
  /** A request that got no answer: Node's network code when it has one, else `unknown`. */
  failure(error: unknown): SDKError;
}

/** The per-attempt deadline passed; the request in flight was aborted. */
export function deadlineExceeded(deadlineMs: number): SDKError {
  return new SDKError(ErrorCodes.ContextService.General.Timeout, `Request exceeded Deadline of ${deadlineMs}ms`);
}

export function createStoreErrors(apiKey: string): StoreErrors {
  /** Text safe to put in an error: single line, bounded, the API key masked. */
  function safe(text: string): string {
    let out = text.split(apiKey).join("[REDACTED]").replace(/\s+/g, " ").trim();
    if (out.length > MAX_DETAIL) out = `${out.slice(0, MAX_DETAIL)}…`;
    return out;
  }

  /** The store's explanation: its JSON `message`, else the body text. */
  function detailOf(response: CoreResponse): string {
    const text = response.body.toString("utf8");
    try {
      const parsed = JSON.parse(text) as unknown;
      const message = (parsed as { message?: unknown } | null)?.message;
      if (typeof message === "string" && message.trim() !== "") return safe(message);
    } catch {
      // Not JSON: the text itself.
    }
    return safe(text);
  }

  return {
    statusError(response) {
      const status = response.statusCode;
      const detail = detailOf(response);
      const withDetail = (fixed: string): string => (detail && detail !== fixed ? `${fixed}: ${detail}` : fixed);
      const options = { statusCode: status };
      const codes = ErrorCodes.ContextService;
      if (status === 403) return new SDKError(codes.Authorization.Invalid, withDetail("Provided API Key is either invalid or lacks permission"), options);
      if (status === 404) return new SDKError(codes.Data.NotFound, withDetail("Requested Resource does not exist"), options);
      if (status === 500 || status === 503) {
        return new SDKError(codes.General.Issue, withDetail("Internal Server Error occurred during processing request"), options);
      }
      const what = detail || `HTTP ${status}${response.statusMessage ? ` ${safe(response.statusMessage)}` : ""}`;
      return new SDKError(codes.General.Unknown, `Unknown Error ${what} occurred`, options);
    },

    unreadable(response, expected) {
      const excerpt = safe(response.body.toString("utf8")) || "an empty body";
      return new SDKError(
        ErrorCodes.ContextService.General.Unknown,
        `Unknown Error the store answered ${response.statusCode} with ${excerpt === "an empty body" ? excerpt : JSON.stringify(excerpt)} instead of ${expected} occurred`,
        { statusCode: response.statusCode },
      );
    },

    failure(error) {
      const message = safe(error instanceof Error ? error.message : String(error));
      const code = networkCodeOf(error);
      if (isNetworkCode(code)) return new SDKError(code, message, { cause: error });
      return new SDKError(
        ErrorCodes.ContextService.General.Unknown,
        `Unknown Error ${message}${code && !message.includes(code) ? ` (${code})` : ""} occurred`,
        { cause: error },
      );
    },
  };
}
