/**
 * `SDEUtil.getSDEsFromConv` (synchronous, no request): the authenticated and
 * unauthenticated SDE events of a conversation, each list oldest first.
 *
 * Like the official V1/V2, only `conversationHistoryRecords[0]` is read (one
 * conversation fetched by id has one record). Unlike them:
 * - `serverTimeStamp` is compared as a number (the API sends epoch ms as a string,
 *   so `"9"` sorts before `"10"`; numbers are accepted too). An event whose stamp is
 *   missing or not numeric sorts after all stamped events;
 * - the sort is stable: events with equal stamps keep their order;
 * - the caller's arrays are never sorted: the result holds new arrays (of the same
 *   event objects) in new `{ events }` objects.
 *
 * As the official docs promise, the result always has both members: a missing member, or
 * one that is not `{ events: [...] }`, gives `{ events: [] }` (V1 behaviour; V2 throws
 * `No sdes or unAuthSdes are provided` when both are missing).
 */
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import type { Conversation } from "../conversation/types";
import type { SDEevent, SDEsResponse } from "./types";

/** Result of `getSDEsFromConv`: both members always present. */
export interface ConversationSDEs {
  sdes: SDEsResponse;
  unAuthSdes: SDEsResponse;
}

export const SDE_EXTRACT_ERROR_PREFIX = "Error while getting SDEs from conversation: ";
export const EMPTY_RECORDS_MESSAGE = "conversationHistoryRecords is empty";

function fail(message: string): ToolbeltError {
  return new ToolbeltError("SDE-Util", ErrorCodes.SDEsUtil.General, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The SDE events of `conversationHistoryRecords[0]`, sorted ascending by `serverTimeStamp`.
 *
 * @throws ToolbeltError `com.liveperson.faas.sdes-util-general` (component `SDE-Util`):
 *   `Error while getting SDEs from conversation: …` when `conversation` is not an object
 *   with a `conversationHistoryRecords` array or its first record is not an object;
 *   `conversationHistoryRecords is empty` when that array is empty.
 */
export function getSDEsFromConv(conversation: Conversation): ConversationSDEs {
  if (!isObject(conversation) || Array.isArray(conversation)) {
    throw fail(`${SDE_EXTRACT_ERROR_PREFIX}expected a conversation object, got ${describe(conversation)}.`);
  }
  const records: unknown = conversation.conversationHistoryRecords;
  if (!Array.isArray(records)) {
    throw fail(`${SDE_EXTRACT_ERROR_PREFIX}the conversation has no conversationHistoryRecords array.`);
  }
  if (records.length === 0) throw fail(EMPTY_RECORDS_MESSAGE);
  const record: unknown = records[0];
  if (!isObject(record)) {
    throw fail(`${SDE_EXTRACT_ERROR_PREFIX}conversationHistoryRecords[0] is not an object.`);
  }
  return {
    sdes: { events: sortedEvents(record["sdes"]) },
    unAuthSdes: { events: sortedEvents(record["unAuthSdes"]) },
  };
}

/** A new array of `member.events`, oldest first; `[]` when `member` is not `{ events: [...] }`. */
function sortedEvents(member: unknown): SDEevent[] {
  if (!isObject(member) || !Array.isArray(member["events"])) return [];
  return sortSdeEventsByServerTimeStamp(member["events"] as readonly SDEevent[]);
}

/**
 * A new array of `events` sorted ascending by `serverTimeStamp` compared as numbers,
 * stable for equal stamps; events without a numeric stamp come last, in their order.
 * The input array is not modified.
 */
export function sortSdeEventsByServerTimeStamp(events: readonly SDEevent[]): SDEevent[] {
  // Decorate once: parsing the stamp inside the comparator would parse each one log(n) times.
  const keyed = events.map((event, index) => ({ event, index, key: serverTimeStampValue(event) }));
  keyed.sort((a, b) => {
    const aMissing = Number.isNaN(a.key);
    const bMissing = Number.isNaN(b.key);
    if (aMissing || bMissing) return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
    return a.key - b.key || a.index - b.index;
  });
  return keyed.map((k) => k.event);
}

/**
 * The numeric value of an event's `serverTimeStamp` (epoch ms as a string or a number),
 * or `NaN` when it is missing, blank or not a finite number.
 */
export function serverTimeStampValue(event: unknown): number {
  if (!isObject(event)) return NaN;
  const stamp = event["serverTimeStamp"];
  let value = NaN;
  if (typeof stamp === "number") value = stamp;
  else if (typeof stamp === "string" && stamp.trim() !== "") value = Number(stamp);
  else if (typeof stamp === "bigint") value = Number(stamp);
  return Number.isFinite(value) ? value : NaN;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
