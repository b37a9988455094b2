/**
 * The documentation is the contract users read. Each fact lives on one page, and the page must hold it:
 * every error code in docs/errors.md, every environment variable and configure() key in
 * docs/toolbelt/configuration.md, every unsupported HTTPClient option in docs/toolbelt/http-client.md.
 * The README keeps the set-up commands on its first screen, and no link in the docs leads nowhere.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV } from "../src/config/env";
import { CONFIGURE_KEYS, validateSettings } from "../src/config/resolve-config";
import { allErrorCodes } from "../src/errors/codes";
import { UNSUPPORTED_OPTIONS } from "../src/http/normalize-options";

const ROOT = resolve(__dirname, "../../..");
/** Where the package READMEs (read on npm, away from the repository) point for the docs. */
const REPOSITORY_BLOB = "https://github.com/lp-faas/lp-faas-toolbelt/blob/main/";

const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/** The text outside fenced code blocks, line by line (links and headings in code are not links or headings). */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split("\n").filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** Every inline link and image target of a page (link texts may wrap onto the next line), code spans left out. */
function linkTargets(text: string): string[] {
  const prose = proseLines(text)
    .map((line) => line.replace(/`[^`]*`/g, ""))
    .join("\n");
  return [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a "-", repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const rendered = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "");
    const base = rendered
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** A problem with `target` as linked from `page`, or undefined when the file (and heading) exist. */
function brokenLink(page: string, target: string): string | undefined {
  const [pathPart, fragment] = target.split("#", 2) as [string, string | undefined];
  const file = pathPart === "" ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURIComponent(pathPart));
  if (!existsSync(file)) return `${page}: ${target} (no file ${relative(ROOT, file)})`;
  if (fragment !== undefined && file.endsWith(".md") && !headingAnchors(readFileSync(file, "utf8")).has(decodeURIComponent(fragment))) {
    return `${page}: ${target} (no heading #${fragment} in ${relative(ROOT, file)})`;
  }
  return undefined;
}

const isAbsolute = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe("README", () => {
  const readme = read("README.md");

  it("shows the two set-up commands on its first screen", () => {
    const firstScreen = readme.split("\n").slice(0, 20).join("\n");
    expect(firstScreen).toContain("npm ci && npm start");
    expect(firstScreen).toContain("npm test");
  });

  it("stays short enough to read: about 8 KB, the reference lives in docs/", () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(8 * 1024);
  });
});

describe("docs pages", () => {
  it("docs/errors.md lists every error code", () => {
    const errors = read("docs/errors.md");
    const missing = allErrorCodes().filter((code) => !errors.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it("docs/toolbelt/configuration.md documents every environment variable and configure() key", () => {
    const configuration = read("docs/toolbelt/configuration.md");
    for (const name of Object.values(ENV)) expect(configuration).toContain(`\`${name}\``);
    const keys = CONFIGURE_KEYS;
    // Every key named here is one configure() accepts (an unknown key would throw).
    expect(() => validateSettings(Object.fromEntries(keys.map((k) => [k, undefined])))).not.toThrow();
    for (const key of keys) expect(configuration).toContain(`\`${key}`);
  });

  it("docs/toolbelt/http-client.md names every unsupported HTTPClient option", () => {
    const httpClient = read("docs/toolbelt/http-client.md");
    const missing = Object.keys(UNSUPPORTED_OPTIONS).filter((name) => !httpClient.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

describe("links", () => {
  const pages = ["README.md", "CONTRIBUTING.md", ...markdownFiles("docs")];

  it("finds the pages, their links and their headings' anchors", () => {
    expect(pages).toContain("docs/errors.md");
    expect(linkTargets(read("README.md")).length).toBeGreaterThan(10);
    expect(linkTargets('[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n![d](e.png "title") [wrapped\ntext](w.md)')).toEqual(["x.md", "e.png", "w.md"]);
    const anchors = headingAnchors("# Errors\n## Platform API (`/_platform/`)\n## LivePerson's APIs\n## A\n## A\n```\n# not a heading\n```");
    expect([...anchors]).toEqual(["errors", "platform-api-_platform", "livepersons-apis", "a", "a-1"]);
  });

  it("every relative link in README.md, CONTRIBUTING.md and docs/**/*.md points at an existing file and heading", () => {
    const broken = pages.flatMap((page) =>
      linkTargets(read(page))
        .filter((target) => !isAbsolute(target))
        .map((target) => brokenLink(page, target))
        .filter((problem): problem is string => problem !== undefined),
    );
    expect(broken).toEqual([]);
  });

  it("the package READMEs link to the docs by absolute URL, and each URL names an existing file", () => {
    for (const page of ["packages/toolbelt/README.md", "packages/platform/README.md"]) {
      const targets = linkTargets(read(page));
      expect(targets.filter((target) => !isAbsolute(target))).toEqual([]);
      const broken = targets
        .filter((target) => target.startsWith(REPOSITORY_BLOB))
        .map((target) => brokenLink("README.md", target.slice(REPOSITORY_BLOB.length)))
        .filter((problem): problem is string => problem !== undefined);
      expect(broken).toEqual([]);
      expect(targets.some((target) => target.startsWith(`${REPOSITORY_BLOB}docs/`))).toBe(true);
    }
  });
});
