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

  it("below VOCABULARY_CHUNKS, counts an unknown name nearly in full: the shared general words cannot carry an answer about it", () => {
    // A 50-chunk clinic handbook that says "fast" once and never names the procedure.
    const small = { chunks: 50, frequencies: new Map([["fast", 1], ["electroconvulsive", 0], ["drive", 3], ["home", 2], ["receive", 0], ["ketamine", 30]]) };
    expect(unknownShare(["fast", "electroconvulsive"], small)).toBeGreaterThan(0.9);
    // An unknown general word ("receive") still counts in proportion to the size.
    expect(unknownShare(["receive", "ketamine"], small)).toBeLessThan(0.1);
    expect(unknownShare(["drive", "home"], small)).toBe(0);
  });
});
