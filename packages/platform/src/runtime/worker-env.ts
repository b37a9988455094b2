/**
 * How a worker child process is launched: which files it runs, its
 * environment, its Node flags, and where our toolbelt lives.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FunctionSpec } from "./types";

/** The child entry. Plain JavaScript so it runs from `src/` (vitest) and `dist/` (the build copies it). */
export const WORKER_ENTRY = join(__dirname, "worker-entry.cjs");
/** ESM resolve/load hooks the child registers before importing an ES module function. */
export const TOOLBELT_HOOKS = join(__dirname, "toolbelt-hooks.mjs");

export interface ToolbeltLocation {
  /** CommonJS entry (`require` condition). */
  readonly cjs: string;
  /** ES module entry (`import` condition); the CommonJS entry when the package has none. */
  readonly esm: string;
}

/** Resolves the platform's own `lp-faas-toolbelt` (a dependency of this package). */
export function resolveToolbelt(): ToolbeltLocation {
  const cjs = require.resolve("lp-faas-toolbelt");
  let esm = cjs;
  try {
    const pkgPath = require.resolve("lp-faas-toolbelt/package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports?: unknown; module?: unknown };
    const rel = importEntryOf(pkg);
    if (rel) esm = join(dirname(pkgPath), rel);
  } catch {
    // No readable package.json / exports: the CommonJS entry is imported through Node's interop.
  }
  return { cjs, esm };
}

function importEntryOf(pkg: { exports?: unknown; module?: unknown }): string | undefined {
  const root = pick(pkg.exports, ".") ?? pkg.exports;
  const imp = pick(root, "import");
  const target = typeof imp === "string" ? imp : pick(imp, "default");
  if (typeof target === "string") return target;
  return typeof pkg.module === "string" ? pkg.module : undefined;
}

function pick(value: unknown, key: string): unknown {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Variables of the platform's own environment a worker keeps: what Node and
 * child tools need to work, nothing about the platform's configuration.
 */
const INHERITED_ENV = ["PATH", "HOME", "TMPDIR", "TMP", "TEMP", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "SystemRoot", "USERPROFILE", "NODE_EXTRA_CA_CERTS"];

/**
 * Variables of `baseEnv` the platform owns: a function's own variables cannot
 * override them (its egress policy, lp-faas-toolbelt/worker, reads them at start-up).
 */
const PLATFORM_OWNED_ENV = ["LP_FAAS_PLATFORM_URL", "CSDS_DOMAIN", "LP_FAAS_RATE_LIMIT"];

/** A spare's environment until it is given a function: what Node and child tools need. */
export function spareEnv(parentEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV) {
    const value = parentEnv[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/**
 * Minimal `process.env` + `baseEnv` + `LAMBDA_UUID` + the function's own variables (later ones win),
 * except the platform-owned variables of `baseEnv`, which always win.
 */
export function buildWorkerEnv(
  fn: FunctionSpec,
  baseEnv: Readonly<Record<string, string>>,
  parentEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env = spareEnv(parentEnv);
  Object.assign(env, baseEnv, { LAMBDA_UUID: fn.uuid }, fn.env);
  for (const key of PLATFORM_OWNED_ENV) {
    const value = baseEnv[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Node flags of an instance: its heap limit (the resident set is watched by the parent, memory-watch.ts). The parent's flags (vitest's, --inspect, ...) are not inherited. */
export function workerExecArgv(memoryMb: number): string[] {
  return [`--max-old-space-size=${memoryMb}`];
}

/** Stable identity of a function's launch settings; a change means its warm workers are stale. */
export function specFingerprint(fn: FunctionSpec): string {
  const env = Object.keys(fn.env)
    .sort()
    .map((k) => [k, fn.env[k]]);
  return JSON.stringify([fn.uuid, fn.dir, fn.entry, env]);
}
