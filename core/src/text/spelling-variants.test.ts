import { describe, expect, it } from "vitest";
import { americanSpelling, spellingVariants } from "./spelling-variants.ts";

describe("British and American spellings", () => {
  it("rewrites British forms by the rules of English orthography", () => {
    expect(americanSpelling("anaemia")).toBe("anemia");
    expect(americanSpelling("oesophageal")).toBe("esophageal");
    expect(americanSpelling("diarrhoea")).toBe("diarrhea");
    expect(americanSpelling("tumours")).toBe("tumors");
    expect(americanSpelling("paediatrician")).toBe("pediatrician");
    expect(americanSpelling("immunisation")).toBe("immunization");
    expect(americanSpelling("paralysed")).toBe("paralyzed");
    expect(americanSpelling("centre")).toBe("center");
  });

  it("leaves American spellings and words the rules do not fit alone", () => {
    for (const w of ["anemia", "tumor", "poetry", "noise", "promise", "genre", "acre", "toe", "hour", "course", "four", "aerobic"]) expect(americanSpelling(w), w).toBeUndefined();
  });

  it("gives each respelled subject word as an alternative standing for it", () => {
    expect(spellingVariants(["leukaemia", "adult"])).toEqual([{ words: ["leukemia"], for: ["leukaemia"] }]);
  });
});
