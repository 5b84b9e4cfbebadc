import { charClass, LETTER, NUMBER } from "./char-classes.ts";

/**
 * Every mention of some words in a text, exactly as the regular expression
 * `(?<![\p{L}\p{N}_'’])(?:w1|w2|…)(?![\p{L}\p{N}_])` with flags `gu` finds
 * them (the words literal, tried in the order given, the first that fits
 * winning; matches in order and not overlapping), without building that
 * expression: names.ts would otherwise compile a new one for every text (its
 * own names), which costs more than the search itself. Each position is
 * tried only against the words that begin with its character.
 */
export function findLiteralWords(text: string, words: readonly string[]): Array<{ index: number; word: string }> {
  const out: Array<{ index: number; word: string }> = [];
  const byFirst = new Map<number, string[]>();
  // The range of those first characters: most of a text's characters fall outside it and are passed by two comparisons.
  let lo = 0xffff;
  let hi = 0;
  for (const w of words) {
    if (!w) continue;
    const c = w.charCodeAt(0);
    if (c < lo) lo = c;
    if (c > hi) hi = c;
    const list = byFirst.get(c);
    if (list) list.push(w);
    else byFirst.set(c, [w]);
  }
  if (byFirst.size === 0) return out;
  const n = text.length;
  let p = 0;
  while (p < n) {
    const c = text.charCodeAt(p);
    const list = c >= lo && c <= hi ? byFirst.get(c) : undefined;
    if (list && !isWordBefore(text, p)) {
      const w = firstFitting(text, p, list);
      if (w) {
        out.push({ index: p, word: w });
        p += w.length;
        continue;
      }
    }
    // The next code point (the regular expression, with `u`, never starts inside a surrogate pair).
    p += isPairAt(text, p) ? 2 : 1;
  }
  return out;
}

/** The first of `list` written at `p` with no word character after it (a loop, not a callback made at every candidate). */
function firstFitting(text: string, p: number, list: readonly string[]): string | undefined {
  for (const w of list) if (text.startsWith(w, p) && !isWordAt(text, p + w.length) && !isPairAt(text, p + w.length - 1)) return w;
  return undefined;
}

const isPairAt = (text: string, p: number) => {
  const c = text.charCodeAt(p);
  if (c < 0xd800 || c > 0xdbff) return false;
  const d = text.charCodeAt(p + 1);
  return d >= 0xdc00 && d <= 0xdfff;
};
/** `[\p{L}\p{N}_]` at `p`. */
const isWordAt = (text: string, p: number) => {
  if (p >= text.length) return false;
  const cp = text.codePointAt(p)!;
  return cp === 0x5f || (charClass(cp) & (LETTER | NUMBER)) !== 0;
};
/** `[\p{L}\p{N}_'’]` just before `p` (one code point back, a surrogate pair read whole). */
export const isWordBefore = (text: string, p: number) => {
  if (p === 0) return false;
  let cp = text.charCodeAt(p - 1);
  if (cp >= 0xdc00 && cp <= 0xdfff && p >= 2) {
    const hi = text.charCodeAt(p - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) cp = (hi - 0xd800) * 0x400 + (cp - 0xdc00) + 0x10000;
  }
  return cp === 0x5f || cp === 0x27 || cp === 0x2019 || (charClass(cp) & (LETTER | NUMBER)) !== 0;
};
