import { describe, expect, it } from "vitest";
import { idf, subjectWords, unknownShare, VOCABULARY_CHUNKS } from "./unknown-subject.ts";

describe("unknown subject", () => {
  it("the subject's words are its content words minus words of asking and intent", () => {
    expect(subjectWords("What are the treatments for scabies in children?")).toEqual(["scabies", "children"]);
    expect(subjectWords("How is it treated?")).toEqual([]);
  });

  it("weighs unknown words by IDF: a rare unseen word outweighs a common known one", () => {
    const vocabulary = { chunks: VOCABULARY_CHUNKS, frequencies: new Map([["scabies", 0], ["children", 300], ["the", 900]]) };
    const share = unknownShare(["scabies", "children"], vocabulary);
    expect(share).toBeCloseTo(idf(0, 1000) / (idf(0, 1000) + idf(300, 1000)), 6);
    expect(share).toBeGreaterThan(0.75);
    expect(unknownShare(["children"], vocabulary)).toBe(0);
    // A word with no lexeme (not in the map) is neither known nor unknown.
    expect(unknownShare(["scabies", "zzz"], vocabulary)).toBe(1);
    expect(unknownShare([], vocabulary)).toBe(0);
  });

  it("counts absence in proportion to the knowledge base's size below VOCABULARY_CHUNKS", () => {
    const frequencies = new Map([["obese", 0], ["weight", 1]]);
    const full = unknownShare(["obese", "weight"], { chunks: VOCABULARY_CHUNKS, frequencies });
    const small = unknownShare(["obese", "weight"], { chunks: VOCABULARY_CHUNKS / 20, frequencies });
    expect(full).toBeGreaterThan(0.5);
    expect(small).toBeLessThan(full / 10);
  });
});
