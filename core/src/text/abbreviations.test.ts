import { describe, expect, it } from "vitest";
import { definedAbbreviations, longFormOf } from "./abbreviations.ts";

describe("abbreviations defined in the knowledge base", () => {
  it("finds the long form before a parenthesised short form, letter by letter from the end", () => {
    expect(longFormOf("COPD", "Smoking is the main cause of chronic obstructive pulmonary disease")).toBe("chronic obstructive pulmonary disease");
    expect(longFormOf("ALL", "Adults with acute lymphoblastic leukemia")).toBe("acute lymphoblastic leukemia");
    expect(longFormOf("HbA1c", "a blood test called hemoglobin A1c")).toBe("hemoglobin A1c");
    // The first letter must begin a word; nothing that does not hold the letters in order.
    expect(longFormOf("XYZ", "a disease of the kidneys")).toBeUndefined();
  });

  it("keeps only short forms the question uses, the most often defined long form for each", () => {
    const texts = [
      "Children with non-Hodgkin lymphoma (NHL) may have swollen lymph nodes.",
      "Treatment of non-Hodgkin lymphoma (NHL) depends on the stage.",
      "Chronic obstructive pulmonary disease (COPD) makes it hard to breathe.",
      "This is rare (see below).",
    ];
    expect(definedAbbreviations(texts, new Set(["signs", "nhl", "child"]))).toEqual([{ words: ["non", "hodgkin", "lymphoma"], for: ["nhl"] }]);
    expect(definedAbbreviations(texts, new Set(["see"]))).toEqual([]);
  });
});
