/**
 * The VS Code attach configuration `lp-faas debug` keeps in the project's
 * `.vscode/launch.json` (JSON with comments and trailing commas). lpf rewrote
 * every 4–5 digit number of that file to its port; we change only our own
 * entry (found by its name) with jsonc-parser's edits, so the user's other
 * configurations, comments and formatting stay as they were. A file that
 * cannot be parsed is left untouched and the caller says so.
 */
import { applyEdits, findNodeAtLocation, getNodeValue, modify, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import { lineAndColumn } from "lp-faas-toolbelt/platform";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-file";

/** The name of our entry in launch.json (what VS Code shows in its Run and Debug list). */
export const ATTACH_CONFIGURATION_NAME = "lp-faas: attach to a function";

export type LaunchJsonUpdate =
  | { readonly status: "created" | "added" | "updated" | "unchanged"; readonly file: string }
  | { readonly status: "unparseable"; readonly file: string; readonly reason: string };

export function attachConfiguration(port: number): Record<string, unknown> {
  return {
    name: ATTACH_CONFIGURATION_NAME,
    type: "node",
    request: "attach",
    address: "127.0.0.1",
    port,
    skipFiles: ["<node_internals>/**"],
  };
}

/** Writes or updates our attach configuration for `port` in `<projectDir>/.vscode/launch.json`. */
export function upsertAttachConfiguration(projectDir: string, port: number): LaunchJsonUpdate {
  const file = join(projectDir, ".vscode", "launch.json");
  const entry = attachConfiguration(port);
  if (!existsSync(file)) {
    writeFileAtomic(file, `${JSON.stringify({ version: "0.2.0", configurations: [entry] }, null, 4)}\n`, { createDirs: true });
    return { status: "created", file };
  }
  const text = readFileSync(file, "utf8");
  const edit = planEdit(text, entry);
  if ("reason" in edit) return { status: "unparseable", file, reason: edit.reason };
  if (edit.status !== "unchanged") writeFileAtomic(file, edit.text);
  return { status: edit.status, file };
}

type Edit = { status: "added" | "updated"; text: string } | { status: "unchanged" } | { reason: string };

const FORMATTING = { insertSpaces: true, tabSize: 4, eol: "\n" };

/** The launch.json `text` with `entry` in it, or why it cannot be done. */
export function planEdit(text: string, entry: Record<string, unknown>): Edit {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error !== undefined) {
    const { line, column } = lineAndColumn(text, error.offset);
    return { reason: `${printParseErrorCode(error.error)} at line ${line}, column ${column}` };
  }
  if (root?.type !== "object") return { reason: "it is not a JSON object" };
  const configurations = findNodeAtLocation(root, ["configurations"]);
  if (configurations === undefined) {
    return { status: "added", text: applyEdits(text, modify(text, ["configurations"], [entry], { formattingOptions: FORMATTING })) };
  }
  if (configurations.type !== "array") return { reason: '"configurations" is not an array' };
  const items = configurations.children ?? [];
  const index = items.findIndex((item) => item.type === "object" && (getNodeValue(item) as { name?: unknown }).name === entry.name);
  if (index !== -1 && JSON.stringify(getNodeValue(items[index]!)) === JSON.stringify(entry)) return { status: "unchanged" };
  const path = ["configurations", index === -1 ? items.length : index];
  const edits = modify(text, path, entry, { formattingOptions: FORMATTING, isArrayInsertion: index === -1 });
  return { status: index === -1 ? "added" : "updated", text: applyEdits(text, edits) };
}
