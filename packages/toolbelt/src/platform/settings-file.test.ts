import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findSettingsFile, parseSettingsText, SettingsFileError } from "./settings-file";

describe("parseSettingsText", () => {
  it("reads secrets and the allowlist, keeping other members", () => {
    const document = parseSettingsText('{"secrets":[{"key":"a","value":{"x":1}},{"key":"b","value":null}],"whitelist":["api.example.com"],"other":true}');
    expect(document.secrets).toEqual([
      { key: "a", value: { x: 1 } },
      { key: "b", value: null },
    ]);
    expect(document.whitelist).toEqual(["api.example.com"]);
    expect(document.raw).toMatchObject({ other: true });
  });

  it("treats an empty or blank file, with or without a byte order mark, like a missing one", () => {
    for (const text of ["", "  \n", "\ufeff", "\ufeff\n"]) expect(parseSettingsText(text)).toEqual({ raw: {}, secrets: undefined, whitelist: undefined });
  });

  it("ignores a byte order mark before JSON", () => {
    expect(parseSettingsText('\ufeff{"whitelist":[]}').whitelist).toEqual([]);
  });

  it.each([
    ['{\n  "whitelist": [\n    "a.com",\n  ]\n}', /^not valid JSON: unexpected "]" at line 4, column 3$/],
    ["[]", /must be a JSON object/],
    ['{"secrets": {}}', /"secrets" must be an array/],
    ['{"whitelist": "a.com"}', /"whitelist" must be an array/],
    ['{"secrets": [{"value": 1}]}', /^secrets\[0\] at line 1, column 14 must be an object/],
    ['{"whitelist": ["a.com", 7]}', /^whitelist\[1\] at line 1, column 25 must be a string/],
    [
      '{\n  "secrets": [\n    { "key": "a", "value": 1 },\n    { "key": "b" }\n  ]\n}',
      /^secrets\[1\] at line 4, column 5 \(key "b"\) has no "value"; write \{ "key": "b", "value": <any JSON> \}$/,
    ],
    [
      '{\n  "secrets": [\n    { "key": "a", "value": 1 },\n    { "key": "[\\"]", "value": [2, {"k": "]"}] },\n    { "key": "a", "value": 3 }\n  ]\n}',
      /^secrets\[2\] at line 5, column 5 repeats the key "a" of secrets\[0\] at line 3, column 5; each secret needs its own key$/,
    ],
  ])("refuses %j", (text, message) => {
    expect(() => parseSettingsText(text)).toThrow(SettingsFileError);
    expect(() => parseSettingsText(text)).toThrow(message);
  });
});

describe("findSettingsFile", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("finds functions/settings.json from a folder inside the project", () => {
    dir = mkdtempSync(join(tmpdir(), "lp-faas-settings-"));
    mkdirSync(join(dir, "functions", "greeting"), { recursive: true });
    writeFileSync(join(dir, "functions", "settings.json"), "{}");
    expect(findSettingsFile(join(dir, "functions", "greeting"))).toBe(join(dir, "functions", "settings.json"));
  });
});
