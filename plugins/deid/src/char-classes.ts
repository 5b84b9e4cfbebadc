/** A word character (`[\p{L}\p{M}\p{N}]`), a letter (`\p{L}`), an upper-case letter (`\p{Lu}`), a number (`\p{N}`), a lower-case letter (`\p{Ll}`). */
export const WORD = 1;
export const LETTER = 2;
export const UPPER = 4;
const KNOWN = 8;
export const NUMBER = 16;
export const LOWER = 32;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const LETTER_CHAR = /^\p{L}$/u;
const UPPER_CHAR = /^\p{Lu}$/u;
const NUMBER_CHAR = /^\p{N}$/u;
const LOWER_CHAR = /^\p{Ll}$/u;
/** Classes of the characters below U+10000 seen so far (0: not yet seen). */
const table = new Uint8Array(0x10000);
const classify = (ch: string) => (WORD_CHAR.test(ch) ? WORD : 0) | (LETTER_CHAR.test(ch) ? LETTER : 0) | (UPPER_CHAR.test(ch) ? UPPER : 0) | (NUMBER_CHAR.test(ch) ? NUMBER : 0) | (LOWER_CHAR.test(ch) ? LOWER : 0);

/**
 * The Unicode classes of one code point as bits, the answer of the regular
 * expressions themselves (each character below U+10000 is tested once and
 * remembered; the rest are tested each time), for scanners that would
 * otherwise run a Unicode regular expression at every character.
 */
export function charClass(cp: number): number {
  if (cp > 0xffff) return classify(String.fromCodePoint(cp));
  let c = table[cp]!;
  if (c === 0) table[cp] = c = KNOWN | classify(String.fromCharCode(cp));
  return c;
}

