/**
 * A case-insensitive Aho–Corasick automaton over UTF-16 code units: built once over
 * already case-folded patterns, it reports which patterns occur in a text in a
 * single left-to-right pass, folding the text on the fly (see `case-fold.ts`).
 *
 * Two layouts:
 * - dense (default): a full DFA, `delta[row + symbol]`, where symbols are the distinct
 *   code units of the patterns plus one "other" symbol (always → root). One array read
 *   per code unit, no failure-link loop while scanning.
 * - sparse: per-state `Map` children plus failure links, used when the dense table
 *   would exceed `maxDenseCells` (very many or very long, very varied patterns), so
 *   memory stays proportional to the total pattern length.
 *
 * Plain data and plain functions, not a class with methods: V8's optimised code for
 * the hot loops then depends only on shared typed-array maps and is not discarded and
 * recompiled each time one automaton is garbage-collected (measured: with a class, the
 * scan loop was recompiled on every call of the keyword scanner).
 */
import { foldAstral, foldBmpUnit } from "./case-fold";

export interface AhoCorasickOptions {
  /** Largest dense table (states × symbols) before the sparse layout is used. Default 2^21. */
  maxDenseCells?: number;
}

const DEFAULT_MAX_DENSE_CELLS = 1 << 21;
const EMPTY = new Int32Array(0);

export interface Automaton {
  /** Which layout was chosen. */
  readonly layout: "dense" | "sparse";
  /** Number of patterns; ids in `found` are `0..patternCount-1`. */
  readonly patternCount: number;
  /** Ids of the patterns found by the last `scanText`, `found[0..count)`. */
  readonly found: Int32Array;
  /** Per pattern: the scan number that last reported it (each pattern once per scan). */
  readonly seen: Int32Array;
  /** `[0]`: the current scan number. */
  readonly scanNumber: Int32Array;
  /** Pattern ending exactly at a state, or -1. */
  readonly patternAt: Int32Array;
  /** First state on the suffix chain (the state itself included) where a pattern ends, or -1. */
  readonly outHead: Int32Array;
  /** Next state on the suffix chain (strict suffix) where a pattern ends, or -1. */
  readonly outNext: Int32Array;
  /** Dense: symbols per row. */
  readonly width: number;
  /** Dense: row offsets (state × width), bitwise-negated when the target has an output. */
  readonly delta: Int32Array;
  /** Dense: symbol of each folded BMP code unit (0 = in no pattern). */
  readonly symbolOf: Int32Array;
  /** Dense: symbol of each raw ASCII code unit, case folding included (`A` and `a` share one). */
  readonly asciiSymbol: Int32Array;
  /** Sparse: children per state. */
  readonly children: Map<number, number>[];
  /** Sparse: failure state per state. */
  readonly fail: Int32Array;
}

/**
 * Builds the automaton.
 * @param patterns case-folded (`caseFold`), non-empty, distinct patterns; pattern `i` gets id `i`.
 */
export function buildAutomaton(patterns: readonly string[], options: AhoCorasickOptions = {}): Automaton {
  let maxStates = 1;
  const symbolOf = new Int32Array(0x10000);
  let symbols = 0;
  for (let p = 0; p < patterns.length; p++) {
    const pattern = patterns[p]!;
    if (pattern.length === 0) throw new RangeError("Aho-Corasick patterns must be non-empty");
    maxStates += pattern.length;
    for (let i = 0; i < pattern.length; i++) {
      const unit = pattern.charCodeAt(i);
      if (symbolOf[unit] === 0) symbolOf[unit] = ++symbols;
    }
  }
  const width = symbols + 1; // symbol 0 = a code unit no pattern contains
  const dense = maxStates * width <= (options.maxDenseCells ?? DEFAULT_MAX_DENSE_CELLS);
  const links: Links = {
    patternAt: new Int32Array(maxStates).fill(-1),
    outHead: new Int32Array(maxStates).fill(-1),
    outNext: new Int32Array(maxStates).fill(-1),
  };
  const denseTables = dense ? buildDense(patterns, symbolOf, width, maxStates, links) : undefined;
  const sparseTables = dense ? undefined : buildSparse(patterns, maxStates, links);
  // One object literal for both layouts: one hidden class, so the scan stays monomorphic.
  return {
    layout: dense ? "dense" : "sparse",
    patternCount: patterns.length,
    found: new Int32Array(patterns.length),
    seen: new Int32Array(patterns.length),
    scanNumber: new Int32Array(1),
    patternAt: links.patternAt,
    outHead: links.outHead,
    outNext: links.outNext,
    width: dense ? width : 0,
    delta: denseTables?.delta ?? EMPTY,
    symbolOf: dense ? symbolOf : EMPTY,
    asciiSymbol: denseTables?.asciiSymbol ?? EMPTY,
    children: sparseTables?.children ?? [],
    fail: sparseTables?.fail ?? EMPTY,
  };
}

interface Links {
  patternAt: Int32Array;
  outHead: Int32Array;
  outNext: Int32Array;
}

/** Output links of state `s`, given its failure state `f` (already linked: it is shallower). */
function linkOutputs(links: Links, s: number, f: number): void {
  links.outNext[s] = links.outHead[f]!;
  links.outHead[s] = links.patternAt[s]! >= 0 ? s : links.outHead[f]!;
}

function buildDense(
  patterns: readonly string[],
  symbolOf: Int32Array,
  width: number,
  maxStates: number,
  links: Links,
): { delta: Int32Array; asciiSymbol: Int32Array } {
  const delta = new Int32Array(maxStates * width).fill(-1);
  const fail = new Int32Array(maxStates);
  const queue = new Int32Array(maxStates);
  let states = 1;
  for (let id = 0; id < patterns.length; id++) {
    const pattern = patterns[id]!;
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const cell = s * width + symbolOf[pattern.charCodeAt(i)]!;
      if (delta[cell]! < 0) delta[cell] = states++;
      s = delta[cell]!;
    }
    if (links.patternAt[s]! < 0) links.patternAt[s] = id;
  }
  // Breadth-first: a state's failure state is shallower, so its row is complete when
  // the state's missing transitions copy it.
  let head = 0;
  let tail = 0;
  for (let a = 0; a < width; a++) {
    const child = delta[a]!;
    if (child > 0) {
      fail[child] = 0;
      queue[tail++] = child;
    } else delta[a] = 0;
  }
  while (head < tail) {
    const s = queue[head++]!;
    const f = fail[s]!;
    linkOutputs(links, s, f);
    const row = s * width;
    const failRow = f * width;
    for (let a = 0; a < width; a++) {
      const child = delta[row + a]!;
      if (child >= 0) {
        fail[child] = delta[failRow + a]!;
        queue[tail++] = child;
      } else delta[row + a] = delta[failRow + a]!;
    }
  }
  // State numbers → row offsets, negated where the target has an output.
  const used = states * width;
  for (let cell = 0; cell < used; cell++) {
    const target = delta[cell]!;
    delta[cell] = links.outHead[target]! >= 0 ? ~(target * width) : target * width;
  }
  const asciiSymbol = new Int32Array(128);
  for (let c = 0; c < 128; c++) asciiSymbol[c] = symbolOf[foldBmpUnit(c)]!;
  return { delta: delta.subarray(0, used), asciiSymbol };
}

function buildSparse(patterns: readonly string[], maxStates: number, links: Links): { children: Map<number, number>[]; fail: Int32Array } {
  const children: Map<number, number>[] = [new Map<number, number>()];
  const fail = new Int32Array(maxStates);
  const queue = new Int32Array(maxStates);
  for (let id = 0; id < patterns.length; id++) {
    const pattern = patterns[id]!;
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const unit = pattern.charCodeAt(i);
      let next = children[s]!.get(unit);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        children[s]!.set(unit, next);
      }
      s = next;
    }
    if (links.patternAt[s]! < 0) links.patternAt[s] = id;
  }
  let head = 0;
  let tail = 0;
  for (const child of children[0]!.values()) {
    fail[child] = 0;
    queue[tail++] = child;
  }
  while (head < tail) {
    const s = queue[head++]!;
    linkOutputs(links, s, fail[s]!);
    for (const [unit, child] of children[s]!) {
      let f = fail[s]!;
      while (f > 0 && !children[f]!.has(unit)) f = fail[f]!;
      fail[child] = children[f]!.get(unit) ?? 0;
      queue[tail++] = child;
    }
  }
  return { children, fail };
}

/**
 * Scans the case-folded `text` and returns how many distinct patterns occur in it;
 * their ids are `automaton.found[0..count)`, in the order their first occurrence ends.
 * Surrogate pairs are folded as one code point; unpaired surrogates are matched as they are.
 */
export function scanText(automaton: Automaton, text: string): number {
  if (automaton.patternCount === 0) return 0;
  const counter = automaton.scanNumber;
  if (++counter[0]! === 0x7fffffff) {
    automaton.seen.fill(0);
    counter[0] = 1;
  }
  return automaton.layout === "dense" ? scanDense(automaton, text, counter[0]!) : scanSparse(automaton, text, counter[0]!);
}

/**
 * Appends the patterns ending at `state` not yet reported in scan `stamp` to
 * `found[count..]`; returns the new count. Stopping at the first pattern already
 * reported is safe: when it was reported, the rest of its suffix chain was too.
 */
function report(automaton: Automaton, state: number, count: number, stamp: number): number {
  const { outHead, outNext, patternAt, seen, found } = automaton;
  for (let t = outHead[state]!; t >= 0; t = outNext[t]!) {
    const id = patternAt[t]!;
    if (seen[id] === stamp) break;
    seen[id] = stamp;
    found[count++] = id;
  }
  return count;
}

function scanDense(automaton: Automaton, text: string, stamp: number): number {
  const { delta, asciiSymbol, symbolOf, width } = automaton;
  const n = text.length;
  let count = 0;
  let row = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let symbol: number;
    if (c < 128) symbol = asciiSymbol[c]!;
    else if (c < 0xd800 || c > 0xdbff || i + 1 === n) symbol = symbolOf[foldBmpUnit(c)]!;
    else {
      const d = text.charCodeAt(i + 1);
      if (d < 0xdc00 || d > 0xdfff)
        symbol = symbolOf[c]!; // unpaired high surrogate
      else {
        const f = foldAstral(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) - 0x10000;
        row = delta[row + symbolOf[0xd800 + (f >> 10)]!]!;
        if (row < 0) {
          row = ~row;
          count = report(automaton, (row / width) | 0, count, stamp);
        }
        symbol = symbolOf[0xdc00 + (f & 0x3ff)]!;
        i++;
      }
    }
    row = delta[row + symbol]!;
    if (row < 0) {
      row = ~row;
      count = report(automaton, (row / width) | 0, count, stamp);
    }
  }
  return count;
}

function scanSparse(automaton: Automaton, text: string, stamp: number): number {
  const { children, fail, outHead } = automaton;
  const n = text.length;
  let count = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    let pending = -1; // second code unit of a folded surrogate pair
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
    } else if (c < 0xd800 || c > 0xdbff || i + 1 === n) {
      c = foldBmpUnit(c);
    } else {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const f = foldAstral(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) - 0x10000;
        c = 0xd800 + (f >> 10);
        pending = 0xdc00 + (f & 0x3ff);
        i++;
      }
    }
    for (let unit = c; unit >= 0; unit = pending, pending = -1) {
      let next = children[s]!.get(unit);
      while (next === undefined && s > 0) {
        s = fail[s]!;
        next = children[s]!.get(unit);
      }
      s = next ?? 0;
      if (outHead[s]! >= 0) count = report(automaton, s, count, stamp);
    }
  }
  return count;
}
