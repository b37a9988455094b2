import { describe, expect, it } from "vitest";
import { caseFold, foldCodePoint } from "./case-fold";

const escapeRegExp = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
const char = (cp: number): string => String.fromCodePoint(cp);
const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff;

/** Code points with any case behaviour: changed by toUpperCase, toLowerCase or our fold. */
function casedCodePoints(): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (isSurrogate(cp)) continue;
    const s = char(cp);
    if (s.toUpperCase() !== s || s.toLowerCase() !== s || foldCodePoint(cp) !== cp) out.push(cp);
  }
  return out;
}

describe("caseFold", () => {
  it.each([
    ["HELLO World", "hello world"],
    ["École ÉTÉ", "école été"],
    ["ΣΊΣΥΦΟΣ σίσυφος", "σίσυφοσ σίσυφοσ"], // final sigma folds to σ
    ["МОСКВА Москва", "москва москва"],
    ["straẞe STRAßE", "straße straße"], // capital sharp s folds to ß, not to "ss"
    ["\u212Aelvin", "kelvin"], // Kelvin sign
    ["\u017Fun", "sun"], // long s
    ["İı", "İı"], // Turkish dotted/dotless i have no simple folding
    ["\u{10400}\u{10428}", "\u{10428}\u{10428}"], // Deseret (astral)
    ["c++ (a.b) [\\d]", "c++ (a.b) [\\d]"],
    ["a\uD801b\uDC00", "a\uD801b\uDC00"], // lone surrogates stay
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(caseFold(input)).toBe(expected);
    expect(caseFold(input)).toHaveLength(input.length);
  });

  it("returns the same string when nothing changes", () => {
    const s = "already folded ä ö ü";
    expect(caseFold(s)).toBe(s);
  });

  it("never changes the plane of a code point (so UTF-16 lengths and pair positions are kept)", () => {
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (isSurrogate(cp)) continue;
      const f = foldCodePoint(cp);
      if (cp <= 0xffff !== f <= 0xffff || isSurrogate(f)) throw new Error(`U+${cp.toString(16)} folds to U+${f.toString(16)}`);
    }
    for (let cp = 0xd800; cp <= 0xdfff; cp++) expect(foldCodePoint(cp)).toBe(cp);
  });

  it("has exactly the equivalence classes of RegExp /…/iu (exhaustive over this engine's Unicode data)", () => {
    const cased = casedCodePoints();
    const all = cased.map(char).join("");
    const problems: string[] = [];
    for (const cp of cased) {
      const f = foldCodePoint(cp);
      // 1. cp is equivalent to its fold (the fold never merges two classes)…
      if (!new RegExp(`^${escapeRegExp(char(f))}$`, "iu").test(char(cp))) problems.push(`U+${cp.toString(16)} !~ fold`);
      // 2. …and everything the RegExp treats as equal folds alike (the fold never splits a class).
      for (const m of all.matchAll(new RegExp(escapeRegExp(char(cp)), "giu"))) {
        const other = m[0].codePointAt(0)!;
        if (foldCodePoint(other) !== f) problems.push(`U+${cp.toString(16)} ~ U+${other.toString(16)}`);
      }
    }
    // 3. No code point without case behaviour is equivalent to one with.
    const casedSet = new Set(cased);
    const anyCased = new RegExp(`[${cased.map((cp) => escapeRegExp(char(cp))).join("")}]`, "iu");
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (isSurrogate(cp) || casedSet.has(cp)) continue;
      if (anyCased.test(char(cp))) problems.push(`uncased U+${cp.toString(16)} matches a cased one`);
    }
    expect(problems).toEqual([]);
  });
});
