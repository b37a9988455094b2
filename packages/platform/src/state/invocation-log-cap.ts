/**
 * The invocation log's own defence: whatever the runtime hands it, one
 * record's logs are cut to `maxBytes` of JSON before they are stored, so no
 * single record can make the log (or a listing of it) fail. The runtime
 * already keeps what the cloud keeps (10 entries, 6,000 characters); this cap
 * is far above that and only ever bites when something upstream did not.
 */
import type { LogRecord } from "../runtime/types";

/** What the cap removed from a record's logs. */
export interface LogsCut {
  /** Entries dropped whole. */
  readonly droppedEntries: number;
  /** Characters of message and extras removed (dropped entries and shortened ones). */
  readonly droppedChars: number;
}

const MARK = "… [cut by lp-faas: the record was over its size limit]";

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY; // not storable as it is
  }
}

const charsOf = (entry: LogRecord): number =>
  (typeof entry.message === "string" ? entry.message.length : 0) + (Array.isArray(entry.extras) ? (JSON.stringify(entry.extras)?.length ?? 0) : 0);

/**
 * `logs` within `maxBytes` of JSON text, and what was cut (undefined when
 * nothing was). Entries are kept in order; the first that does not fit is
 * shortened (its extras dropped) when there is room left, the rest dropped.
 */
export function capLogs(logs: readonly LogRecord[], maxBytes: number): { logs: LogRecord[]; cut?: LogsCut } {
  const kept: LogRecord[] = [];
  let used = 2; // "[]"
  let droppedEntries = 0;
  let droppedChars = 0;
  for (const entry of logs) {
    const size = jsonBytes(entry) + 1;
    if (droppedChars === 0 && used + size <= maxBytes) {
      kept.push(entry);
      used += size;
      continue;
    }
    const message = typeof entry.message === "string" ? entry.message : "";
    // Room for the shortened message, at up to 6 bytes a character once escaped.
    const keep = Math.floor((maxBytes - used - 200 - Buffer.byteLength(MARK)) / 6);
    if (droppedChars === 0 && keep > 0) {
      const shortened: LogRecord = { level: entry.level, message: message.slice(0, keep) + MARK, extras: [], timestamp: entry.timestamp };
      kept.push(shortened);
      used = maxBytes;
      droppedChars += charsOf(entry) - Math.min(keep, message.length);
      continue;
    }
    droppedEntries++;
    droppedChars += charsOf(entry);
  }
  return droppedEntries === 0 && droppedChars === 0 ? { logs: kept } : { logs: kept, cut: { droppedEntries, droppedChars } };
}
