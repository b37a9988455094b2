/**
 * The project's hand-edited JSON files (config.json, fixtures) parsed with
 * errors that name the file, the line and the column; the parser is the
 * platform contract's, shared with the toolbelt.
 */
import { parseJsonText } from "lp-faas-toolbelt/platform";
import { invalidProject } from "../errors";

/** Parses a project JSON file's text (a byte order mark ignored); throws PlatformError invalid-project naming the file, line and column. */
export function parseProjectJson(path: string, text: string): unknown {
  return parseJsonText(text, (where) => invalidProject(`${path}: not valid JSON: ${where}`));
}
