/**
 * Domain errors in, wire errors out: the one place that turns a thrown error
 * into an HTTP answer. Unknown errors become a 500 with a generic message (the
 * detail goes to the platform's log, never a stack trace to the client).
 */
import type { ServerResponse } from "node:http";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { sendJson } from "./http-kit";

export function sendError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof PlatformError) {
    sendJson(res, error.status, { code: error.code, message: error.message });
    return;
  }
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  sendJson(res, 500, { code: PlatformErrorCodes.General, message: "The platform failed to handle this request; see the lp-faas dev output." });
}
