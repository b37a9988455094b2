/**
 * Which text of a message record the keyword scanner reads (and returns as `message`).
 *
 * | `type`          | text                                                               |
 * |-----------------|--------------------------------------------------------------------|
 * | `HOSTED_FILE`   | `messageData.file.caption` (as the official toolbelt)              |
 * | `RICH_CONTENT`  | the visible text of `messageData.richContent` (see below)          |
 * | any other type  | `messageData.msg.text` if a string: `TEXT_PLAIN` (as upstream) and |
 * |                 | also `TEXT_HTML` and other types that carry `msg.text` (markup is  |
 * |                 | scanned as written)                                                |
 *
 * The official toolbelt scans only `TEXT_PLAIN` and `HOSTED_FILE`; scanning the text
 * of other types is an addition. A record without a non-empty string is skipped.
 *
 * Rich content (structured content: cards, buttons, quick replies) is stored by the
 * Messaging Interactions API as `richContent.content`, a JSON string (an object is
 * accepted too). Its visible text is collected depth-first in document order and
 * joined with `\n`: `text` of `type: "text"` elements, `title` of any element
 * (buttons, quick replies, cards), `caption` of images. Click actions, metadata,
 * styles and tooltips are not visible text and are skipped. Content that is not
 * valid JSON yields no text.
 */

/** Keys under which structured content keeps things that are not displayed text. */
const SKIPPED_KEYS = new Set(["click", "actions", "metadata", "style", "tooltip", "accessibility", "rtl"]);
/** Bounds for hostile or absurd structured content. */
const MAX_DEPTH = 64;
const MAX_NODES = 10_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The scanned text of a message record, or `undefined` when it has none. */
export function extractMessageText(record: unknown): string | undefined {
  if (!isObject(record)) return undefined;
  const data = record["messageData"];
  if (!isObject(data)) return undefined;
  let text: unknown;
  switch (record["type"]) {
    case "HOSTED_FILE":
      text = isObject(data["file"]) ? data["file"]["caption"] : undefined;
      break;
    case "RICH_CONTENT":
      text = richContentText(data["richContent"]);
      break;
    default:
      text = isObject(data["msg"]) ? data["msg"]["text"] : undefined;
  }
  return typeof text === "string" && text.length > 0 ? text : undefined;
}

/** Visible text of a `messageData.richContent` value (see the module comment). */
export function richContentText(richContent: unknown): string | undefined {
  if (!isObject(richContent)) return undefined;
  let content: unknown = "content" in richContent ? richContent["content"] : richContent;
  if (typeof content === "string") {
    try {
      content = JSON.parse(content);
    } catch {
      return undefined;
    }
  }
  const parts: string[] = [];
  const budget = { nodes: MAX_NODES };
  collect(content, 0, parts, budget);
  return parts.length > 0 ? parts.join("\n") : undefined;
}

function collect(node: unknown, depth: number, parts: string[], budget: { nodes: number }): void {
  if (depth > MAX_DEPTH || budget.nodes-- <= 0 || !isObject(node)) return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, depth + 1, parts, budget);
    return;
  }
  const type = node["type"];
  if (type === "text") push(parts, node["text"]);
  push(parts, node["title"]);
  if (type === "image") push(parts, node["caption"]);
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = node[key];
    if (isObject(value)) collect(value, depth + 1, parts, budget);
  }
}

function push(parts: string[], value: unknown): void {
  if (typeof value === "string" && value.length > 0) parts.push(value);
}
