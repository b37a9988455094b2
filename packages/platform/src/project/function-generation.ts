/**
 * Which LivePerson Functions generation a function is written for (V1 or V2), decided per function so a
 * project may hold both. The first rule that decides wins:
 *
 *  1. config.json `"generation": 1 | 2` (ours; lpf ignores it): an explicit choice;
 *  2. the toolbelt its entry file imports or requires: `core-functions-toolbelt` → 2, `lp-faas-toolbelt`
 *     → 1 (both, or neither: the next rules decide);
 *  3. the shape of `lambda`: V1's callback form `lambda(input, callback)` → 1 (V2 never passes a
 *     callback); an ES module (import/export syntax) whose `lambda` is a top-level function it does not
 *     export → 2 (V1 cannot run that; V2 requires it);
 *  4. config.json as only CLI 2 writes it: `environmentVariables` is the object placeholder
 *     `{ "key": "value" }` → 2;
 *  5. the project's lpf markers: `bin/core-functions-toolbelt/` (what `lpf init` of CLI 2 writes, and
 *     `lp-faas init --v2`) → 2, `bin/lp-faas-toolbelt/` (CLI 1) → 1;
 *  6. otherwise 1, what the platform always ran.
 *
 * `.cjs` entries are V1 unless rule 1 says otherwise (V2 code is an ES module).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FunctionGeneration } from "../runtime/types";

export type { FunctionGeneration };

/** Why a function got its generation (for messages and `lp-faas functions list`). */
export type GenerationReason = "config" | "toolbelt-import" | "v1-shape" | "v2-shape" | "project-marker" | "lpf2-config" | "default";

export interface GenerationDecision {
  readonly generation: FunctionGeneration;
  readonly reason: GenerationReason;
}

export interface GenerationFacts {
  /** config.json `generation`, already checked (undefined: not given). */
  readonly configured: FunctionGeneration | undefined;
  /** The entry file's path and text. */
  readonly entry: string;
  readonly source: string;
  /** config.json `environmentVariables` as written (undefined: none). */
  readonly environmentVariables: unknown;
  /** What the project's markers say (projectMarkerGeneration). */
  readonly projectMarker: FunctionGeneration | undefined;
}

/** `"generation"` of config.json: 1 or 2 (also "v1"/"v2"); undefined when absent; null when malformed. */
export function parseConfiguredGeneration(value: unknown): FunctionGeneration | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (value === 1 || value === 2) return value;
  if (typeof value === "string" && /^v?[12]$/i.test(value.trim())) return Number(value.trim().slice(-1)) as FunctionGeneration;
  return null;
}

const NAMES_TOOLBELT = (name: string): RegExp =>
  new RegExp(String.raw`(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']${name.replace(/-/g, "\\-")}(?:/[^"']*)?["']`);
const NAMES_V2_TOOLBELT = NAMES_TOOLBELT("core-functions-toolbelt");
const NAMES_V1_TOOLBELT = NAMES_TOOLBELT("lp-faas-toolbelt");
/** An import or export statement at the start of a line (or after `;`): ES module syntax. */
const ES_MODULE_SYNTAX = /(^|[\n;])\s*(import\s*[\w{*'"]|export\s+(default\b|async\b|function\b|const\b|let\b|var\b|class\b|\{|\*))/;
/** `function lambda(` / `async function lambda(` declared at the start of a line, without `export`. */
const TOP_LEVEL_LAMBDA = /^[ \t]*(?:async[ \t]+)?function[ \t]*\*?[ \t]*lambda[ \t]*\(/m;
/** `lambda` with two parameters or more (`function lambda(input, callback)`, `lambda = (input, cb) =>`): V1's callback form. */
const CALLBACK_LAMBDA =
  /\bfunction[ \t]*\*?[ \t]*lambda[ \t]*\([ \t]*[\w$]+[ \t]*,[ \t]*[\w$]+|\blambda[ \t]*[:=][ \t]*(?:async[ \t]+)?(?:function[ \t]*\*?[ \t]*[\w$]*[ \t]*)?\([ \t]*[\w$]+[ \t]*,[ \t]*[\w$]+/;
const EXPORTED_LAMBDA = /\bexport\s+(?:async\s+)?function\s*\*?\s*lambda\b|\bexport\s*\{[^}]*\blambda\b/;

function isV2Shape(source: string): boolean {
  return ES_MODULE_SYNTAX.test(source) && TOP_LEVEL_LAMBDA.test(source) && !EXPORTED_LAMBDA.test(source);
}

function isLpf2Placeholder(env: unknown): boolean {
  if (env === null || typeof env !== "object" || Array.isArray(env)) return false;
  const entries = Object.entries(env as Record<string, unknown>);
  return entries.length === 1 && entries[0]![0] === "key" && entries[0]![1] === "value";
}

/** The generation the project's lpf markers give its functions: `bin/core-functions-toolbelt/` (CLI 2) or `bin/lp-faas-toolbelt/` (CLI 1). */
export function projectMarkerGeneration(projectDir: string): FunctionGeneration | undefined {
  const v2 = existsSync(join(projectDir, "bin", "core-functions-toolbelt"));
  const v1 = existsSync(join(projectDir, "bin", "lp-faas-toolbelt"));
  if (v2 === v1) return undefined;
  return v2 ? 2 : 1;
}

/** The generation of one function, by the rules above. */
export function decideGeneration(facts: GenerationFacts): GenerationDecision {
  if (facts.configured !== undefined) return { generation: facts.configured, reason: "config" };
  if (facts.entry.endsWith(".cjs")) return { generation: 1, reason: "default" };
  const v2Toolbelt = NAMES_V2_TOOLBELT.test(facts.source);
  const v1Toolbelt = NAMES_V1_TOOLBELT.test(facts.source);
  if (v2Toolbelt !== v1Toolbelt) return { generation: v2Toolbelt ? 2 : 1, reason: "toolbelt-import" };
  if (CALLBACK_LAMBDA.test(facts.source)) return { generation: 1, reason: "v1-shape" };
  if (isV2Shape(facts.source)) return { generation: 2, reason: "v2-shape" };
  if (isLpf2Placeholder(facts.environmentVariables)) return { generation: 2, reason: "lpf2-config" };
  if (facts.projectMarker !== undefined) return { generation: facts.projectMarker, reason: "project-marker" };
  return { generation: 1, reason: "default" };
}
