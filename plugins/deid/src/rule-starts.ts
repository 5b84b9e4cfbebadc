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
  starts: (text: string) => number[];
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
];

/** The finder for `re`, when its source begins with a known shape and no alternative (`|` outside every group) could start elsewhere. */
export function startsFinder(re: RegExp): ((text: string) => number[]) | undefined {
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

/** Every position of an upper-case letter with no letter before it, in order. */
export function capitalStarts(text: string): number[] {
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

/** The start of every maximal run of `inRun` characters that holds the character `must`. */
function runStarts(text: string, inRun: (c: number) => boolean, must: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (!inRun(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let holds = false;
    for (; i < text.length && inRun(text.charCodeAt(i)); i++) if (text.charCodeAt(i) === must) holds = true;
    if (holds) out.push(start);
  }
  return out;
}

/** Every letter, digit or hyphen not after an `excluded` character whose run of letters, digits and hyphens a dot ends. */
function beforeDot(text: string, excluded: (c: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (!isAlnumOrHyphen(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isAlnumOrHyphen(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 46) continue;
    for (let s = start; s < i; s++) if (s === 0 || !excluded(text.charCodeAt(s - 1))) out.push(s);
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
