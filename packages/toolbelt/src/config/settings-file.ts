/**
 * The toolbelt's read of lpf's `functions/settings.json`, found from the
 * working directory upward (the reader itself is the platform contract's, so
 * both packages accept the same files). It supplies the allowlist
 * (`whitelist`) and secrets when neither `Toolbelt.configure()` nor a
 * platform does.
 */
import { readFileSync } from "node:fs";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { parseSettingsText, SettingsFileError } from "../platform/settings-file";

export { findSettingsFile } from "../platform/settings-file";

export interface LpfSettings {
  readonly path: string;
  /** Every top-level member as read (a writer puts them back). */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly whitelist: readonly string[] | undefined;
  readonly secrets: ReadonlyArray<{ key: string; value: unknown }> | undefined;
}

function invalid(path: string, detail: string): ToolbeltError {
  return new ToolbeltError("Config", ErrorCodes.Toolbelt.InvalidConfig, `${path}: ${detail}`);
}

export function readSettingsFile(path: string): LpfSettings {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw invalid(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    const { raw, whitelist, secrets } = parseSettingsText(text);
    return { path, raw, whitelist, secrets };
  } catch (error) {
    if (error instanceof SettingsFileError) throw invalid(path, error.message);
    throw error;
  }
}
