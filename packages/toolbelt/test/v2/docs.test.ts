/** B21: the V2 docs show the API as it is (core-functions-toolbelt's docs did not). */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Toolbelt } from "../../src/v2/index";

const DOCS = resolve(__dirname, "../../../../docs/toolbelt/v2");
const pages = readdirSync(DOCS)
  .filter((name) => name.endsWith(".md"))
  .map((name) => ({ name, text: readFileSync(join(DOCS, name), "utf8") }));

describe("docs/toolbelt/v2", () => {
  it("B21: names no method the V2 toolbelt lacks and no V1 environment variable", () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const { name, text } of pages) {
      expect(text, name).not.toMatch(/writeSecret/);
      expect(text, name).not.toMatch(/GDPRUtil\(?\)?\.getConversationById/);
      // BRAND_ID only as X_LIVEPERSON_BRAND_ID, except where a line compares with V1.
      for (const line of text.split("\n").filter((l) => !l.includes("V1"))) {
        expect(line.replace(/X_LIVEPERSON_BRAND_ID/g, ""), name).not.toMatch(/\bBRAND_ID\b/);
      }
    }
  });

  it("B21: every Toolbelt factory named is one that exists, called with ()", () => {
    const factories = new Set(Object.getOwnPropertyNames(Toolbelt).filter((n) => typeof (Toolbelt as unknown as Record<string, unknown>)[n] === "function"));
    for (const { name, text } of pages) {
      const v2Lines = text
        .split("\n")
        .filter((l) => !l.includes("V1"))
        .join("\n");
      for (const match of v2Lines.matchAll(/(?<!ErrorCodes\.)\bToolbelt\.([A-Za-z]+)(\(?)/g)) {
        expect(factories.has(match[1]!), `${name}: Toolbelt.${match[1]}`).toBe(true);
        expect(match[2], `${name}: Toolbelt.${match[1]} without ()`).toBe("(");
      }
    }
  });
});
