// The off-topic gate's share (off-topic.ts) on vocabularies and candidate passages written for this test; the bar
// (OFF_TOPIC_SHARE) was tuned on MedQuAD packs (docs/quality/answers.md), none of these questions was used to choose it.
import { describe, expect, it } from "vitest";
import { everydayNoun, OFF_TOPIC_SHARE, offTopicShare, personOrNoNoun } from "./off-topic.ts";
import { VOCABULARY_CHUNKS } from "./unknown-subject.ts";

const candidates = [
  "Heart failure means the heart cannot pump enough blood. Symptoms include shortness of breath and swollen ankles.",
  "Knee replacement is an operation in which a damaged knee joint is replaced. After the operation, physical therapy helps.",
];
const frequencies = new Map([["restaurants", 2], ["heart", 120], ["town", 3], ["knee", 40], ["operation", 60], ["long", 400], ["works", 300]]);

describe("the off-topic share", () => {
  it("reads everyday nouns from WordNet: a thing is everyday, a body part, a condition or a person is not", () => {
    expect(everydayNoun("restaurants")).toBe(true);
    expect(everydayNoun("town")).toBe(true);
    expect(everydayNoun("heart")).toBe(false);
    expect(everydayNoun("son")).toBe(false);
    expect(personOrNoNoun("diabetic")).toBe(true);
    expect(personOrNoNoun("liver")).toBe(false);
  });

  it("on a knowledge base of VOCABULARY_CHUNKS chunks, everyday nouns no passage holds beside another question word carry the share", () => {
    const large = { chunks: VOCABULARY_CHUNKS, frequencies };
    const everyday = offTopicShare(["restaurants", "heart", "town"], large, candidates);
    expect(everyday.foreign.sort()).toEqual(["restaurants", "town"]);
    expect(everyday.share).toBeGreaterThanOrEqual(OFF_TOPIC_SHARE);
    // A clinical question in lay words: its words are health words or sit beside each other in a passage.
    expect(offTopicShare(["knee", "operation", "long", "works"], large, candidates).share).toBeLessThan(OFF_TOPIC_SHARE);
  });

  it("counts foreignness in proportion to the knowledge base's size below VOCABULARY_CHUNKS: a small one rarely holds two words together", () => {
    const full = offTopicShare(["restaurants", "heart", "town"], { chunks: VOCABULARY_CHUNKS, frequencies }, candidates).share;
    const small = offTopicShare(["restaurants", "heart", "town"], { chunks: VOCABULARY_CHUNKS / 20, frequencies }, candidates).share;
    expect(full).toBeGreaterThanOrEqual(OFF_TOPIC_SHARE);
    // At a twentieth of the size the share is at most a twentieth, whatever the words: far under the bar, but still measured.
    expect(small).toBeLessThanOrEqual(1 / 20);
    expect(small).toBeGreaterThan(0);
  });
});
