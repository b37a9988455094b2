/**
 * The VS Code attach configuration `lp-faas debug` keeps in the project's
 * `.vscode/launch.json`. lpf rewrote every 4–5 digit number of that file to
 * its port; we change only our own entry (found by its name) and splice it
 * into the text, so the user's other configurations, comments and formatting
 * stay as they were. A file that cannot be parsed is left untouched and the
 * caller says so.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-file";
import { jsoncValue, parseJsonc, type JsoncNode } from "./jsonc";

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
  if (edit.status === "unchanged") return { status: "unchanged", file };
  writeFileAtomic(file, text.slice(0, edit.at) + edit.insert + text.slice(edit.until));
  return { status: edit.status, file };
}

type Edit = { status: "added" | "updated"; at: number; until: number; insert: string } | { status: "unchanged" } | { reason: string };

/** The text splice that puts `entry` into the launch.json `text`, or why it cannot be done. */
export function planEdit(text: string, entry: Record<string, unknown>): Edit {
  let root: JsoncNode;
  try {
    root = parseJsonc(text);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  if (root.kind !== "object") return { reason: "it is not a JSON object" };
  const configurations = root.members.find((m) => m.key === "configurations")?.value;
  if (configurations === undefined) {
    const last = root.members[root.members.length - 1];
    const indent = indentOf(text, last?.value.start ?? root.start, "    ");
    const block = `"configurations": [\n${indent}    ${objectText(entry, indent + "    ")}\n${indent}]`;
    return last === undefined
      ? { status: "added", at: root.start + 1, until: root.start + 1, insert: `\n${indent}${block}\n` }
      : { status: "added", at: last.value.end, until: last.value.end, insert: `,\n${indent}${block}` };
  }
  if (configurations.kind !== "array") return { reason: '"configurations" is not an array' };
  const ours = configurations.items.find((item) => {
    const value = jsoncValue(item) as { name?: unknown } | null;
    return item.kind === "object" && value !== null && value.name === entry.name;
  });
  if (ours !== undefined) {
    if (JSON.stringify(jsoncValue(ours)) === JSON.stringify(entry)) return { status: "unchanged" };
    return { status: "updated", at: ours.start, until: ours.end, insert: objectText(entry, indentOf(text, ours.start, "        ")) };
  }
  const last = configurations.items[configurations.items.length - 1];
  if (last === undefined) {
    const outer = indentOf(text, configurations.start, "    ");
    return {
      status: "added",
      at: configurations.start + 1,
      until: configurations.start + 1,
      insert: `\n${outer}    ${objectText(entry, outer + "    ")}\n${outer}`,
    };
  }
  const indent = indentOf(text, last.start, "        ");
  return { status: "added", at: last.end, until: last.end, insert: `,\n${indent}${objectText(entry, indent)}` };
}

/** The object as 4-space JSON whose lines after the first carry `indent`. */
function objectText(entry: Record<string, unknown>, indent: string): string {
  return JSON.stringify(entry, null, 4).split("\n").join(`\n${indent}`);
}

/** The leading whitespace of the line holding `at`, when only whitespace precedes `at` on it. */
function indentOf(text: string, at: number, fallback: string): string {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const lead = text.slice(lineStart, at);
  return /^[ \t]*$/.test(lead) ? lead : fallback;
}
