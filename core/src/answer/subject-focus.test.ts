import { describe, expect, it } from "vitest";
import { focusOn, openingSubject, subjectFocus } from "./subject-focus.ts";
import { idf, VOCABULARY_CHUNKS } from "./unknown-subject.ts";

const vocabulary = { chunks: VOCABULARY_CHUNKS, frequencies: new Map([["anxiety", 20], ["disorders", 200], ["swollen", 40], ["veins", 30], ["itch", 25], ["scabies", 0]]) };

describe("subject focus", () => {
  it("a word named in the heading or used more than once is central; a single passing mention is not", () => {
    const passing = { title: "Pulmonary embolism", context: "Pulmonary embolism › Symptoms", text: "Symptoms include chest pain, anxiety and a cough." };
    expect(subjectFocus(["anxiety", "disorders"], vocabulary, [passing])).toBe(0);
    const named = { title: "Anxiety disorders", context: "Anxiety disorders › Symptoms", text: "Symptoms include worry." };
    expect(subjectFocus(["anxiety", "disorders"], vocabulary, [passing, named])).toBe(1);
    const dwells = { title: "Stress", text: "Anxiety is common. Anxiety can be treated." };
    expect(subjectFocus(["anxiety", "disorders"], vocabulary, [dwells])).toBeCloseTo(idf(20, VOCABULARY_CHUNKS) / (idf(20, VOCABULARY_CHUNKS) + idf(200, VOCABULARY_CHUNKS)), 6);
  });

  it("a passage holding several of the subject's words describes it (a lay paraphrase), each mentioned once", () => {
    const p = { title: "Hemorrhoids", text: "Hemorrhoids are swollen veins that may itch." };
    expect(subjectFocus(["swollen", "veins", "itch"], vocabulary, [p])).toBe(1);
    expect(subjectFocus(["swollen", "veins"], vocabulary, [p])).toBe(0);
  });

  it("lack of focus counts in proportion to the knowledge base's size below VOCABULARY_CHUNKS", () => {
    const passing = { title: "Pulmonary embolism", text: "Symptoms include chest pain, anxiety and a cough." };
    expect(subjectFocus(["anxiety"], { ...vocabulary, chunks: VOCABULARY_CHUNKS / 4 }, [passing])).toBeCloseTo(0.75, 6);
    expect(subjectFocus(["anxiety"], { ...vocabulary, chunks: 4 * VOCABULARY_CHUNKS }, [passing])).toBe(0);
  });

  it("the best of the passages given counts (the caller gives the whole candidate set); words the index never saw or holds no lexeme for are left out", () => {
    const other = { title: "Other", text: "Nothing here." };
    const named = { title: "Anxiety", text: "Worry." };
    expect(subjectFocus(["anxiety"], vocabulary, [other, other, other])).toBe(0);
    expect(subjectFocus(["anxiety"], vocabulary, [other, other, other, named])).toBe(1);
    expect(subjectFocus(["scabies", "anxiety"], vocabulary, [named])).toBe(1);
    expect(subjectFocus(["scabies", "zzz"], vocabulary, [other])).toBe(1);
  });

  it("a word in the subject role of the passage's first sentence is central: what a passage opens by talking about", () => {
    const opens = { title: "Stress", text: "Anxiety disorders are feelings of worry. They can be treated." };
    const passing = { title: "Stress", text: "Symptoms include chest pain, anxiety and a cough. Stress is common." };
    const later = { title: "Stress", text: "Stress is common. It may bring anxiety." };
    expect(focusOn(["anxiety"], vocabulary)(opens)).toBe(1);
    expect(focusOn(["anxiety"], vocabulary)(passing)).toBe(0);
    expect(focusOn(["anxiety"], vocabulary)(later)).toBe(0);
    expect(openingSubject("Hemorrhoids are swollen veins in the anus.")).toBe("Hemorrhoids");
    expect(openingSubject("Fever, rash, headache")).toBe("");
  });
});
