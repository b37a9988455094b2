/**
 * A cross-process exclusive lock on a file path (`<file>.lock`), and atomic
 * cleanup of temp files left by crashed writers. Used around every read-modify-write of settings.json so
 * the platform server and the CLI (or two CLIs) never lose each other's update.
 *
 * The lock file appears atomically with its content "<pid> <host> <token>"
 * (a temp file hard-linked to the lock's name: create-if-absent, like O_EXCL).
 * A waiter retries with short sleeps; a lock whose owner process is gone (same
 * host) or that is older than `staleMs` is taken over, so a process killed
 * while holding it blocks nobody for long. Everything is synchronous: the
 * critical sections are a read and a small write.
 */
import { randomBytes } from "node:crypto";
import { closeSync, linkSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { tempPathFor } from "./atomic-file";

/** Time as the lock sees it: real by default, injectable so tests need not wait. */
export interface LockClock {
  /** Epoch ms. */
  now(): number;
  /** Blocks for `ms` (the lock is synchronous: its critical sections are a read and a small write). */
  sleep(ms: number): void;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const realClock: LockClock = { now: Date.now, sleep: (ms) => void Atomics.wait(sleepCell, 0, 0, ms) };

export interface FileLockOptions {
  /** How long to wait for a lock held by a live process before giving up (ms). */
  waitMs?: number;
  /** A lock older than this is considered abandoned, whoever holds it (ms). */
  staleMs?: number;
  /** Default: the real clock. */
  clock?: LockClock;
}

export const DEFAULT_LOCK_WAIT_MS = 5_000;
export const DEFAULT_LOCK_STALE_MS = 10_000;

/** True when a process with this id exists (EPERM: it exists, it is just not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

interface LockOwner {
  pid: number;
  host: string;
}

function ownerOf(content: string): LockOwner | undefined {
  const [pid, host] = content.split(" ");
  return pid && host ? { pid: Number(pid), host } : undefined;
}

/** Whether the lock file whose content was `content` may be taken over. */
function isAbandoned(lockPath: string, content: string, staleMs: number, now: number): boolean {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(lockPath).mtimeMs;
  } catch {
    return false; // gone already: the next attempt simply takes it
  }
  if (now - mtimeMs > staleMs) return true;
  const owner = ownerOf(content);
  return owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !processAlive(owner.pid);
}

/**
 * Moves an abandoned lock aside. If, between looking and moving, its owner
 * released it and someone else took it, the lock we moved is not the one we
 * judged: it is linked back (link never overwrites a newer lock).
 */
function takeOver(lockPath: string, judged: string): void {
  const aside = tempPathFor(lockPath);
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  try {
    if (readOrUndefined(aside) !== judged) linkSync(aside, lockPath);
  } catch {
    // EEXIST: a newer lock is already in place; ours is stale anyway.
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

/**
 * Creates the lock file with its content in one step: the content goes to a
 * temp file that is then hard-linked to the lock's name (link fails with
 * EEXIST, like O_EXCL). A process killed half-way therefore never leaves an
 * empty lock that nobody can attribute. Where hard links are not supported,
 * falls back to O_EXCL create + write.
 */
function tryCreate(lockPath: string, token: string): boolean {
  const tmp = tempPathFor(lockPath);
  writeFileSync(tmp, token, { flag: "wx" });
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
  } finally {
    unlinkSync(tmp);
  }
  try {
    const fd = openSync(lockPath, "wx");
    try {
      writeSync(fd, token);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function acquire(lockPath: string, options: FileLockOptions): string {
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const token = `${process.pid} ${hostname()} ${randomBytes(8).toString("hex")}\n`;
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(lockPath, token)) return token;
    const content = readOrUndefined(lockPath);
    if (content !== undefined && isAbandoned(lockPath, content, staleMs, clock.now())) {
      takeOver(lockPath, content);
      continue;
    }
    if (clock.now() >= deadline) {
      const owner = content ? ownerOf(content) : undefined;
      throw new PlatformError(
        PlatformErrorCodes.FileLocked,
        `${lockPath} is held by another process${owner ? ` (pid ${owner.pid})` : ""}; try again, or delete the lock file if no lp-faas process is running`,
      );
    }
    // Short sleeps with jitter: the holder needs a millisecond or two; jitter keeps racing waiters apart.
    clock.sleep(Math.min(2 + attempt, 20) + Math.random() * 5);
  }
}

function release(lockPath: string, token: string): void {
  // Only remove our own lock: if it was taken over (we were too slow), it belongs to someone else now.
  if (readOrUndefined(lockPath) !== token) return;
  try {
    unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

/** Runs `fn` while holding the lock file `lockPath`; releases it whatever happens. */
export function withFileLock<T>(lockPath: string, fn: () => T, options: FileLockOptions = {}): T {
  const token = acquire(lockPath, options);
  try {
    return fn();
  } finally {
    release(lockPath, token);
  }
}

/**
 * Removes temp files left next to `path` and its lock by processes that died
 * before cleaning up (same host only: a pid means nothing on another machine,
 * so this is only called while holding the lock).
 */
export function removeOrphanedTempFiles(path: string): void {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(?:lock\.)?(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (!match || Number(match[1]) === process.pid || processAlive(Number(match[1]))) continue;
    try {
      unlinkSync(join(dirname(path), name));
    } catch {
      // another writer cleaned it up
    }
  }
}
