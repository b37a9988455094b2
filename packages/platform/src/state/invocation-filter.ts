/**
 * The level filter of the invocation log's readers (the live stream and
 * `lp-faas logs`): Debug < Info < Warn < Error, entries at or above the level
 * kept. An invocation left with no entry is shown only when it failed (its
 * error is what one filtering by level is looking for); without a level,
 * every invocation is shown as it is.
 */
import type { LogLevel } from "../runtime/types";
import type { InvocationRecord } from "./invocations";

export const LOG_LEVELS: readonly LogLevel[] = ["Debug", "Info", "Warn", "Error"];

/** `debug`, `INFO`, `Warn`… as the level; undefined for anything else. */
export function parseLogLevel(text: string): LogLevel | undefined {
  return LOG_LEVELS.find((level) => level.toLowerCase() === text.trim().toLowerCase());
}

const rank = (level: string): number => LOG_LEVELS.indexOf(level as LogLevel);

/** The record with its entries at or above `level`, or undefined when it is not to be shown. */
export function filterByLevel(record: InvocationRecord, level: LogLevel | undefined): InvocationRecord | undefined {
  if (level === undefined || level === "Debug") return record;
  const logs = record.logs.filter((entry) => rank(entry.level) >= rank(level));
  if (logs.length === 0 && record.status !== "failed") return undefined;
  return logs.length === record.logs.length ? record : { ...record, logs };
}
