/**
 * The toolbelt's layers are enforced by the lint gate (eslint.config.mjs: egress/ is the only folder that
 * opens connections; no request family; never the platform). What lint cannot see is the manifest.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

describe("architecture", () => {
  it("depends on no package of the deprecated request family", () => {
    const manifest = JSON.parse(readFileSync(resolve(__dirname, "../package.json"), "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith("request"))).toEqual([]);
  });
});
