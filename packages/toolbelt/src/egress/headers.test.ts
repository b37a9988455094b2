/** The request core's header handling. */
import { describe, expect, it } from "vitest";
import { allHeaderValues, headerValue, normaliseResponseHeaders, withPlatformHeaders } from "./headers";

describe("header lookups", () => {
  it("find a header in any letter case", () => {
    expect(headerValue({ "User-Agent": "x" }, "user-agent")).toBe("x");
    expect(headerValue({ "LP-URL": ["a", "b"] }, "lp-url")).toBe("a");
    expect(headerValue({ accept: "y" }, "user-agent")).toBeUndefined();
    expect(allHeaderValues({ Host: "a", host: ["b", "c"], other: "d" }, "host")).toEqual(["a", "b", "c"]);
  });
});

describe("withPlatformHeaders", () => {
  it.each([
    ["adds both", { accept: "x" }, { lambdaUuid: "u-1", brandId: "le1" }, { accept: "x", "user-agent": "LP-Lambda-u-1", "lp-url": "le1" }],
    [
      "keeps the caller's, in any case",
      { "User-Agent": "mine", "LP-URL": "other" },
      { lambdaUuid: "u-1", brandId: "le1" },
      { "User-Agent": "mine", "LP-URL": "other" },
    ],
    ["adds nothing without a uuid or account", { accept: "x" }, { lambdaUuid: undefined, brandId: undefined }, { accept: "x" }],
  ])("%s", (_name, headers, config, expected) => {
    const before = JSON.stringify(headers);
    expect(withPlatformHeaders(headers, config)).toEqual(expected);
    expect(JSON.stringify(headers)).toBe(before);
  });
});

describe("normaliseResponseHeaders", () => {
  it("lower-cases names, joins repeated values, keeps set-cookie a list, drops undefined", () => {
    expect(normaliseResponseHeaders({ "Content-Type": "text/plain", Vary: ["a", "b"], "Set-Cookie": "c=1", gone: undefined })).toEqual({
      "content-type": "text/plain",
      vary: "a, b",
      "set-cookie": ["c=1"],
    });
  });
});
