import { describe, expect, it } from "vitest";
import { editNeighbours, isDictionaryWord, possibleMisspellings } from "./near-spellings.ts";

describe("near spellings", () => {
  it("lists every word one deletion, insertion, substitution or transposition away, not the word itself", () => {
    const near = new Set(editNeighbours("fever"));
    for (const w of ["feer", "feverr", "fevor", "fveer", "efver", "afever"]) expect(near.has(w), w).toBe(true);
    expect(near.has("fever")).toBe(false);
    expect(near.has("fervor")).toBe(false); // two edits
  });

  it("knows dictionary words in their inflected forms, and not made-up ones", () => {
    for (const w of ["carcinoid", "tumours", "kidneys", "bleeding", "diarrhoea", "parent's"]) expect(isDictionaryWord(w), w).toBe(true);
    for (const w of ["kidnney", "blededing", "qwzrtyx"]) expect(isDictionaryWord(w), w).toBe(false);
  });

  it("respells only long words unknown to the knowledge base and to the dictionary", () => {
    const frequencies = new Map([["kidnney", 0], ["carcinoid", 0], ["kidney", 12], ["ab", 0], ["blededing's", 0], ["x1234567", 0]]);
    expect(possibleMisspellings(["kidnney", "carcinoid", "kidney", "ab", "blededing's", "x1234567", "missing"], frequencies)).toEqual(["kidnney", "blededing's"]);
  });
});
