/**
 * `ConversationUtil.scanConversationForKeywords` (synchronous, no request).
 *
 * Result contract (official docs): one `{ message, sentTimestamp, sentBy, tag }` per
 * (message × matching keyword), `tag` = `keywordRef:<keyword as given>`, grouped by
 * keyword in the order given and, within a keyword, messages in conversation order.
 * A keyword occurring several times in one message gives one entry.
 *
 * Differences from the official toolbelt, on purpose:
 * - keywords are literal text, never a RegExp (the official one compiled them unescaped): `c++`, `a.b`, `(`,
 *   `\d` match themselves and never throw. Matching is case-insensitive with Unicode
 *   simple case folding, exactly like an escaped `new RegExp(keyword, "iu")` (see
 *   `case-fold.ts`; `straße` ≠ `STRASSE`).
 * - all `conversationHistoryRecords` are scanned, each record's `messageRecords` in
 *   order (the official V2 reads record 0 only). Records or messages that are not
 *   objects, and records without a `messageRecords` array, are skipped; an empty
 *   `conversationHistoryRecords` gives `[]` (V2 throws).
 * - `TEXT_HTML`, `RICH_CONTENT` and other text-bearing types are scanned too (see
 *   `message-text.ts`). Empty keywords and messages without text never match.
 * - validation errors are `ToolbeltError`s, never TypeErrors (V2 threw one for missing records);
 *   `keywords: []` gives `[]`.
 *
 * Cost: one pass over each message with an Aho–Corasick automaton built once per
 * call over the folded keywords, O(total text + total keyword length + results).
 */
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { buildAutomaton, scanText, type AhoCorasickOptions } from "./aho-corasick";
import { caseFold } from "./case-fold";
import { extractMessageText } from "./message-text";
import type { Conversation, KeywordScannerResult, MessageRecord } from "./types";

export const KEYWORD_TAG_PREFIX = "keywordRef:";
export const INVALID_CONVERSATION_MESSAGE = "Please provide conversation object with message records.";
export const INVALID_KEYWORDS_MESSAGE = "Please provide array containing keywords.";

function invalid(message: string): ToolbeltError {
  return new ToolbeltError("Conversation-Util", ErrorCodes.ConversationUtil.General, message);
}

/** The scanned messages in conversation order: `texts[i]` is the text of `records[i]`. */
interface ScannedMessages {
  texts: string[];
  records: MessageRecord[];
}

/**
 * Finds the messages of `conversation` that contain each of `keywords`.
 *
 * @throws ToolbeltError `com.liveperson.faas.conversation-util-general` (component
 *   `Conversation-Util`): `Please provide conversation object with message records.`
 *   when `conversation` is not an object with a `conversationHistoryRecords` array;
 *   `Please provide array containing keywords.` when `keywords` is not an array of strings.
 */
export function scanConversationForKeywords(
  conversation: Conversation,
  keywords: readonly string[],
  /** @internal automaton tuning, for tests. */
  options?: AhoCorasickOptions,
): KeywordScannerResult[] {
  const records: unknown = isObject(conversation) ? conversation.conversationHistoryRecords : undefined;
  if (!Array.isArray(records)) throw invalid(INVALID_CONVERSATION_MESSAGE);
  if (!isStringArray(keywords)) throw invalid(INVALID_KEYWORDS_MESSAGE);

  const plan = planPatterns(keywords);
  if (plan.patternCount === 0) return [];
  const messages = collectMessages(records);
  if (messages.texts.length === 0) return [];
  const hits = findHits(messages.texts, plan, options);
  return buildResults(keywords, plan.patternOfKeyword, hits, messages);
}

// The steps below are plain loops on purpose (no per-call closures): optimised code
// that captured a call's arrays would be discarded each time they are collected.

/** How keywords map to the patterns the scan looks for. */
interface PatternPlan {
  /** Pattern id of each keyword, -1 for an empty keyword. */
  patternOfKeyword: Int32Array;
  /** Number of distinct patterns (`Foo` and `foo` share one but keep their own tags). */
  patternCount: number;
  /** Folded patterns for the automaton; automaton id `i` is pattern `patternOfAutomatonId[i]`. */
  automatonPatterns: string[];
  patternOfAutomatonId: number[];
  /** Patterns the automaton cannot match exactly (see `hasSurrogateEdge`). */
  edgePatterns: { id: number; folded: string }[];
}

function planPatterns(keywords: readonly string[]): PatternPlan {
  const patternOfKeyword = new Int32Array(keywords.length).fill(-1);
  const idByPattern = new Map<string, number>();
  const automatonPatterns: string[] = [];
  const patternOfAutomatonId: number[] = [];
  const edgePatterns: { id: number; folded: string }[] = [];
  for (let k = 0; k < keywords.length; k++) {
    const keyword = keywords[k]!;
    if (keyword.length === 0) continue;
    const folded = caseFold(keyword);
    let id = idByPattern.get(folded);
    if (id === undefined) {
      id = idByPattern.size;
      idByPattern.set(folded, id);
      if (hasSurrogateEdge(folded)) edgePatterns.push({ id, folded });
      else {
        automatonPatterns.push(folded);
        patternOfAutomatonId.push(id);
      }
    }
    patternOfKeyword[k] = id;
  }
  return { patternOfKeyword, patternCount: idByPattern.size, automatonPatterns, patternOfAutomatonId, edgePatterns };
}

/** For each pattern, the indices of the messages containing it, ascending. */
function findHits(texts: readonly string[], plan: PatternPlan, options: AhoCorasickOptions | undefined): number[][] {
  const automaton = buildAutomaton(plan.automatonPatterns, options);
  const { patternOfAutomatonId, edgePatterns } = plan;
  const hits = new Array<number[]>(plan.patternCount);
  for (let id = 0; id < hits.length; id++) hits[id] = [];
  const found = automaton.found;
  for (let m = 0; m < texts.length; m++) {
    const text = texts[m]!;
    const count = scanText(automaton, text);
    for (let j = 0; j < count; j++) hits[patternOfAutomatonId[found[j]!]!]!.push(m);
    if (edgePatterns.length > 0) {
      const folded = caseFold(text);
      for (let e = 0; e < edgePatterns.length; e++) {
        if (containsOnCodePointBoundaries(folded, edgePatterns[e]!.folded)) hits[edgePatterns[e]!.id]!.push(m);
      }
    }
  }
  return hits;
}

/** Keyword-major, then message order; one entry per (keyword, message). */
function buildResults(
  keywords: readonly string[],
  patternOfKeyword: Int32Array,
  hits: readonly number[][],
  { texts, records }: ScannedMessages,
): KeywordScannerResult[] {
  // Sized up front: building the result objects is a large share of the work when hits are dense.
  let total = 0;
  for (let k = 0; k < keywords.length; k++) if (patternOfKeyword[k]! >= 0) total += hits[patternOfKeyword[k]!]!.length;
  const results = new Array<KeywordScannerResult>(total);
  let n = 0;
  for (let k = 0; k < keywords.length; k++) {
    const id = patternOfKeyword[k]!;
    if (id < 0) continue;
    const tag = KEYWORD_TAG_PREFIX + keywords[k]!;
    const list = hits[id]!;
    for (let j = 0; j < list.length; j++) {
      const m = list[j]!;
      const record = records[m]!;
      results[n++] = { message: texts[m]!, sentTimestamp: record.timeL, sentBy: record.sentBy, tag };
    }
  }
  return results;
}

/** Every message with text, in conversation order (all records, each record's messages in order). */
function collectMessages(records: readonly unknown[]): ScannedMessages {
  // Two parallel arrays rather than one wrapper object per message: less garbage.
  const texts: string[] = [];
  const scanned: MessageRecord[] = [];
  for (const record of records) {
    if (!isObject(record)) continue;
    const messageRecords = record["messageRecords"];
    if (!Array.isArray(messageRecords)) continue;
    for (const messageRecord of messageRecords) {
      const text = extractMessageText(messageRecord);
      if (text !== undefined) {
        texts.push(text);
        scanned.push(messageRecord as MessageRecord);
      }
    }
  }
  return { texts, records: scanned };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isStringArray(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false;
  // Index loop, not `every`: holes in a sparse array must fail too.
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return false;
  return true;
}

const isHigh = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * A keyword starting with an unpaired low surrogate or ending with an unpaired high
 * surrogate could match half of a surrogate pair in the text; a RegExp with the `u`
 * flag (our reference semantics) never does. Such malformed keywords are rare, so they
 * are checked separately with `containsOnCodePointBoundaries` instead of complicating
 * the automaton's hot loop.
 */
function hasSurrogateEdge(folded: string): boolean {
  return isLow(folded.charCodeAt(0)) || isHigh(folded.charCodeAt(folded.length - 1));
}

function containsOnCodePointBoundaries(text: string, pattern: string): boolean {
  for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
    const end = at + pattern.length;
    const splitsStart = at > 0 && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1));
    const splitsEnd = end < text.length && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end));
    if (!splitsStart && !splitsEnd) return true;
  }
  return false;
}
