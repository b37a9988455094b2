import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { scanConversationForKeywords } from "./keyword-scanner";
import type { Conversation, KeywordScannerResult, MessageRecord } from "./types";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

let clock = 1_560_764_690_000;
const text = (t: string, sentBy = "Consumer"): MessageRecord => ({ type: "TEXT_PLAIN", messageData: { msg: { text: t } }, timeL: clock++, sentBy });
const file = (caption: string, sentBy = "Agent"): MessageRecord => ({
  type: "HOSTED_FILE",
  messageData: { file: { caption, relativePath: "/v1/x.png" } },
  timeL: clock++,
  sentBy,
});
const conv = (...records: MessageRecord[][]): Conversation => ({
  _metadata: {},
  conversationHistoryRecords: records.map((messageRecords) => ({ messageRecords })),
});
/** `[tag-keyword, message]` pairs, the shape most tables below compare. */
const pairs = (results: KeywordScannerResult[]): [string, string][] => results.map((r) => [r.tag.slice("keywordRef:".length), r.message]);

const escapeRegExp = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/** The official algorithm, made literal: one escaped case-insensitive Unicode RegExp per keyword. */
function naiveScan(conversation: Conversation, keywords: string[]): KeywordScannerResult[] {
  const messages = conversation.conversationHistoryRecords.flatMap((r) => r.messageRecords ?? []);
  const out: KeywordScannerResult[] = [];
  for (const keyword of keywords) {
    if (keyword === "") continue;
    const re = new RegExp(escapeRegExp(keyword), "iu");
    for (const m of messages) {
      const t = m.type === "HOSTED_FILE" ? m.messageData.file?.caption : m.messageData.msg?.text;
      if (t && re.test(t)) out.push({ message: t, sentTimestamp: m.timeL, sentBy: m.sentBy, tag: `keywordRef:${keyword}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

describe("scanConversationForKeywords: keywords are literal", () => {
  it.each([
    // [keyword, message, matches?]
    ["c++", "I code in C++ daily", true],
    ["c++", "I code in c daily", false],
    ["a.b", "see a.b here", true],
    ["a.b", "see axb here", false],
    ["(", "smile (", true],
    ["(", "no parens", false],
    [")", "x)", true],
    ["\\d", "escape \\d means digit", true],
    ["\\d", "digit 7", false],
    ["[", "array[0]", true],
    ["[a-z]", "letters [A-Z] here", true],
    ["[a-z]", "letters q", false],
    ["$5", "costs $5", true],
    ["^start", "a ^start marker", true],
    ["^start", "start of line", false],
    ["a|b", "pick a|b", true],
    ["a|b", "just a", false],
    ["x*", "x", false],
    ["x*", "x* wildcard", true],
    ["?", "why?", true],
    ["{2}", "a{2}", true],
    ["/", "and/or", true],
    ["(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", false], // ReDoS-shaped, literal: instant
  ])("%j in %j → %s", (keyword, message, expected) => {
    const results = scanConversationForKeywords(conv([text(message)]), [keyword]);
    expect(results.length).toBe(expected ? 1 : 0);
  });
});

describe("scanConversationForKeywords: Unicode case-insensitivity", () => {
  it.each([
    // [keyword, message, matches?]
    ["keyword", "KEYWORD", true],
    ["KeyWord", "a keyword!", true],
    ["é", "ÉCOLE", true],
    ["ÉCOLE", "une école", true],
    ["e", "ÉTÉ", false], // accents are not ignored, only case
    ["é", "e\u0301", false], // no Unicode normalisation (NFC é vs NFD e + combining acute), as RegExp
    ["σίσυφος", "ΣΊΣΥΦΟΣ", true], // Greek, with final sigma
    ["ς", "Σ", true],
    ["москва", "МОСКВА", true], // Cyrillic
    ["ЁЛКА", "ёлка", true],
    ["straße", "STRAẞE", true], // capital sharp s
    ["straße", "STRASSE", false], // simple folding: documented, not full folding
    ["\u212A", "k", true], // Kelvin sign ~ k (as /…/iu)
    ["ſ", "S", true], // long s ~ s (as /…/iu)
    ["i", "İ", false], // Turkish dotted capital I is not i
    ["ı", "I", false], // Turkish dotless i is not I
    ["\u{10400}", "\u{10428}", true], // Deseret, astral
    ["日本", "日本語", true],
    ["😀", "hi 😀!", true],
  ])("%j in %j → %s", (keyword, message, expected) => {
    const results = scanConversationForKeywords(conv([text(message)]), [keyword]);
    expect(results.length).toBe(expected ? 1 : 0);
    expect(results.length).toBe(naiveScan(conv([text(message)]), [keyword]).length);
  });

  it("never matches half of a surrogate pair (malformed keywords with lone surrogates)", () => {
    const c = conv([text("\u{1F600}")], [text("x\uD83D")], [text("\uDE00y")]);
    // "\uD83D" alone is the first half of 😀 (U+1F600 = D83D DE00).
    expect(pairs(scanConversationForKeywords(c, ["\uD83D", "\uDE00", "x\uD83D", "\uDE00y", "\u{1F600}"]))).toEqual([
      ["\uD83D", "x\uD83D"],
      ["\uDE00", "\uDE00y"],
      ["x\uD83D", "x\uD83D"],
      ["\uDE00y", "\uDE00y"],
      ["\u{1F600}", "\u{1F600}"],
    ]);
  });
});

describe("scanConversationForKeywords: result shape and order", () => {
  it("gives the seed's documented result (keyword-major, message order, one entry per message × keyword)", () => {
    const conversation: Conversation = {
      _metadata: {},
      conversationHistoryRecords: [
        {
          messageRecords: [
            { type: "TEXT_PLAIN", messageData: { msg: { text: "Will we use Keywords in this conversation?" } }, timeL: 1560764690328, sentBy: "Consumer" },
            { type: "TEXT_PLAIN", messageData: { msg: { text: "Nothing here." } }, timeL: 1560764700000, sentBy: "Consumer" },
            { type: "TEXT_PLAIN", messageData: { msg: { text: "We definitely will, because keywords are awesome!" } }, timeL: 1560764734592, sentBy: "Agent" },
          ],
        },
      ],
    };
    expect(scanConversationForKeywords(conversation, ["Keyword", "awesome"])).toEqual([
      { message: "Will we use Keywords in this conversation?", sentTimestamp: 1560764690328, sentBy: "Consumer", tag: "keywordRef:Keyword" },
      { message: "We definitely will, because keywords are awesome!", sentTimestamp: 1560764734592, sentBy: "Agent", tag: "keywordRef:Keyword" },
      { message: "We definitely will, because keywords are awesome!", sentTimestamp: 1560764734592, sentBy: "Agent", tag: "keywordRef:awesome" },
    ]);
  });

  it.each([
    {
      name: "keyword-major, then message order",
      records: [[text("b1"), text("a1 b2")], [text("a2")]],
      keywords: ["b", "a"],
      expected: [
        ["b", "b1"],
        ["b", "a1 b2"],
        ["a", "a1 b2"],
        ["a", "a2"],
      ],
    },
    {
      name: "one message matching several keywords appears once per keyword",
      records: [[text("apples and pears and plums")]],
      keywords: ["plum", "apple", "pear"],
      expected: [
        ["plum", "apples and pears and plums"],
        ["apple", "apples and pears and plums"],
        ["pear", "apples and pears and plums"],
      ],
    },
    {
      name: "a keyword occurring many times in one message gives one entry",
      records: [[text("ha ha HA hA ha")]],
      keywords: ["ha"],
      expected: [["ha", "ha ha HA hA ha"]],
    },
    {
      name: "overlapping keywords (he, she, hers)",
      records: [[text("ushers"), text("she"), text("her")]],
      keywords: ["he", "she", "hers"],
      expected: [
        ["he", "ushers"],
        ["he", "she"],
        ["he", "her"],
        ["she", "ushers"],
        ["she", "she"],
        ["hers", "ushers"],
      ],
    },
    {
      name: "duplicate and case-variant keywords keep their own tags",
      records: [[text("Foo")]],
      keywords: ["foo", "FOO", "foo"],
      expected: [
        ["foo", "Foo"],
        ["FOO", "Foo"],
        ["foo", "Foo"],
      ],
    },
    {
      name: "empty keywords are ignored",
      records: [[text("anything")]],
      keywords: ["", "any", ""],
      expected: [["any", "anything"]],
    },
    {
      name: "messages without text are skipped",
      records: [[text(""), text("x"), file(""), { type: "TEXT_PLAIN", messageData: {}, timeL: 1, sentBy: "Consumer" }]],
      keywords: ["x"],
      expected: [["x", "x"]],
    },
    {
      name: "all records are scanned, in order",
      records: [[text("r0 key")], [], [text("r2 key"), text("r2 other")], [text("r3 KEY")]],
      keywords: ["key"],
      expected: [
        ["key", "r0 key"],
        ["key", "r2 key"],
        ["key", "r3 KEY"],
      ],
    },
    {
      name: "HOSTED_FILE captions are scanned",
      records: [[file("Invoice attached"), text("see invoice")]],
      keywords: ["invoice"],
      expected: [
        ["invoice", "Invoice attached"],
        ["invoice", "see invoice"],
      ],
    },
    {
      name: "no keywords → no results",
      records: [[text("x")]],
      keywords: [],
      expected: [],
    },
  ])("$name", ({ records, keywords, expected }) => {
    expect(pairs(scanConversationForKeywords(conv(...records), keywords))).toEqual(expected);
  });

  it("returns sentTimestamp and sentBy from each message record", () => {
    const r = scanConversationForKeywords(conv([{ type: "TEXT_PLAIN", messageData: { msg: { text: "hi" } }, timeL: 42, sentBy: "Agent" }]), ["HI"]);
    expect(r).toEqual([{ message: "hi", sentTimestamp: 42, sentBy: "Agent", tag: "keywordRef:HI" }]);
  });

  it("scans other text-bearing types: TEXT_HTML and RICH_CONTENT", () => {
    const rich: MessageRecord = {
      type: "RICH_CONTENT",
      messageData: {
        richContent: {
          content: JSON.stringify({
            type: "vertical",
            elements: [
              { type: "text", text: "Pick a plan" },
              { type: "button", title: "Premium", click: { actions: [{ type: "publishText", text: "hidden action" }] } },
            ],
          }),
        },
      },
      timeL: 7,
      sentBy: "Agent",
    };
    const html: MessageRecord = { type: "TEXT_HTML", messageData: { msg: { text: "<b>Premium</b> offer" } }, timeL: 8, sentBy: "Agent" };
    expect(pairs(scanConversationForKeywords(conv([rich, html]), ["premium", "hidden"]))).toEqual([
      ["premium", "Pick a plan\nPremium"],
      ["premium", "<b>Premium</b> offer"],
    ]);
  });

  it("skips records and messages that are not objects, and records without messageRecords", () => {
    const c = {
      _metadata: {},
      conversationHistoryRecords: [null, 7, { info: {} }, { messageRecords: "nope" }, { messageRecords: [null, "x", text("ok key")] }],
    };
    expect(pairs(scanConversationForKeywords(c as unknown as Conversation, ["key"]))).toEqual([["key", "ok key"]]);
  });

  it("gives [] for an empty conversationHistoryRecords", () => {
    expect(scanConversationForKeywords({ _metadata: {}, conversationHistoryRecords: [] }, ["x"])).toEqual([]);
  });

  it("gives the same results with the sparse automaton layout", () => {
    const c = conv([text("ushers"), text("c++ and a.b")], [file("Σ caption")]);
    const keywords = ["he", "she", "hers", "C++", "A.B", "σ"];
    expect(scanConversationForKeywords(c, keywords, { maxDenseCells: 0 })).toEqual(scanConversationForKeywords(c, keywords));
  });
});

// ---------------------------------------------------------------------------
// Validation and purity
// ---------------------------------------------------------------------------

describe("scanConversationForKeywords: validation", () => {
  const conversationMessage = "Please provide conversation object with message records.";
  const keywordsMessage = "Please provide array containing keywords.";

  it.each([
    ["undefined conversation", undefined, ["x"], conversationMessage],
    ["null conversation", null, ["x"], conversationMessage],
    ["string conversation", "conv", ["x"], conversationMessage],
    ["no conversationHistoryRecords", { _metadata: {} }, ["x"], conversationMessage],
    ["conversationHistoryRecords not an array", { conversationHistoryRecords: { 0: {} } }, ["x"], conversationMessage],
    ["keywords undefined", { conversationHistoryRecords: [] }, undefined, keywordsMessage],
    ["keywords a string", { conversationHistoryRecords: [] }, "x", keywordsMessage],
    ["keywords with a number", { conversationHistoryRecords: [] }, ["x", 1], keywordsMessage],
    ["keywords with null", { conversationHistoryRecords: [] }, [null], keywordsMessage],
    ["sparse keywords array", { conversationHistoryRecords: [] }, [, "x"], keywordsMessage], // eslint-disable-line no-sparse-arrays
    ["both invalid: conversation reported first", null, null, conversationMessage],
  ])("%s → ToolbeltError", (_name, conversation, keywords, message) => {
    let error: unknown;
    try {
      scanConversationForKeywords(conversation as Conversation, keywords as string[]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message, code: ErrorCodes.ConversationUtil.General, component: "Conversation-Util" });
    expect((error as ToolbeltError).code).toBe("com.liveperson.faas.conversation-util-general");
  });

  it("does not mutate its inputs", () => {
    const c = conv([text("Hello World"), file("A file")], [text("more hello")]);
    const keywords = ["hello", "FILE", "", "c++"];
    const before = structuredClone({ c, keywords });
    Object.freeze(keywords);
    scanConversationForKeywords(c, keywords);
    expect({ c, keywords }).toEqual(before);
  });
});

// ---------------------------------------------------------------------------
// Property: equal to the naive escaped-RegExp implementation
// ---------------------------------------------------------------------------

describe("scanConversationForKeywords: equals the naive escaped-RegExp scan", () => {
  it("on 200 random small conversations and keyword sets", () => {
    let seed = 20240601;
    const rand = (n: number): number => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const pick = <T>(items: readonly T[]): T => items[rand(items.length)]!;
    // Small alphabet so keywords hit often; metacharacters and Unicode case pairs included.
    const atoms = [
      "a",
      "A",
      "b",
      "B",
      " ",
      ".",
      "+",
      "(",
      ")",
      "[",
      "\\",
      "*",
      "?",
      "|",
      "é",
      "É",
      "σ",
      "Σ",
      "ς",
      "д",
      "Д",
      "ß",
      "ẞ",
      "\u212A",
      "k",
      "\u{10400}",
      "\u{10428}",
      "😀",
    ];
    const word = (min: number, max: number): string => Array.from({ length: min + rand(max - min + 1) }, () => pick(atoms)).join("");
    let totalHits = 0;
    for (let round = 0; round < 200; round++) {
      const records = Array.from({ length: 1 + rand(3) }, () =>
        Array.from({ length: rand(6) }, () => (rand(4) === 0 ? file(word(0, 12)) : text(word(0, 16), pick(["Consumer", "Agent"])))),
      );
      const conversation = conv(...records);
      const keywords = Array.from({ length: rand(7) }, () => word(0, 3));
      const expected = naiveScan(conversation, keywords);
      totalHits += expected.length;
      expect(scanConversationForKeywords(conversation, keywords), JSON.stringify({ records, keywords })).toEqual(expected);
    }
    expect(totalHits).toBeGreaterThan(200); // the generator really exercises matches
  });
});
