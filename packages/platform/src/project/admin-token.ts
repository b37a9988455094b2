/**
 * The platform's admin token, `<project>/.lp-faas/admin-token` (mode 600):
 * what `Authorization: Bearer <token>` must carry on admin routes. Created by
 * the platform when missing; read by the CLI and by whoever owns the project.
 * Never handed to workers (they get no environment variable holding it).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { invalidProject } from "../errors";

/** Relative to the project's root. */
export const ADMIN_TOKEN_FILE = join(".lp-faas", "admin-token");

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,512}$/;

/** `stateDir` is the platform's state folder when it is not the project's `.lp-faas` (`startPlatform({ stateDir })`). */
export function adminTokenPath(projectDir: string, stateDir?: string): string {
  return stateDir === undefined ? join(projectDir, ADMIN_TOKEN_FILE) : join(stateDir, "admin-token");
}

/** The token in the file, or undefined when there is no file; a file that holds no token is an invalid-project error. */
export function readAdminToken(projectDir: string, stateDir?: string): string | undefined {
  const path = adminTokenPath(projectDir, stateDir);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw invalidProject(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const token = text.trim();
  if (!TOKEN_PATTERN.test(token)) {
    throw invalidProject(`${path} does not hold an admin token (32-512 letters, digits, "_" or "-"); delete it and a new one is made when lp-faas dev starts`);
  }
  return token;
}

/**
 * The project's admin token, made (256 random bits) when the file is missing.
 * The file is created with mode 600 at once (never readable by others, even
 * for a moment) and narrowed to 600 when found wider.
 */
export function ensureAdminToken(projectDir: string, stateDir?: string): string {
  const path = adminTokenPath(projectDir, stateDir);
  const existing = readAdminToken(projectDir, stateDir);
  if (existing !== undefined) {
    if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return existing;
  }
  mkdirSync(dirname(path), { recursive: true });
  const token = randomBytes(32).toString("base64url");
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    // Another platform for the same project made it first: use that one.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return ensureAdminToken(projectDir, stateDir);
    throw error;
  }
  try {
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  return token;
}
