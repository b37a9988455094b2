/**
 * lpf's project file `functions/settings.json` (spec/lpf-project.md §4), found
 * from the working directory upward. It supplies the allowlist (`whitelist`) and
 * secrets when neither `Toolbelt.configure()` nor a platform does.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { jsonErrorOffset, lineAndColumn } from "./json-error-position";

export interface LpfSettings {
  readonly path: string;
  readonly whitelist: readonly string[] | undefined;
  readonly secrets: ReadonlyArray<{ key: string; value: unknown }> | undefined;
}

export function findSettingsFile(startDir: string): string | undefined {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, "functions", "settings.json");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function invalid(path: string, detail: string): ToolbeltError {
  return new ToolbeltError("Config", ErrorCodes.Toolbelt.InvalidConfig, `${path}: ${detail}`);
}

/** A JSON.parse failure described with its line and column, for a message a person can act on. */
export function describeJsonError(text: string, error: unknown): string {
  const offset = jsonErrorOffset(text);
  const detail = text.trim() === "" ? "the file is empty" : error instanceof Error ? error.message.split("\n")[0]!.replace(/, ".*$/, "") : String(error);
  if (offset === undefined) return detail;
  const { line, column } = lineAndColumn(text, offset);
  return `unexpected ${offset >= text.length ? "end of file" : JSON.stringify(text[offset])} at line ${line}, column ${column}`;
}

export function readSettingsFile(path: string): LpfSettings {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw invalid(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `is not valid JSON: ${describeJsonError(text, error)}`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw invalid(path, "must hold a JSON object");
  const { whitelist, secrets } = data as { whitelist?: unknown; secrets?: unknown };
  if (whitelist !== undefined && !(Array.isArray(whitelist) && whitelist.every((e) => typeof e === "string"))) {
    throw invalid(path, `"whitelist" must be an array of host names`);
  }
  if (
    secrets !== undefined &&
    !(Array.isArray(secrets) && secrets.every((s) => s && typeof s === "object" && typeof (s as { key?: unknown }).key === "string"))
  ) {
    throw invalid(path, `"secrets" must be an array of { "key": string, "value": ... } entries`);
  }
  return { path, whitelist: whitelist as string[] | undefined, secrets: secrets as LpfSettings["secrets"] };
}
