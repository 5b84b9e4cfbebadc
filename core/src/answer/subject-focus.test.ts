import { describe, expect, it } from "vitest";
import { focusOn, openingSubject, subjectFocus, titleNaming } from "./subject-focus.ts";
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

  it("a question names a title by its rare words, itself or by another name; a generic title word weighs little", () => {
    const titles = { chunks: VOCABULARY_CHUNKS, frequencies: new Map([["netherton", 6], ["syndrome", 300], ["olivopontocerebellar", 5], ["atrophy", 40], ["comel", 0]]) };
    const naming = titleNaming("Comel-Netherton disease in our baby - are we both carriers?", titles);
    const share = idf(6, VOCABULARY_CHUNKS) / (idf(6, VOCABULARY_CHUNKS) + idf(300, VOCABULARY_CHUNKS));
    expect(naming("Netherton syndrome").share).toBeCloseTo(share, 6);
    expect(share).toBeGreaterThan(0.75);
    // The unknown word written directly before the naming word is part of the name.
    expect([...naming("Netherton syndrome").name].sort()).toEqual(["comel", "netherton"]);
    expect(naming("Olivopontocerebellar atrophy").share).toBe(0);
    // A short form the title spells out names it (an alternative: "OPCA" for the title's words).
    const opca = titleNaming("Is there any treatment for OPCA?", titles, [{ words: ["olivopontocerebellar", "atrophy"], for: ["opca"] }]);
    expect(opca("Olivopontocerebellar atrophy")).toEqual({ share: 1, name: new Set(["opca"]) });
    // A short form read as the letters of one word does not name it.
    const acl = titleNaming("How is an ACL tear diagnosed?", titles, [{ words: ["olivopontocerebellar"], for: ["acl"] }]);
    expect(acl("Olivopontocerebellar atrophy").share).toBe(0);
    // Another name counts only when the title holds all of it.
    const part = titleNaming("Is it safe after a C-section?", titles, [{ words: ["olivopontocerebellar", "c"], for: ["c"] }]);
    expect(part("Olivopontocerebellar atrophy").share).toBe(0);
    // A generic title word alone names little; a title without known words is named by nothing.
    expect(titleNaming("Which syndrome is this?", titles)("Netherton syndrome").share).toBeLessThan(0.25);
    expect(naming("Zzz")).toEqual({ share: 0, name: new Set() });
  });

  it("a title word used as a modifier names nothing: followed by a word the knowledge base never uses, even one a thesaurus phrase knows", () => {
    const vocabulary = { chunks: VOCABULARY_CHUNKS, frequencies: new Map([["diabetes", 30], ["diabetic", 30], ["ketoacidosis", 0], ["acidosis", 4], ["managed", 200], ["ollendorf", 0], ["ollendorff", 3], ["buschke", 3]]) };
    expect(titleNaming("How is diabetic ketoacidosis managed?", vocabulary)("Diabetes").share).toBe(0);
    // A thesaurus phrase for the next word ("diabetic acidosis") does not make it a word the knowledge base uses.
    const phrase = [{ words: ["diabetic", "acidosis"], for: ["ketoacidosis"] }];
    expect(titleNaming("How is diabetic ketoacidosis managed?", vocabulary, phrase)("Diabetes").share).toBe(0);
    // A one-word respelling does ("Buschke-Ollendorf" names "Buschke-Ollendorff syndrome").
    const respelled = [{ words: ["ollendorff"], for: ["ollendorf"] }];
    expect(titleNaming("Is Buschke-Ollendorf inherited?", vocabulary, respelled)("Buschke-Ollendorff").share).toBe(1);
    // A break between them (punctuation) or a known next word leaves the naming.
    expect(titleNaming("Diabetic, and now ketoacidosis: how is it managed?", vocabulary)("Diabetes").share).toBe(1);
    expect(titleNaming("How is diabetes care managed?", vocabulary)("Diabetes").share).toBe(1);
  });

  it("an adjective that modifies the next word names only a title word written the same way; a family's name with a member's letter names only a title that holds the member", () => {
    const vocabulary = { chunks: VOCABULARY_CHUNKS, frequencies: new Map([["diabetes", 30], ["diabetic", 30], ["nerve", 40], ["pain", 300], ["patients", 500], ["vitamins", 20], ["vitamin", 40], ["d", 60], ["deficiency", 50], ["pills", 80]]) };
    // "diabetic nerve pain" is about the pain, not about the page "Diabetes" (refuse21's guard needed an unknown next word).
    expect(titleNaming("How is diabetic nerve pain treated?", vocabulary)("Diabetes").share).toBe(0);
    // The same adjective names a title that writes it, and the noun names its own title.
    expect(titleNaming("How is diabetic nerve pain treated?", vocabulary)("Diabetic nerve pain").share).toBe(1);
    expect(titleNaming("How is diabetes treated in older patients?", vocabulary)("Diabetes").share).toBe(1);
    // At the end of a phrase the adjective modifies nothing written: it still names ("Is my father diabetic?").
    expect(titleNaming("Is my father diabetic?", vocabulary)("Diabetes").share).toBe(1);
    expect(titleNaming("Is my father diabetic and how is it treated?", vocabulary)("Diabetes").share).toBe(1);
    // The thesaurus's one-word name for the adjective does not stand in for it; a phrase's name stands for the whole phrase.
    expect(titleNaming("How is diabetic nerve pain treated?", vocabulary, [{ words: ["diabetes"], for: ["diabetic"] }])("Diabetes").share).toBe(0);
    expect(titleNaming("Is diabetic nerve pain treated?", vocabulary, [{ words: ["diabetes"], for: ["diabetic", "nerve", "pain"] }])("Diabetes").share).toBe(1);
    // "vitamin D" is one member of the family "Vitamins": it names the page "Vitamin D", not the family's page.
    expect(titleNaming("Do I need vitamin D pills?", vocabulary)("Vitamins").share).toBe(0);
    expect(titleNaming("Do I need vitamin D pills?", vocabulary)("Vitamin D").share).toBe(1);
    expect(titleNaming("Which vitamin do I need?", vocabulary)("Vitamins").share).toBe(1);
  });

  it("the name excuses only its own unknown words, not those elsewhere in the question", () => {
    const vocabulary = { chunks: VOCABULARY_CHUNKS, frequencies: new Map([["pleural", 5], ["disorders", 300], ["plaques", 20], ["asbestos", 0], ["mesothelioma", 0], ["risk", 200]]) };
    const { share, name } = titleNaming("Worked with asbestos, now has pleural plaques. What's his mesothelioma risk?", vocabulary)("Pleural disorders");
    expect(share).toBeGreaterThan(0.75);
    expect([...name]).toEqual(["pleural"]);
  });
});
