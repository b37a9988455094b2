import { describe, expect, it } from "vitest";
import { buildAutomaton, scanText, type Automaton } from "./aho-corasick";
import { caseFold } from "./case-fold";

const layouts = [
  ["dense", {}],
  ["sparse", { maxDenseCells: 0 }],
] as const;

function matches(automaton: Automaton, text: string): number[] {
  return Array.from(automaton.found.subarray(0, scanText(automaton, text)));
}

describe.each(layouts)("Aho-Corasick automaton (%s)", (layout, options) => {
  it("chooses the requested layout", () => {
    expect(buildAutomaton(["a"], options).layout).toBe(layout);
  });

  it.each([
    // [patterns, text, ids reported (in order of first occurrence end)]
    [["he", "she", "his", "hers"], "ushers", [1, 0, 3]],
    [["he", "she", "his", "hers"], "USHERS", [1, 0, 3]],
    [["he", "she", "his", "hers"], "h e", []],
    [["a", "aa", "aaa"], "aaaa", [0, 1, 2]],
    [["abcd", "bc"], "abcx", [1]],
    [["c++", "(", "a.b", "\\d"], "use c++ (or a.b) not \\d", [0, 1, 2, 3]],
    [["x"], "", []],
    [["é", "σ", "д"], "ÉΣΔД", [0, 1, 2]],
    [["\u{10428}"], "deseret \u{10400}", [0]], // astral, folded as one code point
    [["\uD801"], "\uD801x", [0]], // lone surrogate in the text
  ] as const)("%j in %j → %j", (patterns, text, expected) => {
    const automaton = buildAutomaton(patterns.map(caseFold), options);
    expect(matches(automaton, text)).toEqual(expected);
  });

  it("reports a pattern once per scan however often it occurs, and again in the next scan", () => {
    const automaton = buildAutomaton(["ab", "b"], options);
    expect(matches(automaton, "ab ab ab b")).toEqual([0, 1]);
    expect(matches(automaton, "AB")).toEqual([0, 1]);
    expect(matches(automaton, "zzz")).toEqual([]);
  });

  it("rejects empty patterns", () => {
    expect(() => buildAutomaton(["a", ""], options)).toThrow(RangeError);
  });

  it("handles no patterns", () => {
    expect(matches(buildAutomaton([], options), "anything")).toEqual([]);
  });
});

describe("Aho-Corasick layout choice", () => {
  it("falls back to the sparse layout when the dense table would be too large", () => {
    // 1,000 distinct patterns of 20 CJK characters: ~20,000 states × ~20,000 symbols.
    const patterns = Array.from({ length: 1000 }, (_, p) =>
      Array.from({ length: 20 }, (_, i) => String.fromCharCode(0x4e00 + ((p * 20 + i) % 20000))).join(""),
    );
    const automaton = buildAutomaton(patterns);
    expect(automaton.layout).toBe("sparse");
    expect(matches(automaton, `xx${patterns[123]}yy${patterns[7]}`)).toEqual([123, 7]);
  });

  it("uses the dense layout for ordinary keyword lists", () => {
    expect(buildAutomaton(Array.from({ length: 100 }, (_, i) => `keyword-${i}`)).layout).toBe("dense");
  });
});

describe("Aho-Corasick layouts agree", () => {
  it("dense and sparse give the same matches on random input", () => {
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const alphabet = "abAB cé\u{10400}";
    const units = [...alphabet];
    const word = (max: number): string => Array.from({ length: 1 + rand(max) }, () => units[rand(units.length)]).join("");
    for (let round = 0; round < 200; round++) {
      const patterns = [...new Set(Array.from({ length: 1 + rand(6) }, () => caseFold(word(4))))];
      const dense = buildAutomaton(patterns);
      const sparse = buildAutomaton(patterns, { maxDenseCells: 0 });
      for (let t = 0; t < 5; t++) {
        const text = word(30);
        const expected = patterns
          .map((p, id) => [p, id] as const)
          .filter(([p]) => caseFold(text).includes(p))
          .map(([, id]) => id);
        expect(matches(dense, text).sort()).toEqual(expected);
        expect(matches(sparse, text).sort()).toEqual(expected);
      }
    }
  });
});
