import { describe, expect, it } from "vitest";
import { isNamingWord } from "./naming-words.ts";

describe("naming words", () => {
  it("names: nouns, relational adjectives and words no dictionary lists", () => {
    for (const w of ["colonoscopy", "surgery", "dialysis", "cataract", "lithium", "renal", "bipolar", "clozapine", "electroconvulsive"]) expect(isNamingWord(w), w).toBe(true);
  });

  it("not names: words with a verb or adverb sense, describing adjectives, numbers, measures of time or quantity and short forms", () => {
    for (const w of ["fast", "drive", "checked", "blood", "pressure", "receive", "soon", "obese", "pregnant", "sick", "180", "kg", "four", "months", "weeks", "litres"]) expect(isNamingWord(w), w).toBe(false);
  });
});
