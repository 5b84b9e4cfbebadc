import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { vocabulary } from "../src/vocabulary.ts";
import { WordTable } from "../src/word-table.ts";

const require = createRequire(import.meta.url);

/** The typed-array table must answer exactly as a Map of the same entries, for words in it and words not in it. */
describe("WordTable", () => {
  it("answers as its Map for every word of the English list, their variants and odd strings", () => {
    const english = require("an-array-of-english-words") as string[];
    const map = new Map<string, number>();
    english.forEach((w, k) => map.set(w, (k % 2047) + 1));
    for (const w of ["zürich", "łódź", "são paulo", "𝐀lex", "a\ud800", "o'brien", "x"]) map.set(w, 7);
    const table = new WordTable(map);
    const wrong: string[] = [];
    for (const [w, value] of map) if (table.get(w) !== value) wrong.push(w);
    let absent = 0;
    for (const w of [...english.slice(0, 50_000).map((w) => `${w}q`), ...english.slice(0, 50_000).map((w) => w.slice(1)), "", "Zürich", "zurich", "𝐀le", "a\udc00", "O'Brien"]) {
      if (!map.has(w)) absent++;
      if (table.get(w) !== (map.get(w) ?? 0)) wrong.push(w);
    }
    expect(wrong).toEqual([]);
    expect(absent).toBeGreaterThan(50_000);
  });

  it("answers the same again through its memo of recent lookups, for words that share a memo slot and words longer than it keeps", () => {
    const english = require("an-array-of-english-words") as string[];
    const map = new Map<string, number>(english.slice(0, 40_000).map((w, k) => [w, (k % 2047) + 1]));
    const table = new WordTable(map);
    // Present and absent words of every length, each asked several times in different orders (hits, misses, evictions).
    const asked = [...english.slice(0, 60_000), ...english.slice(0, 60_000).map((w) => `${w}${w}`), "a", "ab", "x".repeat(16), "x".repeat(17)];
    const wrong: string[] = [];
    for (const order of [asked, [...asked].reverse(), asked.filter((_, k) => k % 7 === 0)]) {
      for (const w of order) if (table.get(w) !== (map.get(w) ?? 0) || table.get(w) !== (map.get(w) ?? 0)) wrong.push(w);
    }
    expect(wrong).toEqual([]);
  });

  it("handles an empty table and the empty word", () => {
    expect(new WordTable(new Map()).get("the")).toBe(0);
    expect(new WordTable(new Map([["", 3]])).get("")).toBe(3);
  });

  it("backs the vocabulary: lists answer through it", () => {
    const v = vocabulary();
    expect(v.safe.has("haemorrhage")).toBe(true);
    expect(v.safe.has("křenová")).toBe(false);
    expect(v.cities.has("zurich")).toBe(true);
    expect(v.flags("the") & 1).toBe(1);
  });
});
