import { charClass, LETTER, UPPER } from "./char-classes.ts";

/**
 * Where a rule can match at all, so it is tried only there instead of at
 * every character: a rule whose pattern begins with one of the shapes below
 * can only match from the positions that shape's finder lists (a superset of
 * its real starts), so trying it there, in order, gives exactly the matches
 * `matchAll` gives, in the same order, at a fraction of the cost (the
 * lookbehinds and Unicode classes these rules begin with are otherwise
 * checked at every position of the text).
 */
interface Shape {
  /** How the pattern's source begins. */
  prefix: string;
  /** Whether the pattern's flags keep the finder's reading of the classes. */
  flags: (flags: string) => boolean;
  /** Every position a match can start at, ascending. */
  starts: (text: string) => readonly number[];
}

/** ASCII `\w` (the flags below exclude `u`, where `\w` with `i` is wider). */
const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isAlnumOrHyphen = (c: number) => (isWord(c) && c !== 95) || c === 45;

const SHAPES: Shape[] = [
  // "(?<![\p{L}])(\p{Lu}…": a capital after anything but a letter ("Springfield, IL", "Sydney NSW 2000").
  { prefix: "(?<![\\p{L}])(\\p{Lu}", flags: (f) => f.includes("u") && !f.includes("i"), starts: capitalStarts },
  // "\b[\w.+-]+@": inside a run of those characters that an "@" ends (e-mail addresses).
  { prefix: "\\b[\\w.+-]+@", flags: (f) => !f.includes("u"), starts: (text) => runsBeforeAt(text, (c) => isWord(c) || c === 46 || c === 43 || c === 45) },
  // "(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}": the start of a run of word characters and colons that holds a colon (IPv6).
  { prefix: "(?<![\\w:])(?:[0-9a-f]{0,4}:){2,7}", flags: (f) => !f.includes("u"), starts: (text) => runStarts(text, (c) => isWord(c) || c === 58, 58) },
  // "(?<![@\w.])(?:[a-z0-9-]+\.)+" and "(?<![@\w.\/-])…": letters, digits and hyphens that a dot follows (domains).
  { prefix: "(?<![@\\w.])(?:[a-z0-9-]+\\.)+", flags: (f) => !f.includes("u"), starts: (text) => beforeDot(text, (c) => isWord(c) || c === 64 || c === 46) },
  { prefix: "(?<![@\\w.\\/-])(?:[a-z0-9-]+\\.)+", flags: (f) => !f.includes("u"), starts: (text) => beforeDot(text, (c) => isWord(c) || c === 64 || c === 46 || c === 47 || c === 45) },
  // "\b(?:3[01]|[12]\d|0?[1-9])": a day of the month, so an ASCII digit with no ASCII word character before it (with "u"
  // and "i" "\b" also reads the Kelvin sign and the long s as letters: fewer starts, never more). Only for patterns that
  // are both Unicode and case-insensitive, whose full scan is slow at every position; irregexp scans the other digit-led
  // rules faster than they can be tried at every digit (measured: 2-20 times).
  { prefix: "\\b(?:3[01]|[12]\\d|0?[1-9])", flags: (f) => f.includes("u") && f.includes("i"), starts: digitStarts },
  // "\b(?:19|20)\d{2}": a year, the same starts (the year-first dates of other languages, "2026. december 2.").
  { prefix: "\\b(?:19|20)\\d{2}", flags: (f) => f.includes("u") && f.includes("i"), starts: digitStarts },
];

/** The finder for `re`, when its source begins with a known shape and no alternative (`|` outside every group) could start elsewhere. */
export function startsFinder(re: RegExp): ((text: string) => readonly number[]) | undefined {
  const shape = SHAPES.find((s) => re.source.startsWith(s.prefix) && s.flags(re.flags));
  if (!shape || /^[?*{]/.test(re.source.slice(shape.prefix.length)) || !noTopAlternative(re.source, shape.prefix)) return undefined;
  return shape.starts;
}

/** No "|" outside every group, nor inside a group the prefix leaves open ("(\p{Lu}" of the capital shape). */
function noTopAlternative(src: string, prefix: string): boolean {
  let depth = 0;
  let inClass = false;
  let open = 0; // groups the prefix leaves open
  for (let k = 0; k < src.length; k++) {
    const c = src[k];
    if (k === prefix.length) open = depth;
    if (c === "\\") {
      k++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth < open) open = depth;
    } else if (c === "|" && (depth === 0 || (k >= prefix.length && depth <= open))) return false;
  }
  return true;
}

/**
 * Every position of an upper-case letter with no letter before it, in order (not to be changed by the caller: the
 * pattern rules and the name rules ask for the same text, and the last text's answer is kept).
 */
export function capitalStarts(text: string): readonly number[] {
  if (text !== capitalsOf) {
    capitals = scanCapitals(text);
    capitalsOf = text;
  }
  return capitals;
}
let capitalsOf: string | undefined;
let capitals: readonly number[] = [];
function scanCapitals(text: string): number[] {
  const out: number[] = [];
  let prevLetter = false;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const c = charClass(cp);
    if (c & UPPER && !prevLetter) out.push(i);
    prevLetter = (c & LETTER) !== 0;
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** Every ASCII digit with no ASCII word character (letter, digit, "_") before it, in order. */
function digitStarts(text: string): number[] {
  const out: number[] = [];
  let before = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const word = isWord(c);
    if (!before && c >= 48 && c <= 57) out.push(i);
    before = word;
  }
  return out;
}

/** Every position inside a maximal run of `inRun` characters that an "@" ends. */
function runsBeforeAt(text: string, inRun: (c: number) => boolean): number[] {
  const out: number[] = [];
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let r = at;
    while (r > 0 && inRun(text.charCodeAt(r - 1))) r--;
    for (let s = Math.max(r, out.length ? out[out.length - 1]! + 1 : 0); s < at; s++) out.push(s);
  }
  return out;
}

/**
 * The start of every maximal run of `inRun` characters that holds the character `must` (itself an `inRun` character):
 * found from each `must` back and forward (a text has few), not by reading every character.
 */
function runStarts(text: string, inRun: (c: number) => boolean, must: number): number[] {
  const out: number[] = [];
  const mark = String.fromCharCode(must);
  for (let at = text.indexOf(mark); at >= 0; ) {
    let start = at;
    while (start > 0 && inRun(text.charCodeAt(start - 1))) start--;
    out.push(start);
    let end = at + 1;
    while (end < text.length && inRun(text.charCodeAt(end))) end++;
    at = text.indexOf(mark, end);
  }
  return out;
}

/**
 * Every letter, digit or hyphen not after an `excluded` character whose run of letters, digits and hyphens a dot ends:
 * found from the dots back (a text has few), not by reading every character.
 */
function beforeDot(text: string, excluded: (c: number) => boolean): number[] {
  const out: number[] = [];
  for (let dot = text.indexOf("."); dot >= 0; dot = text.indexOf(".", dot + 1)) {
    let start = dot;
    while (start > 0 && isAlnumOrHyphen(text.charCodeAt(start - 1))) start--;
    for (let s = start; s < dot; s++) if (s === 0 || !excluded(text.charCodeAt(s - 1))) out.push(s);
  }
  return out;
}

const sticky = new Map<RegExp, RegExp>();

/**
 * What `text.matchAll(re)` returns, trying `re` only at `starts` (ascending),
 * for a pattern that can match nowhere else: from each start past the end of
 * the previous match, the first that matches is the leftmost match.
 */
export function matchAllAt(re: RegExp, text: string, starts: readonly number[]): RegExpExecArray[] {
  let at = sticky.get(re);
  if (!at) {
    at = new RegExp(re.source, re.flags.replace(/[gy]/g, "") + "y");
    sticky.set(re, at);
  }
  const out: RegExpExecArray[] = [];
  let from = 0;
  for (const s of starts) {
    if (s < from) continue;
    at.lastIndex = s;
    const m = at.exec(text);
    if (!m) continue;
    out.push(m);
    from = m[0].length > 0 ? m.index + m[0].length : s + 1;
  }
  return out;
}

/**
 * One scan for many rules: rules that begin with a word boundary and a group of words ("\b(?:mrn|medical\s+record|
 * chart)…", "\b(?:[Ll]ives|[Mm]oved)…") can only match where a word starts with the literal beginning of one of those
 * words. Where every word of the group begins with three literal characters or more, one pass over the text's
 * characters lists each word boundary whose next three characters (ASCII case folded) begin a word of some rule, with
 * the rules they may start (a superset of every rule's real starts); each rule is then tried only at its own positions.
 * Returns a finder for each rule it takes (the scan runs once per text for all of them).
 */
export function sharedKeywordStarts(rules: readonly RegExp[]): Map<RegExp, (text: string) => readonly number[]> {
  const out = new Map<RegExp, (text: string) => readonly number[]>();
  // Each rule's words by their first three characters (ASCII in lower case), as bits: a position the scan lists is tried
  // for a rule only when its first three characters begin one of that rule's words (a rule with another character in
  // those three is tried at every word boundary).
  const rulesOf = new Map<string, number>();
  let everywhere = 0;
  let bit = 1;
  let taken = 0;
  for (const re of rules) {
    // With "u" and "i" together "k" and "s" also match the Kelvin sign and the long s, and "\b" reads them as letters.
    if (!re.source.startsWith("\\b(?:") || (re.flags.includes("u") && re.flags.includes("i")) || !noTopAlternative(re.source, "")) continue;
    const group = literalBeginnings(re.source, 5);
    if (!group || /^[?*{]/.test(re.source.slice(group.end + 1))) continue;
    if (bit === 0) continue; // (past 32 rules the bits have run out: the rest scan the whole text)
    const keys = group.beginnings.map(firstThree);
    if (keys.some((k) => k === undefined)) everywhere |= bit;
    else for (const k of keys as string[]) rulesOf.set(k, (rulesOf.get(k) ?? 0) | bit);
    const mine = taken++;
    out.set(re, (text) => scanned(text)[mine]!);
    bit <<= 1;
  }
  // Every rule's own positions are those where a word boundary (ASCII, as "\b" without the "u" flag reads it) is followed
  // by the first three characters of one of its words: found by one pass over the characters, each boundary's three
  // characters read as one number (no string, no regular expression: the lookahead of every rule's words it replaces was
  // among the costliest regular expressions of a pass). A rule with a word whose first three characters are not all
  // ASCII (`everywhere`) is tried at every boundary.
  // The scan's positions for the last text, listed for each rule whose bit they carry (every rule asks for the same text in
  // turn).
  let last: string | undefined;
  let found: number[][] = [];
  function scanned(text: string): number[][] {
    if (text === last) return found;
    found = Array.from({ length: taken }, () => []);
    const n = text.length;
    let before = false; // the character before is an ASCII word character
    for (let p = 0; p < n; p++) {
      const c = text.charCodeAt(p);
      const word = isWord(c);
      if (word !== before) {
        const key = p + 2 < n ? keyOf(c, text.charCodeAt(p + 1), text.charCodeAt(p + 2)) : -1;
        const bits = everywhere | (key >= 0 && pairs[key >> 7] ? byKey.get(key) ?? 0 : 0);
        for (let b = bits; b !== 0; b &= b - 1) found[31 - Math.clz32(b & -b)]!.push(p);
      }
      before = word;
    }
    last = text;
    return found;
  }
  const byKey = new Map<number, number>();
  // (And which first two characters begin a key at all: most boundaries are passed by one read of this table.)
  const pairs = new Uint8Array(1 << 14);
  for (const [k, bits] of rulesOf) {
    const key = keyOf(k.charCodeAt(0), k.charCodeAt(1), k.charCodeAt(2));
    byKey.set(key, bits);
    pairs[key >> 7] = 1;
  }
  return out;
}

/** Three characters, A-Z in lower case, as one number; -1 when one is not ASCII (no rule's key has such a character). */
function keyOf(a: number, b: number, c: number): number {
  if ((a | b | c) > 0x7f) return -1;
  return (lowerAscii(a) << 14) | (lowerAscii(b) << 7) | lowerAscii(c);
}
const lowerAscii = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

/** The first three characters a beginning (regular-expression source) matches, ASCII in lower case; undefined when one is not ASCII. */
function firstThree(beginning: string): string | undefined {
  let out = "";
  for (let k = 0; out.length < 3 && k < beginning.length; ) {
    let c: string;
    if (beginning[k] === "\\") {
      c = beginning[k + 1]!;
      k += 2;
    } else if (beginning[k] === "[") {
      c = beginning[k + 1]!; // "[Ll]": a letter in both cases
      k += 4;
    } else {
      c = beginning[k]!;
      k++;
    }
    if (c.charCodeAt(0) > 0x7f) return undefined;
    out += c.toLowerCase();
  }
  return out.length === 3 ? out : undefined;
}

/**
 * The literal beginning (as regular-expression source) of each alternative of the group opening at `at` (after its
 * "(?:"), and where the group closes; undefined when an alternative does not begin with three literal characters (a
 * letter, digit, "#", an apostrophe, an escaped mark, or a class of one letter in both cases such as "[Ll]").
 */
function literalBeginnings(src: string, at: number): { beginnings: string[]; end: number } | undefined {
  const beginnings: string[] = [];
  let k = at;
  for (;;) {
    if (src.startsWith("(?:", k)) {
      // An alternative that opens with a group: that group's beginnings, unless the group is optional.
      const inner = literalBeginnings(src, k + 3);
      if (!inner || /^[?*{]/.test(src.slice(inner.end + 1))) return undefined;
      beginnings.push(...inner.beginnings);
      k = inner.end + 1;
    } else {
      let lit = "";
      let n = 0;
      for (;;) {
        const c = src[k]!;
        let piece: string | undefined;
        if (/[A-Za-z0-9#'’ ]/.test(c)) piece = c;
        else if (c === "\\" && /[^A-Za-z0-9]/.test(src[k + 1] ?? "a")) piece = src.slice(k, k + 2);
        else if (c === "[" && /^\[([A-Za-z])([A-Za-z])\]/.test(src.slice(k, k + 4)) && src[k + 1]!.toLowerCase() === src[k + 2]!.toLowerCase()) piece = src.slice(k, k + 4);
        if (!piece || /^[?*{]/.test(src.slice(k + piece.length))) break;
        lit += piece;
        n++;
        k += piece.length;
      }
      if (n < 3) return undefined;
      beginnings.push(lit);
    }
    const next = nextAlternative(src, k);
    if (next === undefined) return undefined;
    if (src[next] === ")") return { beginnings, end: next };
    k = next + 1;
  }
}

/** From `k` inside a group, the index of the group's next "|" or its closing ")". */
function nextAlternative(src: string, k: number): number | undefined {
  let depth = 0;
  for (; k < src.length; k++) {
    const c = src[k];
    if (c === "\\") k++;
    else if (c === "[") {
      for (k++; k < src.length && src[k] !== "]"; k++) if (src[k] === "\\") k++;
    } else if (c === "(") depth++;
    else if (c === ")") {
      if (depth === 0) return k;
      depth--;
    } else if (c === "|" && depth === 0) return k;
  }
  return undefined;
}
