import { describe, expect, it } from "vitest";
import { headersOf } from "./fetch-dispatcher";

describe("headersOf: undici's request header forms", () => {
  it.each([
    ["an object", { Host: "a.test", accept: ["x", "y"] }],
    [
      "pairs",
      [
        ["Host", "a.test"],
        ["accept", "x"],
        ["accept", "y"],
      ],
    ],
    ["a flat list", ["Host", "a.test", "accept", "x", "accept", "y"]],
    [
      "an iterable",
      new Map<string, string | string[]>([
        ["Host", "a.test"],
        ["accept", ["x", "y"]],
      ]),
    ],
  ])("%s", (_form, raw) => {
    expect(headersOf(raw)).toEqual({ Host: "a.test", accept: ["x", "y"] });
  });

  it("no headers", () => {
    expect(headersOf(undefined)).toEqual({});
  });
});
