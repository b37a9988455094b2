// Keyword scan bench: ConversationUtil.scanConversationForKeywords (one Aho–Corasick pass
// per message) against the naive loop, one escaped case-insensitive RegExp per keyword
// tested on every message, on the same deterministic 10,000-message conversation.
//
//   node bench/keyword-scan.mjs      (build first: npm run build --workspace packages/toolbelt)
//
// Reads the BUILT scanner (packages/toolbelt/dist/cjs/conversation/keyword-scanner.js).
// Both sides must return identical result lists (deep-equal), or the bench fails.
// Target: ours at least 20× faster (median of the rounds). A missed target is reported,
// not an error: like bench/run.mjs this is a report, exit code 0 unless it cannot run.
//
// Knobs: BENCH_KW_MESSAGES [10000], BENCH_KW_KEYWORDS [100], BENCH_KW_ROUNDS [7].
//
// The baseline is the official algorithm made correct: for each keyword, for each message,
// `new RegExp(escapeRegExp(keyword), "i").test(text)` (the official code builds a RegExp
// per message too, unescaped). A tougher reference compiles each RegExp once per keyword;
// its ratio is printed as well, so nobody mistakes the target for more than it is.
// Both use "i" without "u"; our semantics are those of "iu" (Unicode simple case folding).
// The two differ only for a few characters (Kelvin sign, long s, capital sharp s ẞ, astral
// case pairs such as Deseret), which the bench data avoids, so all results must agree.
//
// Hit density matters: the data gives ~18,600 results (each keyword in 0–3% of the
// messages, like a real keyword list). Both sides must build one result object per hit,
// so with very dense hits (keywords like "a", "the": ~62,000 results) that shared cost
// dominates and the measured ratio drops to ~11× (~4× against the hoisted reference).
import { deepStrictEqual } from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, collectGarbage, median } from "./lib.mjs";

const SCANNER = join(ROOT, "packages/toolbelt/dist/cjs/conversation/keyword-scanner.js");
const TARGET_RATIO = 20;

const int = (name, fallback) => {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number >= 1`);
  return value;
};

/** Deterministic PRNG (mulberry32). */
function prng(seed) {
  let s = seed | 0;
  return (n) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const WORDS = (
  "the a an and or but if then so because while when where what who how why which this that these those " +
  "order delivery package refund payment invoice account password login error issue problem help support agent " +
  "customer price discount coupon shipping tracking number address email phone card credit debit bank transfer " +
  "cancel return exchange size color model version update install download upgrade plan premium basic monthly " +
  "yearly trial subscription renew expire balance statement receipt store online app website browser mobile " +
  "tablet laptop printer router wifi network signal battery charger cable screen broken repair warranty claim " +
  "today tomorrow yesterday week month morning evening please thanks thank you sorry great good bad okay sure " +
  "maybe never always soon later wait check confirm verify send receive open close start stop try again works"
).split(" ");
// Unicode words with case pairs that "i" and "iu" treat alike (see the header).
const UNICODE_WORDS = [
  "école",
  "ÉCOLE",
  "Müller",
  "MÜLLER",
  "straße",
  "Straße",
  "σοφία",
  "ΣΟΦΊΑ",
  "λόγος",
  "ΛΌΓΟΣ",
  "москва",
  "МОСКВА",
  "спасибо",
  "СПАСИБО",
  "日本語",
  "東京",
  "😀",
  "👍",
  "naïve",
  "CAFÉ",
  "café",
  "Ñandú",
  "ñandú",
  "Ærø",
  "ærø",
];
// Tokens with RegExp metacharacters, written as users would.
const META_WORDS = [
  "c++",
  "C++",
  "a.b",
  "node.js",
  "(urgent)",
  "[ticket]",
  "$100",
  "50%",
  "what?",
  "\\d",
  "a|b",
  "x*y",
  "^_^",
  "{json}",
  "e-mail",
  "q&a",
  "1+1=2",
  "/path/to",
  "C#",
  "f(x)",
];
/** A larger, synthetic vocabulary (names, product codes, typos…): most words of a real chat are rare. */
const PSEUDO_WORDS = (() => {
  const rand = prng(99);
  const syllables = "ka lo mi nu pe ra si to va xe bri cla dro fen gur hol jin kem lut mor nex pol qua ris sten tur vel wox yul zam".split(" ");
  const words = new Set();
  while (words.size < 3000) words.add(Array.from({ length: 2 + rand(3) }, () => syllables[rand(syllables.length)]).join(""));
  return [...words];
})();

/**
 * 100 keywords as a user would pick them: domain words (each in roughly 3% of the
 * messages), rarer names and codes, literal metacharacter tokens, Unicode words in the
 * other case than most occurrences, and some that never occur.
 */
const KEYWORD_POOL = [
  // domain words
  "refund",
  "payment",
  "invoice",
  "password",
  "tracking",
  "coupon",
  "warranty",
  "router",
  "battery",
  "subscription",
  "receipt",
  "premium",
  "delivery",
  "discount",
  "cancel",
  "exchange",
  "upgrade",
  "browser",
  "charger",
  "statement",
  "Transfer",
  "EXPIRE",
  "Login",
  "Error",
  "thank you",
  "credit card",
  "try again",
  "broken screen",
  "Agent",
  "complaint",
  // metacharacters (literal)
  "c++",
  "a.b",
  "node.js",
  "(urgent)",
  "[ticket]",
  "$100",
  "50%",
  "what?",
  "\\d",
  "a|b",
  "x*y",
  "^_^",
  "{json}",
  "e-mail",
  "q&a",
  "f(x)",
  // Unicode, in the other case than most occurrences
  "ÉCOLE",
  "müller",
  "STRASSE",
  "straße",
  "ΣΟΦΊΑ",
  "λόγοσ",
  "Москва",
  "спасибо",
  "東京",
  "😀",
  "NAÏVE",
  "Café",
  "ÑANDÚ",
  "ærø",
  // names and codes (rare)
  ...PSEUDO_WORDS.filter((_, i) => i % 97 === 0).slice(0, 30),
  // never present
  "quantum",
  "zebra",
  "xylophone",
  "nonexistent",
  "kilimanjaro",
  "supercalifragilistic",
  "lorem ipsum",
  "zzz",
  "qwerty",
  "foobar",
];

/** Most chats repeat a few words and use many rare ones. */
function pickWord(rand, pick) {
  const r = rand(100);
  if (r < 3) return pick(UNICODE_WORDS);
  if (r < 5) return pick(META_WORDS);
  if (r < 45) return pick(WORDS);
  return pick(PSEUDO_WORDS);
}

/** The bench conversation: `count` messages over 4 records, mixed TEXT_PLAIN / HOSTED_FILE. */
export function buildConversation(count, seed = 4242) {
  const rand = prng(seed);
  const pick = (list) => list[rand(list.length)];
  const records = [[], [], [], []];
  let time = 1_700_000_000_000;
  for (let i = 0; i < count; i++) {
    const words = [];
    const length = 4 + rand(22);
    for (let w = 0; w < length; w++) {
      let word = pickWord(rand, pick);
      if (rand(10) === 0) word = word[0].toUpperCase() + word.slice(1);
      words.push(word);
    }
    let text = words.join(" ");
    if (rand(5) === 0) text += pick(["?", "!", ".", "...", " :)"]);
    time += 1 + rand(60_000);
    const sentBy = rand(2) ? "Consumer" : "Agent";
    const message =
      rand(5) === 0
        ? { type: "HOSTED_FILE", messageData: { file: { caption: text, relativePath: `/v1/AUTH_async/${i}.png` } }, timeL: time, sentBy }
        : { type: "TEXT_PLAIN", messageData: { msg: { text } }, timeL: time, sentBy };
    records[Math.floor((i * records.length) / count)].push(message);
  }
  return { _metadata: {}, conversationHistoryRecords: records.map((messageRecords) => ({ messageRecords })) };
}

export function buildKeywords(count) {
  return Array.from({ length: count }, (_, i) => KEYWORD_POOL[i % KEYWORD_POOL.length]);
}

const escapeRegExp = (s) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/** Messages with text, as the scanner reads them (the bench data has TEXT_PLAIN and HOSTED_FILE only). */
function messagesOf(conversation) {
  const out = [];
  for (const record of conversation.conversationHistoryRecords) {
    for (const m of record.messageRecords ?? []) {
      const text = m.type === "HOSTED_FILE" ? m.messageData?.file?.caption : m.messageData?.msg?.text;
      if (typeof text === "string" && text !== "") out.push({ m, text });
    }
  }
  return out;
}

/**
 * The baseline (the official algorithm, made literal): for each keyword, for each message,
 * `new RegExp(escapeRegExp(keyword), "i").test(text)`.
 */
export function naiveScan(conversation, keywords) {
  const messages = messagesOf(conversation);
  const results = [];
  for (const keyword of keywords) {
    if (keyword === "") continue;
    const tag = `keywordRef:${keyword}`;
    for (const { m, text } of messages) {
      if (new RegExp(escapeRegExp(keyword), "i").test(text)) results.push({ message: text, sentTimestamp: m.timeL, sentBy: m.sentBy, tag });
    }
  }
  return results;
}

/** A tougher reference: the same loop with each RegExp compiled once per keyword. */
export function hoistedScan(conversation, keywords) {
  const messages = messagesOf(conversation);
  const results = [];
  for (const keyword of keywords) {
    if (keyword === "") continue;
    const re = new RegExp(escapeRegExp(keyword), "i");
    const tag = `keywordRef:${keyword}`;
    for (const { m, text } of messages) {
      if (re.test(text)) results.push({ message: text, sentTimestamp: m.timeL, sentBy: m.sentBy, tag });
    }
  }
  return results;
}

function loadScanner() {
  if (!existsSync(SCANNER)) throw new Error(`${SCANNER} not found: build the toolbelt first (npm run build --workspace packages/toolbelt)`);
  return createRequire(import.meta.url)(SCANNER).scanConversationForKeywords;
}

function time(fn) {
  collectGarbage();
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
}

/** Runs the bench; resolves with its figures (nothing printed). */
export async function benchKeywordScan({
  messages = int("BENCH_KW_MESSAGES", 10_000),
  keywords: keywordCount = int("BENCH_KW_KEYWORDS", 100),
  rounds = int("BENCH_KW_ROUNDS", 7),
} = {}) {
  const scan = loadScanner();
  const conversation = buildConversation(messages);
  const keywords = buildKeywords(keywordCount);
  const sides = { ours: scan, baseline: naiveScan, hoisted: hoistedScan };

  // Correctness first: every side must give exactly the scanner's list.
  const ours = scan(conversation, keywords);
  deepStrictEqual(naiveScan(conversation, keywords), ours, "the scanner and the naive RegExp loop disagree");
  deepStrictEqual(hoistedScan(conversation, keywords), ours, "the scanner and the hoisted RegExp loop disagree");

  // Warm-up (about the same wall time per side, so every side reaches optimised code),
  // then rotate the order every round so drift hits all sides alike.
  const warmups = { ours: 5, baseline: 1, hoisted: 2 };
  for (const [name, fn] of Object.entries(sides)) for (let i = 0; i < warmups[name]; i++) fn(conversation, keywords);
  const times = { ours: [], baseline: [], hoisted: [] };
  const names = Object.keys(sides);
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(round + j) % names.length];
      times[name].push(time(() => sides[name](conversation, keywords)).ms);
    }
  }

  const texts = messagesOf(conversation);
  const summary = (values) => ({ medianMs: round3(median(values)), minMs: round3(Math.min(...values)), maxMs: round3(Math.max(...values)) });
  const ratio = median(times.baseline) / median(times.ours);
  return {
    name: "keyword-scan",
    messages,
    keywords: keywords.length,
    textChars: texts.reduce((sum, { text }) => sum + text.length, 0),
    results: ours.length,
    identical: true,
    rounds,
    ours: summary(times.ours),
    baseline: summary(times.baseline),
    hoisted: summary(times.hoisted),
    ratio: Math.round(ratio * 10) / 10,
    hoistedRatio: Math.round((median(times.hoisted) / median(times.ours)) * 10) / 10,
    target: TARGET_RATIO,
    met: ratio >= TARGET_RATIO,
  };
}

const round3 = (n) => Math.round(n * 1000) / 1000;

function print(f) {
  const row = (label, s) => `| ${label.padEnd(50)} | ${s.medianMs.toFixed(2).padStart(9)} | ${`${s.minMs.toFixed(2)} .. ${s.maxMs.toFixed(2)}`.padStart(18)} |`;
  console.log(`keyword scan: ${f.messages} messages (${f.textChars} chars), ${f.keywords} keywords, ${f.results} results, ${f.rounds} rounds`);
  console.log(`| ${"side".padEnd(50)} | ${"median ms".padStart(9)} | ${"min .. max ms".padStart(18)} |`);
  console.log(`|${"-".repeat(52)}|${"-".repeat(11)}|${"-".repeat(20)}|`);
  console.log(row("ours: scanConversationForKeywords (Aho-Corasick)", f.ours));
  console.log(row("baseline: new RegExp(escaped, 'i') per message", f.baseline));
  console.log(row("reference: one RegExp per keyword, hoisted", f.hoisted));
  console.log(`results identical on all sides: ${f.identical}`);
  console.log(`speed-up vs baseline ${f.ratio}× (target ≥ ${f.target}×: ${f.met ? "met" : "MISSED"}); vs hoisted RegExp ${f.hoistedRatio}×`);
  console.log(`BENCH_JSON ${JSON.stringify(f)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  print(await benchKeywordScan());
}
