import { describe, expect, it } from "vitest";
import { PlatformError } from "../errors";
import { findJsonErrorOffset, lineColumnAt, parseProjectJson } from "./json-text";

describe("findJsonErrorOffset", () => {
  it.each(['{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"]}', " [ ] ", '"s"', "0", '{"nested":{"deep":[{}]}}'])("finds nothing wrong in %s", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonErrorOffset(text)).toBeUndefined();
  });

  it.each([
    ["", 0],
    ["{", 1],
    ['{"a":tru}', 8],
    ['{"a":1,}', 7],
    ["[1 2]", 3],
    ['{"a" 1}', 5],
    ["[01]", 2],
    ['"\\x"', 2],
    ['"a\nb"', 2],
    ["{} x", 3],
    ["{'a':1}", 1],
  ])("locates the error in %j at offset %d", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonErrorOffset(text)).toBe(offset);
  });
});

describe("parseProjectJson", () => {
  it("names the file, the line and the column; ignores a byte order mark", () => {
    expect(parseProjectJson("f.json", '\ufeff{"a":1}')).toEqual({ a: 1 });
    expect(lineColumnAt("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    try {
      parseProjectJson("/p/functions/settings.json", '{\n  "a": 1\n  "b": 2\n}');
      throw new Error("should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(PlatformError);
      expect((error as PlatformError).message).toBe('/p/functions/settings.json: not valid JSON: unexpected "\\"" at line 3, column 3');
    }
  });
});
