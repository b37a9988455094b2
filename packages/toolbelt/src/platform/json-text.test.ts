import { describe, expect, it } from "vitest";
import { jsonErrorOffset, lineAndColumn, parseJsonText } from "./json-text";

describe("jsonErrorOffset", () => {
  it.each([
    '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}',
    " [ ] ",
    '"s"',
    "0",
    '{"nested":{"deep":[{}]}}',
    '{"a": [1, 2, {"b": "c\\u00e9"}], "d": -1.5e3, "e": true, "f": null}',
  ])("finds nothing wrong in %s", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonErrorOffset(text)).toBeUndefined();
  });

  it.each([
    ["", 0],
    ["{", 1],
    ['{"a":tru}', 8],
    ['{"a": tru}', 9],
    ['{"a":1,}', 7],
    ['{"a": 1,}', 8],
    ['{\n  "whitelist": [\n    "a.com",\n  ]\n}', 34],
    ["[1 2]", 3],
    ['{"a" 1}', 5],
    ["[01]", 2],
    ['"\\x"', 2],
    ['"a\nb"', 2],
    ['{"a": "x', 8],
    ["{} x", 3],
    ['{"a": 1} x', 9],
    ["{'a':1}", 1],
  ])("locates the error in %j at offset %d", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

describe("lineAndColumn", () => {
  it("reports 1-based line and column", () => {
    expect(lineAndColumn('{\n  "whitelist": [\n    "a.com",\n  ]\n}', 34)).toEqual({ line: 4, column: 3 });
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("parseJsonText", () => {
  const fail = (where: string): Error => new Error(where);

  it("parses JSON, a byte order mark ignored", () => {
    expect(parseJsonText('\ufeff{"a":1}', fail)).toEqual({ a: 1 });
  });

  it("says what is unexpected, and where", () => {
    expect(() => parseJsonText('{\n  "a": 1\n  "b": 2\n}', fail)).toThrow('unexpected "\\"" at line 3, column 3');
    expect(() => parseJsonText('{"a": [1,', fail)).toThrow("unexpected end of the file at line 1, column 10");
    expect(() => parseJsonText("", fail)).toThrow("unexpected end of the file at line 1, column 1");
  });
});
