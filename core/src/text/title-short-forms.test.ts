import { describe, expect, it } from "vitest";
import { knowledgeBaseShortForms, shortForms, titleLongForm, titleShortForms, unknownShortForms } from "./title-short-forms.ts";

describe("short forms read from the titles of retrieved pages", () => {
  it("takes a run of title words whose initials spell the short form, extra letters only in its last word", () => {
    expect(titleLongForm("COPD", "Chronic obstructive pulmonary disease")).toEqual(["chronic", "obstructive", "pulmonary", "disease"]);
    expect(titleLongForm("TTP", "About thrombotic thrombocytopenic purpura in adults")).toEqual(["thrombotic", "thrombocytopenic", "purpura"]);
    // Letters after the initials come from the run's last word ("retinopathy" gives the R).
    expect(titleLongForm("DR", "Diabetic retinopathy")).toEqual(["diabetic", "retinopathy"]);
    expect(titleLongForm("PKD", "Polycystic kidney disease")).toEqual(["polycystic", "kidney", "disease"]);
    expect(titleLongForm("MS", "Multiplesclerosis")).toEqual(["multiplesclerosis"]);
    // Function words of the title have no initial in the short form.
    expect(titleLongForm("RA", "Overview of rheumatoid arthritis")).toEqual(["rheumatoid", "arthritis"]);
  });

  it("refuses a letter inside an earlier word, a missing initial, and a one-word form no longer than the short form", () => {
    expect(titleLongForm("HLA", "Hemolytic anemia")).toBeUndefined();
    expect(titleLongForm("PDF", "Pulmonary fibrosis")).toBeUndefined();
    expect(titleLongForm("ABC", "Abcs")).toBeUndefined();
    expect(titleLongForm("XYZ", "Kidney stones")).toBeUndefined();
  });

  it("expands only capitalised subject words the knowledge base never uses, from the first title that fits", () => {
    const frequencies = new Map([["copd", 0], ["ra", 12], ["inhaler", 3]]);
    const titles = ["Asthma", "Chronic obstructive pulmonary disease", "Chronic obstructive pulmonary disease", "Rheumatoid arthritis"];
    expect(titleShortForms("Which inhaler helps COPD and RA?", ["inhaler", "copd", "ra"], frequencies, titles))
      .toEqual([{ words: ["chronic", "obstructive", "pulmonary", "disease"], for: ["copd"] }]);
    // Written in lower case it is a word, not a short form.
    expect(titleShortForms("which inhaler helps copd?", ["inhaler", "copd"], frequencies, titles)).toEqual([]);
  });

  it("reads the knowledge base's titles for a short form no retrieved title spells out, only where they agree on one long form", () => {
    const frequencies = new Map([["fevr", 0], ["cah", 0], ["ra", 0], ["gene", 40]]);
    expect(unknownShortForms("Which gene causes FEVR, CAH and RA?", ["gene", "fevr", "cah", "ra"], frequencies)).toEqual(["fevr", "cah", "ra"]);
    // Known or not, a capitalised subject word is a short form; written in lower case it is not.
    expect(shortForms("Which gene causes FEVR, CAH and ra?", ["gene", "fevr", "cah", "ra"])).toEqual(["fevr", "cah"]);
    // Joined to a number it is a name of its own.
    expect(shortForms("Is WD-40 or COVID-19 worse than FEVR?", ["wd", "covid", "fevr"])).toEqual(["fevr"]);
    const titles = ["Familial exudative vitreoretinopathy", "Congenital adrenal hyperplasia", "Non-classic congenital adrenal hyperplasia", "De Sanctis-Cacchione syndrome", "Rheumatoid arthritis", "Reactive arthritis", "Asthma"];
    // CAH: one page titled by it whole ("Cacchione", a single word, and a run inside a longer title do not count); RA: two pages with different long forms, so neither is meant for sure.
    expect(knowledgeBaseShortForms(["fevr", "cah", "ra"], titles)).toEqual([
      { words: ["familial", "exudative", "vitreoretinopathy"], for: ["fevr"] },
      { words: ["congenital", "adrenal", "hyperplasia"], for: ["cah"] },
    ]);
    expect(knowledgeBaseShortForms(["xyz"], titles)).toEqual([]);
    // A run inside a longer title does not count here ("germ cell tumors" for CT).
    expect(knowledgeBaseShortForms(["ct"], ["Childhood germ cell tumors"])).toEqual([]);
    // A single word never stands for a short form here ("Asthma" holds a, s, t), though a retrieved page's title may (`titleShortForms`).
    expect(knowledgeBaseShortForms(["ast"], titles)).toEqual([]);
  });
});
