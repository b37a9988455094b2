/** The `lp-faas context` argument parsers: the store's rules, with command-line messages. */
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { formatTtl } from "./format";
import { parseAccountId, parseNamespaceName, parseSessionId } from "./options";

describe("argument parsers", () => {
  it.each<[string, (value: string) => string, string, string | undefined]>([
    ["account id", parseAccountId, "12345678", undefined],
    ["account id", parseAccountId, "no way", 'an account id is 1-64 letters, digits, "_" or "-"'],
    ["account id", parseAccountId, "", "an account id is"],
    ["namespace", parseNamespaceName, "faas", undefined],
    ["namespace", parseNamespaceName, "x".repeat(100), undefined],
    ["namespace", parseNamespaceName, "bad.name", 'a namespace name is 1-100 letters, digits, "_" or "-".'],
    ["namespace", parseNamespaceName, "x".repeat(101), "a namespace name is"],
    ["session id", parseSessionId, "conv 1?x", undefined],
    ["session id", parseSessionId, "a/b", 'a session id is 1-256 characters, without "/", and not "." or "..".'],
    ["session id", parseSessionId, "..", "a session id is"],
    ["session id", parseSessionId, "x".repeat(257), "a session id is"],
  ])("%s %j", (_what, parse, value, refusal) => {
    if (refusal === undefined) {
      expect(parse(value)).toBe(value);
      return;
    }
    expect(() => parse(value)).toThrow(InvalidArgumentError);
    expect(() => parse(value)).toThrow(refusal);
  });
});

describe("formatTtl", () => {
  it.each<[number | undefined, string]>([
    [undefined, "none"],
    [1, "1 s"],
    [59, "59 s"],
    [90, "90 s (1.5 min)"],
    [3600, "3600 s (1 h)"],
    [86_400, "86400 s (1 d)"],
  ])("%j → %s", (ttl, text) => {
    expect(formatTtl(ttl)).toBe(text);
  });
});
