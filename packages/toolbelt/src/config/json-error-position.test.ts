import { describe, expect, it } from "vitest";
import { jsonErrorOffset, lineAndColumn } from "./json-error-position";

describe("jsonErrorOffset", () => {
  it.each([
    ['{"a": [1, 2, {"b": "c\\u00e9"}], "d": -1.5e3, "e": true, "f": null}', undefined],
    ["[]", undefined],
    ['{\n  "whitelist": [\n    "a.com",\n  ]\n}', 34],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ["{'a': 1}", 1],
    ['{"a": tru}', 6],
    ['{"a": 1} x', 9],
    ['{"a": "x', 8],
    ["", 0],
  ])("%j → %s", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    if (offset === undefined) expect(() => JSON.parse(text)).not.toThrow();
    else expect(() => JSON.parse(text)).toThrow();
  });

  it("reports 1-based line and column", () => {
    expect(lineAndColumn('{\n  "whitelist": [\n    "a.com",\n  ]\n}', 34)).toEqual({ line: 4, column: 3 });
  });
});
