/**
 * Unicode *simple* case folding, one code point to one code point, with the same
 * equivalence classes as a JavaScript `RegExp` with the `iu` flags (ECMA-262
 * Canonicalize: `scf` from CaseFolding.txt, status C and S).
 *
 * Why simple and not full folding: full folding changes lengths (`ß` → `ss`,
 * `ŉ` → `ʼn`), so `STRASSE` would match `straße`, but a keyword could then also
 * match *across* character boundaries (`s` inside `ß`), and the scanner would no
 * longer agree with an escaped case-insensitive RegExp, which is the contract its
 * tests check. So `straße` matches `STRAßE` and `straẞe` (U+1E9E folds to `ß`), not
 * `STRASSE`. Greek (`Σ`/`σ`/`ς`), Cyrillic, Latin with accents (`É`/`é`), the Kelvin
 * sign and astral scripts (Deseret, Osage, Adlam, …) fold as in `/…/iu`.
 *
 * Two properties the keyword scanner relies on (checked exhaustively by the tests):
 * a BMP code point folds to a BMP code point and an astral one to an astral one, so
 * folding never changes a string's UTF-16 length or where its surrogate pairs are;
 * lone surrogates fold to themselves.
 */

/**
 * Code points where `toLowerCase(toUpperCase(c))` is not the simple case folding.
 * ı (U+0131) has no folding of its own (its uppercase is ASCII `I`, which belongs to
 * `i`). The others fold (status S) to a character whose uppercase is several code
 * points long, so the generic rule cannot see the link.
 */
const EXCEPTIONS: ReadonlyMap<number, number> = new Map([
  [0x0131, 0x0131], // ı  — stays itself (Turkish dotless i is not `i`)
  [0x1fd3, 0x0390], // ΐ  → ΐ
  [0x1fe3, 0x03b0], // ΰ  → ΰ
  [0xfb05, 0xfb06], // ﬅ  → ﬆ
]);

/** BMP fold table, filled on demand; 0 means "not computed yet" (no code unit ≥ 128 folds to U+0000). */
const BMP = new Uint16Array(0x10000);
for (let c = 0; c < 128; c++) BMP[c] = c >= 65 && c <= 90 ? c + 32 : c;
/** Astral code points seen so far (few in practice). */
const ASTRAL = new Map<number, number>();

/** The single code point of `s`, or -1 when `s` is not exactly one code point. */
function single(s: string): number {
  const cp = s.codePointAt(0);
  if (cp === undefined) return -1;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : -1;
}

function computeFold(cp: number): number {
  const exception = EXCEPTIONS.get(cp);
  if (exception !== undefined) return exception;
  if (cp >= 0xd800 && cp <= 0xdfff) return cp; // lone surrogate: no case
  const s = String.fromCodePoint(cp);
  const upper = single(s.toUpperCase());
  if (upper >= 0) {
    const lower = single(String.fromCodePoint(upper).toLowerCase());
    if (lower >= 0) return lower;
  }
  const lower = single(s.toLowerCase());
  return lower >= 0 ? lower : cp;
}

/** Folds one BMP code unit that is not a surrogate of a pair (hot path of the scanner). */
export function foldBmpUnit(unit: number): number {
  const cached = BMP[unit]!;
  if (cached !== 0 || unit === 0) return cached;
  const folded = computeFold(unit);
  BMP[unit] = folded;
  return folded;
}

/** Folds an astral code point (U+10000..U+10FFFF). */
export function foldAstral(cp: number): number {
  let folded = ASTRAL.get(cp);
  if (folded === undefined) {
    folded = computeFold(cp);
    ASTRAL.set(cp, folded);
  }
  return folded;
}

/** Simple case folding of one code point. */
export function foldCodePoint(cp: number): number {
  return cp <= 0xffff ? foldBmpUnit(cp) : foldAstral(cp);
}

/**
 * Simple case folding of a whole string. Same UTF-16 length as the input; unpaired
 * surrogates are kept as they are.
 */
export function caseFold(text: string): string {
  const n = text.length;
  let out: number[] | undefined;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        const f = foldAstral(cp);
        if (f !== cp || out) {
          out ??= codeUnits(text, i);
          out.push(0xd800 + ((f - 0x10000) >> 10), 0xdc00 + ((f - 0x10000) & 0x3ff));
        }
        i++;
        continue;
      }
    }
    const f = foldBmpUnit(c);
    if (f !== c || out) {
      out ??= codeUnits(text, i);
      out.push(f);
    }
  }
  return out ? fromCodeUnits(out) : text;
}

function codeUnits(text: string, end: number): number[] {
  const out = new Array<number>(end);
  for (let i = 0; i < end; i++) out[i] = text.charCodeAt(i);
  return out;
}

function fromCodeUnits(units: number[]): string {
  let s = "";
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode(...units.slice(i, i + 8192));
  return s;
}
