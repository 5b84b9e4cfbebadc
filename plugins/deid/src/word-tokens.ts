import { charClass as classOf, LETTER, WORD } from "./char-classes.ts";

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
