/**
 * lpf's project file `functions/settings.json`: the project's secrets and its
 * egress allowlist (lpf calls it `whitelist`). One reader for both packages:
 * the toolbelt reads it when no platform and no `Toolbelt.configure()` supply
 * them; the platform serves and edits it.
 *
 *     { "secrets": [{ "key": "my-secret", "value": <any JSON> }], "whitelist": ["api.example.com"] }
 *
 * Agreed on both sides: a leading byte order mark is ignored, and an empty (or
 * blank) file holds nothing yet, like a missing one. Other top-level members
 * are kept as read (writers put them back).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { arrayElementOffsets, lineAndColumn, parseJsonText } from "./json-text";

/** The project file, relative to the project's root. */
export const SETTINGS_FILE = join("functions", "settings.json");

export interface SettingsSecret {
  readonly key: string;
  readonly value: unknown;
}

export interface SettingsDocument {
  /** Every top-level member as read (`{}` for an empty file). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** `secrets`, or undefined when the file has none. */
  readonly secrets: readonly SettingsSecret[] | undefined;
  /** `whitelist`, or undefined when the file has none (then no allowlist applies). */
  readonly whitelist: readonly string[] | undefined;
}

/** What is wrong with the file's text; each side wraps it in its own error with the file's path. */
export class SettingsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsFileError";
  }
}

const SHAPE = '{ "secrets": [{ "key": "...", "value": ... }], "whitelist": ["api.example.com"] }';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses and checks the text of a settings.json; throws SettingsFileError naming the line and column or the bad member. */
export function parseSettingsText(text: string): SettingsDocument {
  if (text.replace(/^\ufeff/, "").trim() === "") return { raw: {}, secrets: undefined, whitelist: undefined };
  const parsed = parseJsonText(text, (where) => new SettingsFileError(`not valid JSON: ${where}`));
  if (!isPlainObject(parsed)) throw new SettingsFileError(`must be a JSON object like ${SHAPE}`);
  const { secrets, whitelist } = parsed;
  if (secrets !== undefined && !Array.isArray(secrets)) throw new SettingsFileError('"secrets" must be an array like [{ "key": "my-secret", "value": "..." }]');
  if (whitelist !== undefined && !Array.isArray(whitelist)) throw new SettingsFileError('"whitelist" must be an array of host names like ["api.example.com"]');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  /** `secrets[2] (line 9, column 5)`: where an element starts, as the other messages about this file say it. */
  const where = (member: "secrets" | "whitelist", index: number): string => {
    const offset = arrayElementOffsets(body, member)?.[index];
    if (offset === undefined) return `${member}[${index}]`;
    const { line, column } = lineAndColumn(body, offset);
    return `${member}[${index}] at line ${line}, column ${column}`;
  };
  const seen = new Map<string, number>();
  (secrets as unknown[] | undefined)?.forEach((entry, index) => {
    if (!isPlainObject(entry) || typeof entry.key !== "string")
      throw new SettingsFileError(`${where("secrets", index)} must be an object { "key": "<name>", "value": <any JSON> }`);
    if (!("value" in entry))
      throw new SettingsFileError(`${where("secrets", index)} (key "${entry.key}") has no "value"; write { "key": "${entry.key}", "value": <any JSON> }`);
    const first = seen.get(entry.key);
    if (first !== undefined) {
      throw new SettingsFileError(`${where("secrets", index)} repeats the key "${entry.key}" of ${where("secrets", first)}; each secret needs its own key`);
    }
    seen.set(entry.key, index);
  });
  (whitelist as unknown[] | undefined)?.forEach((entry, index) => {
    if (typeof entry !== "string") throw new SettingsFileError(`${where("whitelist", index)} must be a string such as "api.example.com"`);
  });
  return {
    raw: parsed,
    secrets: (secrets as Array<{ key: string; value?: unknown }> | undefined)?.map(({ key, value }) => ({ key, value })),
    whitelist: whitelist as string[] | undefined,
  };
}

/** The nearest `functions/settings.json` from `startDir` upward, or undefined. */
export function findSettingsFile(startDir: string): string | undefined {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, SETTINGS_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
