/** The README is the contract users read: every code, setting and unsupported option must be in it. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV } from "../src/config/env";
import { validateSettings } from "../src/config/resolve-config";
import { allErrorCodes } from "../src/errors/codes";
import { UNSUPPORTED_OPTIONS } from "../src/http/normalize-options";

const readme = readFileSync(resolve(__dirname, "../../../README.md"), "utf8");

describe("README", () => {
  it("shows the two set-up commands on its first screen", () => {
    const firstScreen = readme.split("\n").slice(0, 20).join("\n");
    expect(firstScreen).toContain("npm start");
    expect(firstScreen).toContain("npm test");
  });

  it("lists every error code", () => {
    const missing = allErrorCodes().filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it("documents every environment variable and configure() key", () => {
    for (const name of Object.values(ENV)) expect(readme).toContain(`\`${name}\``);
    const keys = ["brandId", "lambdaUuid", "csdsDomain", "platformUrl", "allowlist", "rateLimit", "secrets", "secretCacheMs", "httpsProxy", "httpProxy", "noProxy"];
    expect(() => validateSettings(Object.fromEntries(keys.map((k) => [k, undefined])))).not.toThrow();
    for (const key of keys) expect(readme).toContain(`\`${key}`);
  });

  it("names every unsupported HTTPClient option", () => {
    const missing = Object.keys(UNSUPPORTED_OPTIONS).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
