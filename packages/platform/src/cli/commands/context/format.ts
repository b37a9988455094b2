/** How `lp-faas context` commands show dates, TTLs, tables and records, as text and as `--json`. */
import { relative } from "node:path";
import type { ContextApiKey, ContextNamespace } from "../../../state/context-types";
import type { CliIo } from "../../output";

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A date for a table: minutes, UTC ("2026-01-01 12:00 UTC"). */
export const when = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/:\d\d\.\d+Z$/, " UTC");

/** 86400 → "86400 s (1 d)", 90 → "90 s (1.5 min)". */
export function formatTtl(ttlSecond: number | undefined): string {
  if (ttlSecond === undefined) return "none";
  const units: Array<[string, number]> = [
    ["d", 86_400],
    ["h", 3600],
    ["min", 60],
  ];
  const unit = units.find(([, size]) => ttlSecond >= size);
  if (!unit) return `${ttlSecond} s`;
  const amount = Math.round((ttlSecond / unit[1]) * 10) / 10;
  return `${ttlSecond} s (${amount} ${unit[0]})`;
}

/** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n");
}

export const keyJson = (key: ContextApiKey) => ({ keyId: key.keyId, accountId: key.accountId, createdAt: iso(key.createdAt) });
export const namespaceJson = (ns: ContextNamespace) => ({
  name: ns.name,
  createdAt: iso(ns.createdAt),
  ...(ns.ttlSecond !== undefined && { ttlSecond: ns.ttlSecond }),
});
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A path as the user typed it: relative to the working folder when inside it. */
export const shown = (io: CliIo, path: string): string => relative(io.cwd, path) || path;
