/** Shared by ConversationUtil and SDEUtil: how they call a LivePerson JSON API, and what a failure becomes. */
import { RequestError } from "../errors/request-errors";
import { isToolbeltError } from "../errors/toolbelt-error";
import type { FullResponse } from "../http/types";
import type { LpClient } from "./lp-client";

/** A JSON call whose full response is judged by the caller (non-2xx resolves, as the utils map statuses themselves). */
export function lpJsonCall(lpClient: LpClient, service: string, path: string, method: "POST" | "PUT", body: unknown): Promise<FullResponse> {
  return lpClient<FullResponse>(service, path, {
    method,
    headers: { "Content-Type": "application/json" },
    body,
    json: true,
    simple: false,
    resolveWithFullResponse: true,
  });
}

/**
 * The toolbelt error behind a failed LpClient call, if there is one: a
 * ToolbeltError itself (CSDS, credentials, secrets), or the ToolbeltError a
 * RequestError wraps (egress refusal, credentials re-read after a 401).
 */
export function toolbeltCause(error: unknown): Error | undefined {
  if (isToolbeltError(error)) return error;
  if (error instanceof RequestError && isToolbeltError(error.cause)) return error.cause;
  return undefined;
}

/** A short, single-line rendering of a response body for an error message. */
export function bodyExcerpt(body: unknown, max = 500): string {
  let text: string;
  if (Buffer.isBuffer(body)) text = body.toString("utf8");
  else if (typeof body === "string") text = body;
  else {
    try {
      text = JSON.stringify(body) ?? String(body);
    } catch {
      text = String(body);
    }
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
