import { charClass as classOf, LETTER, LOWER, NUMBER, WORD } from "./char-classes.ts";

/** A word of a text and where it is. */
export interface WordToken { start: number; end: number; text: string }

/**
 * The words of a text, exactly as `/[\p{L}\p{M}\p{N}]+(?:['’]\p{L}+)?/gu`
 * finds them (runs of letters, marks and digits, with an apostrophe and the
 * letters after it: "O'Brien", "it’s"), in one pass over the characters. The
 * regular expression costs about a microsecond a word (Unicode classes at
 * every character); this reads each character's class from a table filled on
 * first sight by testing that character against the same classes, so the
 * answer is always the regular expression's.
 */
export function wordTokens(text: string): WordToken[] {
  const out: WordToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let cp = text.codePointAt(i)!;
    if (!(classOf(cp) & WORD)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    do i += cp > 0xffff ? 2 : 1;
    while (i < n && classOf((cp = text.codePointAt(i)!)) & WORD);
    const q = text.charCodeAt(i);
    if (q === 0x27 || q === 0x2019) {
      let j = i + 1;
      while (j < n) {
        const c = text.codePointAt(j)!;
        if (!(classOf(c) & LETTER)) break;
        j += c > 0xffff ? 2 : 1;
      }
      if (j > i + 1) i = j;
    }
    out.push({ start, end: i, text: text.slice(start, i) });
  }
  return out;
}

/**
 * The words `/(?<![\p{L}\p{N}])\p{Ll}{3,}(?![\p{L}\p{N}])/gu` finds (three lower-case letters or more, no letter or
 * number on either side), in one pass over the characters with their classes read from the table (the language test
 * reads every such word of every text; the regular expression tests Unicode classes at every character).
 */
export function lowerCaseWords(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let beside = false; // the code point before is a letter or a number
  for (let i = 0; i < n; ) {
    let cp = text.codePointAt(i)!;
    let c = classOf(cp);
    if (!(c & LOWER) || beside) {
      beside = (c & (LETTER | NUMBER)) !== 0;
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let length = 0;
    for (;;) {
      length++;
      i += cp > 0xffff ? 2 : 1;
      if (i >= n) break;
      cp = text.codePointAt(i)!;
      c = classOf(cp);
      if (!(c & LOWER)) break;
    }
    // (The run ends at the text's end, or before the code point at i, of class c, which is read again on the next turn.)
    if (length >= 3 && !(i < n && c & (LETTER | NUMBER))) out.push(text.slice(start, i));
    beside = true;
  }
  return out;
}
