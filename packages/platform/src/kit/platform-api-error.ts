/**
 * The kit's error: the platform answered with an error (`{ code, message }`)
 * or did not answer. `code` is the platform's catalogue code, `status` the
 * HTTP status (0 when no answer came).
 */
import { catalogueEntry, PlatformError, PlatformErrorCodes, type PlatformErrorCode } from "../errors";

export class PlatformApiError extends PlatformError {
  constructor(
    code: PlatformErrorCode,
    message: string,
    /** The HTTP status of the answer; 0 when the platform did not answer. */
    readonly status: number,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.name = "PlatformApiError";
  }
}

/** The error for an error answer; a code the catalogue does not know is kept in the message under the general code. */
export function errorFromAnswer(status: number, body: unknown, what: string): PlatformApiError {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : `${what} answered HTTP ${status}`;
  if (typeof code === "string" && catalogueEntry(code)) return new PlatformApiError(code as PlatformErrorCode, text, status);
  const known = typeof code === "string" ? ` (${code})` : "";
  return new PlatformApiError(PlatformErrorCodes.General, `${text}${known}`, status);
}
