/**
 * JSON with comments, as VS Code writes its settings (`.vscode/launch.json`):
 * `//` and `/* *\/` comments and trailing commas allowed. Parsed into a tree
 * that keeps where each value starts and ends in the text, so a caller can
 * change one value by splicing the text and leave the user's comments,
 * formatting and other entries exactly as they were.
 */

export type JsoncNode =
  | { readonly kind: "object"; readonly start: number; readonly end: number; readonly members: ReadonlyArray<{ key: string; value: JsoncNode }> }
  | { readonly kind: "array"; readonly start: number; readonly end: number; readonly items: readonly JsoncNode[] }
  | { readonly kind: "value"; readonly start: number; readonly end: number; readonly value: unknown };

export class JsoncSyntaxError extends Error {
  override readonly name = "JsoncSyntaxError";
}

/** Parses the text (`end` is the index just past each value); throws JsoncSyntaxError naming the line and column. */
export function parseJsonc(text: string): JsoncNode {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (what: string): never => {
    const before = text.slice(0, at).split("\n");
    throw new JsoncSyntaxError(`${what} at line ${before.length}, column ${before[before.length - 1]!.length + 1}`);
  };

  const skip = (): void => {
    for (;;) {
      while (at < text.length && /\s/.test(text[at]!)) at++;
      if (text.startsWith("//", at)) {
        const end = text.indexOf("\n", at);
        at = end === -1 ? text.length : end + 1;
      } else if (text.startsWith("/*", at)) {
        const end = text.indexOf("*/", at + 2);
        if (end === -1) fail("an unterminated comment");
        at = end + 2;
      } else return;
    }
  };

  const string = (): string => {
    const start = at;
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    if (at >= text.length) fail("an unterminated string");
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      at = start;
      return fail("a malformed string");
    }
  };

  const value = (): JsoncNode => {
    skip();
    const start = at;
    const char = text[at];
    if (char === "{") {
      at++;
      const members: Array<{ key: string; value: JsoncNode }> = [];
      for (;;) {
        skip();
        if (text[at] === "}") break;
        if (text[at] !== '"') fail('a property name in double quotes or "}" expected');
        const key = string();
        skip();
        if (text[at] !== ":") fail('":" expected');
        at++;
        members.push({ key, value: value() });
        skip();
        if (text[at] === ",") at++;
        else if (text[at] !== "}") fail('"," or "}" expected');
      }
      at++;
      return { kind: "object", start, end: at, members };
    }
    if (char === "[") {
      at++;
      const items: JsoncNode[] = [];
      for (;;) {
        skip();
        if (text[at] === "]") break;
        items.push(value());
        skip();
        if (text[at] === ",") at++;
        else if (text[at] !== "]") fail('"," or "]" expected');
      }
      at++;
      return { kind: "array", start, end: at, items };
    }
    if (char === '"') {
      const parsed = string();
      return { kind: "value", start, end: at, value: parsed };
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 400));
    if (!literal) return fail(at >= text.length ? "an unexpected end" : "a value expected");
    at += literal[0].length;
    return { kind: "value", start, end: at, value: JSON.parse(literal[0]) };
  };

  const root = value();
  skip();
  if (at < text.length) fail("text after the end");
  return root;
}

/** The plain value of a node. */
export function jsoncValue(node: JsoncNode): unknown {
  if (node.kind === "value") return node.value;
  if (node.kind === "array") return node.items.map(jsoncValue);
  return Object.fromEntries(node.members.map((m) => [m.key, jsoncValue(m.value)]));
}
