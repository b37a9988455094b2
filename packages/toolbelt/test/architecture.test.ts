/** design.md §2: one egress path. Only src/egress/ may load undici or open sockets itself. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = resolve(__dirname, "../src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

const NETWORK_MODULES = /(?:from\s+|require\()\s*["'](undici|node:http|node:https|node:net|node:tls|http|https|net|tls)["']/;

describe("architecture", () => {
  it("keeps network modules inside src/egress/", () => {
    const offenders = sources(src)
      .filter((path) => !relative(src, path).startsWith("egress"))
      .filter((path) => NETWORK_MODULES.test(readFileSync(path, "utf8")))
      .map((path) => relative(src, path));
    expect(offenders).toEqual([]);
  });

  it("never uses the deprecated request family", () => {
    const offenders = sources(src).filter((path) => /["'](request|request-promise|request-promise-native|dropin-request)["']/.test(readFileSync(path, "utf8")));
    expect(offenders).toEqual([]);
    const manifest = JSON.parse(readFileSync(resolve(__dirname, "../package.json"), "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith("request"))).toEqual([]);
  });
});
