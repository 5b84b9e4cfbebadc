import { describe, expect, it } from "vitest";
import { findLiteralWords } from "../src/literal-words.ts";

/** The literal-word finder must find exactly what the regular expression names.ts used to build for every text finds. */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const byRegex = (text: string, words: string[]) =>
  words.length === 0 ? [] : [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}_'’])(?:${words.map(escape).join("|")})(?![\\p{L}\\p{N}_])`, "gu"))].map((m) => ({ index: m.index, word: m[0] }));

describe("findLiteralWords", () => {
  it("finds what the regular expression finds: boundaries, order of the words, overlaps, surrogate pairs", () => {
    const cases: Array<[string, string[]]> = [
      ["Osei called. Dr Osei's note; O'Osei, Oseiα Osei_ 3Osei Osei3 Osei", ["Osei"]],
      ["Ann Anna Annabel Ann-Marie", ["Ann", "Anna"]],
      ["Ann Anna Annabel Ann-Marie", ["Anna", "Ann"]],
      ["Ann Anna Annabel", ["Annabel", "Ann", "Anna"]],
      ["Ng Ngozi ’Ng 'Ng _Ng -Ng Ng", ["Ng", "Ngozi"]],
      ["𝐀lex 𝐀lex𝐀 x𝐀lex 𝟙𝐀lex 😀𝐀lex Ⅻ𝐀lex", ["𝐀lex"]],
      ["Zoë Zoë́ Zoë٣ Zoë.", ["Zoë"]],
      ["St. Clair met St. Clair-Smith (St.", ["St.", "Clair"]],
      ["a\ud800Bob \udc00Bob Bob\ud800 Bob", ["Bob"]],
      ["", ["Bob"]],
      ["Bob", []],
      ["Bob Bob", ["", "Bob"]],
    ];
    for (const [text, words] of cases) expect(findLiteralWords(text, words), JSON.stringify([text, words])).toEqual(byRegex(text, words.filter(Boolean)));
  });

  it("agrees with the regular expression on random strings of tricky characters", () => {
    const pool = ["A", "b", "Ab", "é", "\u0301", "7", "٣", " ", "-", "'", "’", "_", ".", "\n", "𝐀", "😀", "\ud800", "\udc00", "Ⅻ"];
    let seed = 4242;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const pick = (n: number) => Array.from({ length: n }, () => pool[next() % pool.length]).join("");
    for (let k = 0; k < 3000; k++) {
      const words = Array.from({ length: 1 + (next() % 3) }, () => pick(1 + (next() % 3)));
      const text = pick(next() % 40);
      expect(findLiteralWords(text, words), JSON.stringify([text, words])).toEqual(byRegex(text, words));
    }
  });
});
