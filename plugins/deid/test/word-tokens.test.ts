import { describe, expect, it } from "vitest";
import { lowerCaseWords, wordTokens } from "../src/word-tokens.ts";

/** The hand-written word scanner must find exactly what the regular expression it replaces finds. */
const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?/gu;
const byRegex = (text: string) => [...text.matchAll(WORD_RE)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));

describe("wordTokens", () => {
  it("splits words, digits, apostrophes, marks and letters beyond the BMP as the regex does", () => {
    const cases = [
      "O'Brien's MRN-778812 isn’t here; rock'n'roll 3'4 it'", "Zürich São Paulo Łódź Křenová ﬁne", "e\u0301te\u0301 \u0301x ٣٤٥ ½ Ⅻ",
      "𝐀𝐁𝐂 abc𝟙𝟚 𠜎𠜱 😀x 'a ’b a'😀 a'𝐀b", "lone \ud800 high \udc00 low a\ud800b", "", "   ", "x", "'", "a'", "a''b", "tab\tnew\nline",
    ];
    for (const text of cases) expect(wordTokens(text), text).toEqual(byRegex(text));
  });

  it("agrees with the regex on random strings of tricky characters", () => {
    const pool = ["a", "Z", "é", "\u0301", "7", "٣", " ", "-", "'", "’", ".", "\n", "𝐀", "😀", "\ud800", "\udc00", "ß", "Ⅻ", "_", "中"];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 2000; k++) {
      let text = "";
      for (let c = next() % 40; c > 0; c--) text += pool[next() % pool.length];
      expect(wordTokens(text), JSON.stringify(text)).toEqual(byRegex(text));
    }
  });
});

/** The lower-case word scanner of the language test must find exactly what the regular expression it replaces finds. */
const LOWER_RE = /(?<![\p{L}\p{N}])\p{Ll}{3,}(?![\p{L}\p{N}])/gu;
describe("lowerCaseWords", () => {
  it("finds the regex's words on awkward and random text", () => {
    const cases = ["está una casa, the Patient's notes: abc2 2abc ab abc Abc abC aßc ǆabc ǅabc", "𝐚𝐛𝐜 x𝐚𝐛𝐜 abc𝟙 e\u0301te\u0301 ab\ud800cd abc\udc00", "", "abc", "a"];
    const pool = ["a", "b", "Z", "é", "ß", "\u0301", "7", "٣", " ", "-", "'", ".", "𝐚", "𝐀", "😀", "\ud800", "\udc00", "ǅ", "ǆ", "Ⅻ", "ⅻ", "_"];
    let seed = 777;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 3000; k++) {
      let text = "";
      for (let c = next() % 40; c > 0; c--) text += pool[next() % pool.length];
      cases.push(text);
    }
    let words = 0;
    for (const text of cases) {
      const expected = [...text.matchAll(LOWER_RE)].map((m) => m[0]);
      expect(lowerCaseWords(text), JSON.stringify(text)).toEqual(expected);
      words += expected.length;
    }
    expect(words).toBeGreaterThan(500);
  });
});
