/**
 * Options shared by several commands, their parsers, and how a command finds
 * its project. A value that doesn't parse is a usage error (exit code 2) that
 * names the option.
 */
import { InvalidArgumentError, Option } from "commander";
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DEFAULT_PORT, PORT_ENV } from "../defaults";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { usageError, type CliIo } from "./output";

export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new InvalidArgumentError("a port is a whole number from 0 to 65535.");
  return port;
}

export function parseTimeoutMs(value: string): number {
  const ms = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(ms >= 1 && ms <= 15 * 60_000)) throw new InvalidArgumentError("a timeout is a whole number of milliseconds from 1 to 900000.");
  return ms;
}

export const jsonOption = (): Option => new Option("--json", "print one JSON document on stdout (for scripts)");

export const dirOption = (): Option =>
  new Option("-d, --dir <dir>", "the project folder (default: the current folder, or the nearest of its two parents holding functions/)");

export const portOption = (description: string): Option => new Option("-p, --port <port>", description).argParser(parsePort);

/** `--port`, else `LP_FAAS_PORT`, else 7420: how every command finds the running platform. */
export function platformPort(io: CliIo, flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const fromEnv = io.env[PORT_ENV];
  if (fromEnv === undefined || fromEnv.trim() === "") return DEFAULT_PORT;
  try {
    const port = parsePort(fromEnv);
    if (port === 0) throw new InvalidArgumentError("0 is not a port a platform can be reached on.");
    return port;
  } catch (error) {
    throw usageError(`${PORT_ENV}=${JSON.stringify(fromEnv)} is not valid: ${(error as Error).message}`);
  }
}

const isProject = (dir: string): boolean => {
  try {
    return statSync(join(dir, "functions")).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The project a command works on. An explicit folder must hold `functions/`;
 * without one, like lpf, the first of cwd, its parent and grandparent that
 * holds `functions/` (so commands work from inside a function's folder).
 */
export function findProjectDir(io: CliIo, dir: string | undefined): string {
  if (dir !== undefined) {
    const root = resolve(io.cwd, dir);
    if (!existsSync(root)) throw new PlatformError(PlatformErrorCodes.ProjectMissing, `${root} does not exist; create a project with lp-faas init ${dir}`);
    if (!isProject(root))
      throw new PlatformError(
        PlatformErrorCodes.ProjectMissing,
        `${root} is not an lpf project (it has no functions/ folder); create one with lp-faas init <dir>`,
      );
    return root;
  }
  let candidate = resolve(io.cwd);
  for (let depth = 0; depth < 3; depth++) {
    if (isProject(candidate)) return candidate;
    const parent = dirname(candidate);
    if (parent === candidate) break;
    candidate = parent;
  }
  throw new PlatformError(
    PlatformErrorCodes.ProjectMissing,
    `no lpf project here: ${resolve(io.cwd)} (nor its parents) has no functions/ folder; pass --dir <project>, or create one with lp-faas init <dir>`,
  );
}
