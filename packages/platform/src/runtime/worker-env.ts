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

export interface EntryLocation {
  /** CommonJS entry (`require` condition). */
  readonly cjs: string;
  /** ES module entry (`import` condition); the CommonJS entry when the package has none. */
  readonly esm: string;
}

export interface ToolbeltLocation extends EntryLocation {
  /** `lp-faas-toolbelt/v2`, what `core-functions-toolbelt` is in a V2 function; absent when the installed toolbelt has no such entry. */
  readonly v2?: EntryLocation;
}

/** Resolves the platform's own `lp-faas-toolbelt` (a dependency of this package), and its V2 entry when it has one. */
export function resolveToolbelt(): ToolbeltLocation {
  const cjs = require.resolve("lp-faas-toolbelt");
  let esm = cjs;
  let v2: EntryLocation | undefined;
  let pkg: { exports?: unknown; module?: unknown } | undefined;
  let pkgDir = "";
  try {
    const pkgPath = require.resolve("lp-faas-toolbelt/package.json");
    pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports?: unknown; module?: unknown };
    pkgDir = dirname(pkgPath);
    const rel = importEntryOf(pkg, ".");
    if (rel) esm = join(pkgDir, rel);
  } catch {
    // No readable package.json / exports: the CommonJS entry is imported through Node's interop.
  }
  try {
    const v2Cjs = require.resolve("lp-faas-toolbelt/v2");
    const v2Esm = pkg && importEntryOf(pkg, "./v2");
    v2 = { cjs: v2Cjs, esm: v2Esm ? join(pkgDir, v2Esm) : v2Cjs };
  } catch {
    // This toolbelt has no V2 entry (yet): V2 functions get a clear error when they import core-functions-toolbelt.
  }
  return { cjs, esm, ...(v2 && { v2 }) };
}

function importEntryOf(pkg: { exports?: unknown; module?: unknown }, subpath: string): string | undefined {
  const root = pick(pkg.exports, subpath) ?? (subpath === "." ? pkg.exports : undefined);
  const imp = pick(root, "import");
  const target = typeof imp === "string" ? imp : pick(imp, "default");
  if (typeof target === "string") return target;
  return subpath === "." && typeof pkg.module === "string" ? pkg.module : undefined;
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

/** V1's names of the account and the function: a V2 function gets V2's names instead (`X_LIVEPERSON_*`). */
const V1_ONLY_ENV = ["BRAND_ID", "LAMBDA_UUID"];

/**
 * What Functions V2 sets for a function, from the platform's own values: the account (`BRAND_ID` of
 * `baseEnv`), the function's uuid, and the Domain API (`CSDS_DOMAIN` of `baseEnv`: the platform's URL,
 * `http://127.0.0.1:<port>`, so the V2 toolbelt's CSDS lookups come back to the platform as V1's do).
 */
function v2PlatformEnv(fn: FunctionSpec, baseEnv: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = { X_LIVEPERSON_FUNCTION_UUID: fn.uuid };
  if (baseEnv.BRAND_ID !== undefined) env.X_LIVEPERSON_BRAND_ID = baseEnv.BRAND_ID;
  if (baseEnv.CSDS_DOMAIN !== undefined) env.X_LIVEPERSON_CSDS_DOMAIN = baseEnv.CSDS_DOMAIN;
  return env;
}

/**
 * Minimal `process.env` + `baseEnv` + the function's uuid + the function's own variables (later ones win),
 * except the platform-owned variables, which always win. A V1 function gets `BRAND_ID` and `LAMBDA_UUID`;
 * a V2 function `X_LIVEPERSON_BRAND_ID`, `X_LIVEPERSON_FUNCTION_UUID` and `X_LIVEPERSON_CSDS_DOMAIN` instead.
 */
export function buildWorkerEnv(
  fn: FunctionSpec,
  baseEnv: Readonly<Record<string, string>>,
  parentEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env = spareEnv(parentEnv);
  if (fn.generation === 2) {
    const platformEnv = v2PlatformEnv(fn, baseEnv);
    const base = Object.fromEntries(Object.entries(baseEnv).filter(([key]) => !V1_ONLY_ENV.includes(key)));
    Object.assign(env, base, fn.env, platformEnv);
  } else {
    Object.assign(env, baseEnv, { LAMBDA_UUID: fn.uuid }, fn.env);
  }
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
  return JSON.stringify([fn.uuid, fn.dir, fn.entry, fn.generation ?? 1, env]);
}
