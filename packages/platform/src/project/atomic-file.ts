/**
 * Atomic file replacement: a temp file in the same folder, flushed to disk,
 * then renamed over the target. Readers see the old or the new content, never
 * a mix; a crash leaves at most a temp file (`<path>.<pid>.<hex>.tmp`, which
 * file-lock.ts's `removeOrphanedTempFiles` cleans up). The old file's
 * permissions are kept.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Name of a temp file next to `path`; the pid lets a later writer clean up after a crash. */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
}

export interface WriteFileAtomicOptions {
  /** Create the missing folders first (default: a missing folder is an ENOENT error). */
  createDirs?: boolean;
}

/** Replaces `path` with `data` atomically; throws Node's error (ENOENT, EACCES, EISDIR…) when it cannot. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): void {
  if (options.createDirs) mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    const fd = openSync(tmp, "wx", mode ?? 0o666);
    try {
      writeFileSync(fd, data); // loops until every byte is written
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) chmodSync(tmp, mode); // the umask may have narrowed it
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw error;
  }
}
