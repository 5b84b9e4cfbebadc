import { charClass, LETTER, UPPER } from "./char-classes.ts";

/**
 * Rules whose every match begins with an upper-case letter after anything
 * but a letter (`(?<![\p{L}])(\p{Lu}…`: "Springfield, IL", "Sydney NSW
 * 2000") are tried only where such a letter stands, instead of scanning
 * every character: the same matches, in the same order, at a fraction of the
 * cost (the regular expression otherwise checks its Unicode lookbehind at
 * every position of the text).
 */
const CAPITAL_FIRST = "(?<![\\p{L}])(\\p{Lu}";

/**
 * Whether `re` can only match from a capital after a non-letter: its source
 * begins so, `\p{Lu}` is not made optional, and no alternative (a `|` outside
 * every group or inside the group that begins with the capital) could start
 * elsewhere. Case-insensitive patterns never qualify (`\p{Lu}` matches lower
 * case there).
 */
export function startsWithCapital(re: RegExp): boolean {
  const src = re.source;
  if (!re.flags.includes("u") || re.flags.includes("i") || !src.startsWith(CAPITAL_FIRST) || /^[?*{]/.test(src.slice(CAPITAL_FIRST.length))) return false;
  const firstGroup = CAPITAL_FIRST.length - "(\\p{Lu}".length;
  let depth = 0;
  let inClass = false;
  let inFirst = false;
  for (let k = 0; k < src.length; k++) {
    const c = src[k];
    if (c === "\\") {
      k++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") {
      depth++;
      if (k === firstGroup) inFirst = true;
    } else if (c === ")") {
      depth--;
      if (inFirst && depth === 0) inFirst = false;
    } else if (c === "|" && (depth === 0 || (inFirst && depth === 1))) return false;
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
