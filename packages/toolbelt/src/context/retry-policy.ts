/**
 * When the Context Session Store client sends a request again: only after a
 * network failure, its Node code found on the error or anywhere down its
 * `cause` chain (where fetch puts it; the official client missed it); 3 attempts in all, 2 s then 4 s apart.
 * HTTP answers, the deadline and toolbelt errors (CSDS, egress) are final.
 * Pure: the caller waits the returned pause with its own, injected, sleep.
 */
import { isToolbeltError } from "../errors/toolbelt-error";
import { isNetworkCode } from "./sdk-error";

/** Pauses before the 2nd and 3rd attempt after a network failure (`(attempt + 1) * 2000`). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = Object.freeze([2_000, 4_000]);

/** How far down a `cause` chain a code is looked for. */
const MAX_CAUSE_DEPTH = 8;

/** The first string `code` on the error or down its `cause` chain, preferring one the client retries on. */
export function networkCodeOf(error: unknown): string | undefined {
  let first: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (isNetworkCode(code)) return code;
    if (typeof code === "string" && first === undefined) first = code;
    current = (current as { cause?: unknown }).cause;
  }
  return first;
}

/**
 * The pause before the next attempt after attempt number `attemptNo` (1-based)
 * failed with `error`, or `undefined` when that failure is final.
 * `delaysMs` has one pause per retry: its length + 1 is the number of attempts.
 */
export function retryDelayMs(error: unknown, attemptNo: number, delaysMs: readonly number[]): number | undefined {
  // The deadline (an SDKError) and CSDS or egress refusals will not change on retry.
  if (isToolbeltError(error)) return undefined;
  const delay = delaysMs[attemptNo - 1];
  return delay !== undefined && isNetworkCode(networkCodeOf(error)) ? delay : undefined;
}
