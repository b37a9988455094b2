/**
 * JSON text written by hand (settings.json, config.json, fixtures, imports)
 * parsed with errors a person can act on: "unexpected "}" at line 4, column 1".
 * Node 20's `JSON.parse` gives a position for some mistakes only ("Unexpected
 * end of JSON input", "Unexpected token 'x', ... is not valid JSON" carry none),
 * so a small scanner over the JSON grammar locates the first offending
 * character when it has to; `JSON.parse` still does the parsing. A leading
 * byte order mark (what some Windows editors write) is ignored.
 */

/** Where the scanner stopped: the offset of the first character that breaks the grammar. */
class ScanStop extends Error {
  constructor(readonly at: number) {
    super(`JSON breaks at offset ${at}`);
  }
}

/**
 * The offset of the first character that breaks the JSON grammar, or
 * undefined when the text is valid JSON. Only locates; `JSON.parse` parses.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let pos = 0;
  const stop = (): never => {
    throw new ScanStop(pos);
  };
  const skipSpace = (): void => {
    while (pos < text.length && (text[pos] === " " || text[pos] === "\t" || text[pos] === "\n" || text[pos] === "\r")) pos++;
  };
  const expect = (char: string): void => {
    skipSpace();
    if (text[pos] !== char) stop();
    pos++;
  };
  const scanString = (): void => {
    if (text[pos] !== '"') stop();
    pos++;
    for (;;) {
      if (pos >= text.length) stop();
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return;
      }
      if (c < 0x20) stop();
      if (c === 0x5c) {
        const esc = text[pos + 1];
        if (esc === "u") {
          pos += 2;
          for (let k = 0; k < 4; k++, pos++) if (!/[0-9a-fA-F]/.test(text[pos] ?? "")) stop();
          continue;
        }
        pos++;
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) stop();
      }
      pos++;
    }
  };
  const scanValue = (): void => {
    skipSpace();
    const c = text[pos];
    if (c === "{") {
      pos++;
      skipSpace();
      if (text[pos] === "}") return void pos++;
      for (;;) {
        skipSpace();
        scanString();
        expect(":");
        scanValue();
        skipSpace();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") return void pos++;
        else stop();
      }
    }
    if (c === "[") {
      pos++;
      skipSpace();
      if (text[pos] === "]") return void pos++;
      for (;;) {
        scanValue();
        skipSpace();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") return void pos++;
        else stop();
      }
    }
    if (c === '"') return scanString();
    for (const word of ["true", "false", "null"]) {
      if (c === word[0]) {
        for (const expected of word) {
          if (text[pos] !== expected) stop();
          pos++;
        }
        return;
      }
    }
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = pos;
    if (!number.test(text)) stop();
    pos = number.lastIndex;
  };
  try {
    scanValue();
    skipSpace();
    return pos < text.length ? pos : undefined;
  } catch (error) {
    if (error instanceof ScanStop) return error.at;
    throw error;
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * `JSON.parse` of a file's text, a leading byte order mark ignored. On a syntax
 * error throws what `fail` makes of e.g. `unexpected "}" at line 4, column 1`.
 */
export function parseJsonText(text: string, fail: (where: string) => Error): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const reported = /at position (\d+)/.exec((error as Error).message);
    const offset = reported ? Number(reported[1]) : (jsonErrorOffset(body) ?? body.length);
    const { line, column } = lineAndColumn(body, offset);
    const what = offset >= body.length ? "unexpected end of the file" : `unexpected ${JSON.stringify(body[offset])}`;
    throw fail(`${what} at line ${line}, column ${column}`);
  }
}

/**
 * The offsets of the elements of the array held by `member` of the top-level
 * object of valid JSON `text` (the last such member, as `JSON.parse` keeps),
 * or undefined when there is none: so a checker of a parsed file can say on
 * which line a bad element starts. Only walks; `text` must already parse.
 */
export function arrayElementOffsets(text: string, member: string): number[] | undefined {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const space = (): void => {
    while (pos < text.length && (text[pos] === " " || text[pos] === "\t" || text[pos] === "\n" || text[pos] === "\r")) pos++;
  };
  const skipString = (): void => {
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === "\\" ? 2 : 1;
    pos++;
  };
  const skipValue = (): void => {
    space();
    if (text[pos] === '"') return skipString();
    if (text[pos] === "{" || text[pos] === "[") {
      let depth = 0;
      do {
        const c = text[pos];
        if (c === '"') {
          skipString();
          continue;
        }
        if (c === "{" || c === "[") depth++;
        else if (c === "}" || c === "]") depth--;
        pos++;
      } while (depth > 0 && pos < text.length);
      return;
    }
    while (pos < text.length && !",]} \t\n\r".includes(text[pos]!)) pos++;
  };
  space();
  if (text[pos] !== "{") return undefined;
  pos++;
  let found: number[] | undefined;
  for (;;) {
    space();
    if (text[pos] !== '"') break;
    const start = pos;
    skipString();
    const name = JSON.parse(text.slice(start, pos)) as string;
    space();
    pos++; // ":"
    space();
    if (name === member && text[pos] === "[") {
      const offsets: number[] = [];
      pos++;
      space();
      while (pos < text.length && text[pos] !== "]") {
        space();
        offsets.push(pos);
        skipValue();
        space();
        if (text[pos] === ",") pos++;
      }
      pos++;
      found = offsets;
    } else skipValue();
    space();
    if (text[pos] === ",") pos++;
  }
  return found;
}
