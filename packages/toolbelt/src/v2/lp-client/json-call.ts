/** Shared by the V2 ConversationUtil and SDEUtil: one JSON call through the V2 LpClient, failures sorted. */
import { isPassThroughError, toV2Error } from "../errors/toolbelt-error";
import type { ILpClient } from "./lp-client";

export interface JsonAnswer {
  status: number;
  text: string;
}

/**
 * Sends `body` as JSON and reads the answer's text, whatever the status.
 * @throws toolbelt errors (CSDS, secrets, credentials, OAuth2) unchanged; any other failure as `failure(reason, cause)`.
 */
export async function jsonCall(
  lpClient: ILpClient,
  request: { service: string; path: string; method: "POST" | "PUT"; body: unknown },
  failure: (reason: string, cause: unknown) => Error,
): Promise<JsonAnswer> {
  try {
    const response = await lpClient(request.service, request.path, {
      method: request.method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request.body),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if (isPassThroughError(error)) throw toV2Error(error);
    throw failure(error instanceof Error ? error.message : String(error), error);
  }
}
