/**
 * Domain errors in, wire errors out: the one place that turns a thrown error
 * into an HTTP status, headers and a body. The status comes from the error
 * catalogue; the body's shape from the route's wire protocol (`ErrorFormat`:
 * the platform's `{ code, message }` unless the route says otherwise).
 * Unknown errors become a 500 with a generic message; the detail goes to the
 * platform's log, never a stack trace to the client.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { catalogueEntry, httpStatusOf, isDatabaseBusy, PlatformError, PlatformErrorCodes, type AuthChallenge } from "../errors";
import { sendJson } from "./respond";

/** What an error means on the wire, before a protocol gives it a body. */
export interface ErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Present on 401s that say how to authenticate (also sent as `WWW-Authenticate`). */
  readonly challenge?: AuthChallenge;
}

/** The JSON body a wire protocol answers an error with. */
export type ErrorFormat = (answer: ErrorAnswer) => unknown;

/** The platform's own body: `{ code, message }`. */
export const platformErrorFormat: ErrorFormat = ({ code, message }) => ({ code, message });

const GENERAL_MESSAGE = "The platform failed to handle this request; see the lp-faas dev output.";

/** The status, code and message of a thrown value; logs what the client is not told. */
export function toErrorAnswer(error: unknown, log: (line: string) => void, what: string): ErrorAnswer {
  if (error instanceof PlatformError) {
    return { status: httpStatusOf(error.code), code: error.code, message: error.message, ...(error.challenge && { challenge: error.challenge }) };
  }
  if (isDatabaseBusy(error)) {
    log(`${(error as { code: string }).code} on ${what}: the state database is locked by another process`);
    const code = PlatformErrorCodes.StateBusy;
    return { status: httpStatusOf(code), code, message: catalogueEntry(code)!.message };
  }
  log(`internal error on ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, code: PlatformErrorCodes.General, message: GENERAL_MESSAGE };
}

/** `WWW-Authenticate` for a challenge, with the realm the client addressed. */
export function challengeHeader(challenge: AuthChallenge, host: string | undefined): string {
  const params = Object.entries(challenge.params).map(([name, value]) => `, ${name}="${value}"`);
  return `${challenge.scheme} realm="http://${(host ?? "127.0.0.1").toLowerCase()}/"${params.join("")}`;
}

/** Answers `error` on `res` in `format` (default: the platform's body). */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  log: (line: string) => void,
  format: ErrorFormat = platformErrorFormat,
): void {
  if (!req.readableEnded) req.resume(); // an unread body must not stall the connection
  const answer = toErrorAnswer(error, log, `${req.method ?? "GET"} ${req.url ?? "/"}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = answer.challenge ? { "www-authenticate": challengeHeader(answer.challenge, req.headers.host) } : {};
  sendJson(res, answer.status, format(answer), headers);
}
