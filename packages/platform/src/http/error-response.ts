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
import { UNREAD_BODY_CLOSE_MS } from "../defaults";
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

/**
 * After answering a request whose body has not all arrived (a 413, a refused
 * Content-Type, a failed check before the body): the connection is closed, so
 * an upload that never ends (chunked) is not drained for ever. Node dumps what
 * still arrives; the socket is half-closed once the answer is out, and
 * destroyed a little later whatever the client does.
 */
function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket as IncomingMessage["socket"] | null; // detached once the answer is out; null when the client is gone
  if (!socket) return;
  res.once("finish", () => {
    socket.end();
    setTimeout(() => socket.destroy(), UNREAD_BODY_CLOSE_MS).unref();
  });
}

/** Answers `error` on `res` in `format` (default: the platform's body); never throws. */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  log: (line: string) => void,
  format: ErrorFormat = platformErrorFormat,
): void {
  try {
    const answer = toErrorAnswer(error, log, `${req.method ?? "GET"} ${(req.url ?? "/").slice(0, 200)}`);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = answer.challenge ? { "www-authenticate": challengeHeader(answer.challenge, req.headers.host) } : {};
    if (!req.complete) {
      headers.connection = "close";
      closeAfterAnswer(req, res);
    } else if (!req.readableEnded) req.resume(); // a body that has arrived but was not read must not stall the connection
    sendJson(res, answer.status, format(answer), headers);
  } catch (failure) {
    log(`internal error while answering an error: ${failure instanceof Error ? failure.message : String(failure)}`);
    res.destroy();
  }
}
