/**
 * The project's functions, laid out as lpf lays them out: each
 * `functions/<name>/` folder holding an entry file (`index.js`, `index.mjs`
 * or `index.cjs`) is a function; its `config.json` gives the environment
 * variables (lpf CLI1's `[{ "key", "value" }]` or CLI2's object map) and,
 * optionally, a `uuid`. Without one the uuid is derived from the name, so it
 * is the same after every restart and on every machine.
 *
 * The folder is read again on each call (a readdir and a stat per function;
 * config.json is parsed again only when it changed), so functions added,
 * edited or removed while the platform runs are seen at once. A function
 * whose config.json is broken is left out and reported by `problems()`
 * instead of taking the platform down.
 *
 * Each function's generation (V1 or V2) is decided by function-generation.ts
 * from its config.json, its entry file's text (re-read only when it changed)
 * and the project's lpf markers.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PlatformError } from "../errors";
import type { FunctionSpec } from "../runtime/types";
import { decideGeneration, parseConfiguredGeneration, projectMarkerGeneration, type FunctionGeneration } from "./function-generation";
import { parseProjectJson } from "./json-text";
import type { FunctionCatalog, FunctionProblem } from "./types";

/** lpf's rule for function names: word characters only, at most 50 (the name is the function's id on the account). */
export const FUNCTION_NAME_PATTERN = /^\w{1,50}$/;
/** Entry files in order of preference. */
export const ENTRY_FILES = ["index.js", "index.mjs", "index.cjs"] as const;

export type { FunctionProblem };

export interface FunctionCatalogOptions {
  /** Defaults to `<projectDir>/functions`. */
  functionsDir?: string;
}

export type ProjectFunctionCatalog = FunctionCatalog;

/** A fixed namespace for derived uuids (v5 style: sha1 of namespace + name). */
const UUID_NAMESPACE = Buffer.from("6c70666161732d70726f6a6563742d31", "hex");

/** The stable uuid of a function without a `uuid` in its config.json: RFC 4122 version 5 layout. */
export function functionUuid(name: string): string {
  const bytes = createHash("sha1").update(UUID_NAMESPACE).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

class ConfigProblem extends Error {}

const ENV_NAME = /^[^=\0]+$/;

function envValue(configPath: string, key: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new ConfigProblem(`${configPath}: environment variable ${key} must have a string value`);
}

/** lpf placeholders are skipped: CLI1 `{ "key": "" }`, CLI2 `{ "key": "value" }`. */
function parseEnv(configPath: string, raw: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (raw === undefined || raw === null) return env;
  if (Array.isArray(raw)) {
    raw.forEach((entry, index) => {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry) || typeof (entry as { key?: unknown }).key !== "string") {
        throw new ConfigProblem(`${configPath}: environmentVariables[${index}] must be { "key": "NAME", "value": "..." }`);
      }
      const { key, value } = entry as { key: string; value?: unknown };
      if (key === "") return;
      if (!ENV_NAME.test(key)) throw new ConfigProblem(`${configPath}: environment variable name ${JSON.stringify(key)} must not contain "="`);
      env[key] = envValue(configPath, key, value ?? "");
    });
    return env;
  }
  if (typeof raw === "object") {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if ((key === "key" && value === "value") || key === "") continue;
      if (!ENV_NAME.test(key)) throw new ConfigProblem(`${configPath}: environment variable name ${JSON.stringify(key)} must not contain "="`);
      env[key] = envValue(configPath, key, value);
    }
    return env;
  }
  throw new ConfigProblem(`${configPath}: "environmentVariables" must be an array [{ "key": "NAME", "value": "..." }] or an object { "NAME": "..." }`);
}

interface ParsedConfig {
  env: Record<string, string>;
  uuid?: string;
  /** `"generation"`, when given. */
  generation?: FunctionGeneration;
  /** `environmentVariables` as written (lpf CLI 2's placeholder tells its generation). */
  rawEnv?: unknown;
}

function readConfig(configPath: string, folderName: string): ParsedConfig {
  let text: string;
  try {
    text = readFileSync(configPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { env: {} };
    throw new ConfigProblem(`${configPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = parseProjectJson(configPath, text);
  } catch (error) {
    throw new ConfigProblem((error as PlatformError).message);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigProblem(`${configPath}: must be a JSON object like { "name": "${folderName}", "environmentVariables": [] }`);
  }
  const config = parsed as Record<string, unknown>;
  if (config.name !== undefined && config.name !== null && config.name !== folderName) {
    throw new ConfigProblem(`${configPath}: "name" is ${JSON.stringify(config.name)} but the folder is "${folderName}"; they must match (lpf pushes by name)`);
  }
  if (config.uuid !== undefined && (typeof config.uuid !== "string" || !/^[\w-]{1,64}$/.test(config.uuid))) {
    throw new ConfigProblem(`${configPath}: "uuid" must be a string of letters, digits, "_" or "-" (or leave it out for a derived one)`);
  }
  const generation = parseConfiguredGeneration(config.generation);
  if (generation === null) {
    throw new ConfigProblem(`${configPath}: "generation" must be 1 (LivePerson Functions V1) or 2 (V2), or left out to let the platform tell`);
  }
  return {
    env: parseEnv(configPath, config.environmentVariables),
    uuid: config.uuid,
    rawEnv: config.environmentVariables,
    ...(generation !== undefined && { generation }),
  };
}

/** The entry file's text, re-read only when its stamp changes ("" when it cannot be read: the runtime reports that). */
function createSourceCache(): { sourceOf(entry: string): string; keepOnly(entries: ReadonlySet<string>): void } {
  const cache = new Map<string, { stamp: string; source: string }>();
  return {
    sourceOf(entry) {
      let stamp: string;
      try {
        const stat = statSync(entry);
        stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      } catch {
        return "";
      }
      const cached = cache.get(entry);
      if (cached && cached.stamp === stamp) return cached.source;
      let source = "";
      try {
        source = readFileSync(entry, "utf8");
      } catch {
        // unreadable: the runtime's load reports it
      }
      cache.set(entry, { stamp, source });
      return source;
    },
    keepOnly(entries) {
      for (const entry of cache.keys()) if (!entries.has(entry)) cache.delete(entry);
    },
  };
}

interface CacheEntry {
  stamp: string;
  outcome: { ok: true; config: ParsedConfig } | { ok: false; message: string };
}

/** Loads the catalog of `<projectDir>/functions`; nothing is read until it is asked. */
export function loadFunctionCatalog(projectDir: string, options: FunctionCatalogOptions = {}): ProjectFunctionCatalog {
  const functionsDir = resolve(options.functionsDir ?? join(resolve(projectDir), "functions"));
  const cache = new Map<string, CacheEntry>();
  const sources = createSourceCache();
  let latestProblems: FunctionProblem[] = [];

  function configOf(configPath: string, folderName: string): CacheEntry["outcome"] {
    let stamp = "missing";
    try {
      const stat = statSync(configPath);
      stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      // missing: defaults
    }
    const cached = cache.get(configPath);
    if (cached && cached.stamp === stamp) return cached.outcome;
    let outcome: CacheEntry["outcome"];
    try {
      outcome = { ok: true, config: readConfig(configPath, folderName) };
    } catch (error) {
      if (!(error instanceof ConfigProblem)) throw error;
      outcome = { ok: false, message: error.message };
    }
    cache.set(configPath, { stamp, outcome });
    return outcome;
  }

  function scan(): FunctionSpec[] {
    const problems: FunctionProblem[] = [];
    const functions: FunctionSpec[] = [];
    let folders: string[];
    try {
      folders = readdirSync(functionsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules")
        .map((entry) => entry.name)
        .sort();
    } catch {
      folders = [];
    }
    const candidates: Array<{ spec: FunctionSpec; explicitUuid: boolean; configPath: string }> = [];
    const projectMarker = projectMarkerGeneration(resolve(functionsDir, ".."));
    for (const name of folders) {
      const dir = join(functionsDir, name);
      const entryFile = ENTRY_FILES.find((file) => {
        try {
          return statSync(join(dir, file)).isFile();
        } catch {
          return false;
        }
      });
      if (!entryFile) continue; // not a function folder (shared code, fixtures, ...)
      if (!FUNCTION_NAME_PATTERN.test(name)) {
        problems.push({
          functionName: name,
          path: dir,
          message: `${dir}: function names are 1-50 letters, digits or "_"; rename the folder (for example "${name.replace(/\W+/g, "_").slice(0, 50)}")`,
        });
        continue;
      }
      const configPath = join(dir, "config.json");
      const outcome = configOf(configPath, name);
      if (!outcome.ok) {
        problems.push({ functionName: name, path: configPath, message: outcome.message });
        continue;
      }
      const entry = join(dir, entryFile);
      const { generation } = decideGeneration({
        configured: outcome.config.generation,
        entry,
        source: sources.sourceOf(entry),
        environmentVariables: outcome.config.rawEnv,
        projectMarker,
      });
      const spec: FunctionSpec = Object.freeze({
        name,
        uuid: outcome.config.uuid ?? functionUuid(name),
        dir,
        entry,
        env: Object.freeze({ ...outcome.config.env }),
        generation,
      });
      candidates.push({ spec, explicitUuid: outcome.config.uuid !== undefined, configPath });
    }
    // A uuid belongs to the function it is derived from before any config.json that copies it.
    const owners = new Map<string, string>();
    for (const candidate of [...candidates.filter((c) => !c.explicitUuid), ...candidates.filter((c) => c.explicitUuid)]) {
      const { name, uuid } = candidate.spec;
      const owner = owners.get(uuid);
      if (owner === undefined) owners.set(uuid, name);
      else
        problems.push({
          functionName: name,
          path: candidate.configPath,
          message: `${candidate.configPath}: "uuid" ${uuid} is already used by function "${owner}"; give each function its own uuid (or remove it)`,
        });
    }
    for (const { spec } of candidates) if (owners.get(spec.uuid) === spec.name) functions.push(spec);
    for (const path of cache.keys()) if (!folders.some((name) => path === join(functionsDir, name, "config.json"))) cache.delete(path);
    sources.keepOnly(new Set(candidates.map((candidate) => candidate.spec.entry)));
    latestProblems = problems;
    return functions;
  }

  return {
    list: () => scan(),
    byName: (name) => scan().find((fn) => fn.name === name),
    byUuid: (uuid) => scan().find((fn) => fn.uuid === uuid),
    problems() {
      scan();
      return latestProblems.map((problem) => ({ ...problem }));
    },
  };
}
