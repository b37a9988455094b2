/**
 * The memory of an instance as a whole: its resident set (JS heap, Buffers,
 * native allocations), sampled by the parent from /proc on Linux, where a
 * function blocking its event loop cannot delay the reading. Elsewhere the
 * child reports its own RSS (`memory` messages, see protocol.ts).
 */
import { readFileSync } from "node:fs";

/** How often the parent samples an instance's RSS. */
export const MEMORY_SAMPLE_MS = 100;

/** `true` where the parent can read a child's RSS itself. */
export const CAN_READ_RSS = process.platform === "linux";

/** The process's resident set in bytes, or undefined when it cannot be read (exited, not Linux). */
export function readRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The message of an instance stopped for its memory. */
export function overMemoryMessage(limitMb: number, rssBytes: number): string {
  return (
    `The function's instance went over its memory limit of ${limitMb} MB (resident memory ${Math.round(rssBytes / 1048576)} MB, ` +
    `Buffers included); it was stopped, and every invocation it was processing failed`
  );
}
