import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";

/** Numbered placeholders and the pseudonym guard (#16); sentences written for this test. */
const recall = new SafeHarborDeidentifier();
const precision = new SafeHarborDeidentifier({ mode: "precision" });

describe("numbered placeholders", () => {
  // Recall mode takes the honorific with the name (#16, seventh round); precision mode keeps it.
  for (const [mode, d, title] of [["recall", recall, ""], ["precision", precision, "Dr. "]] as const) {
    it(`${mode} mode: the same surface form gets the same number, another person the next one`, async () => {
      const note = "Dr. Okonkwo saw Priyanka Wexley-Hart on 03/14/2025. Dr. Okonkwo called Priyanka Wexley-Hart again on 03/21/2025; Dr. Lindqvist agreed.";
      const out = (await d.deidentify(note)).text;
      expect(out).toBe(`${title}[NAME_1] saw [NAME_2] on [DATE_1]. ${title}[NAME_1] called [NAME_2] again on [DATE_2]; ${title}[NAME_3] agreed.`);
    });
  }

  it("recall mode: a name with and without its honorific is one person, one number", async () => {
    const out = (await recall.deidentify("Mrs. Abernathy-Coles phoned; Abernathy-Coles wants a call back from Mr Tiernan.")).text;
    expect(out).toBe("[NAME_1] phoned; [NAME_1] wants a call back from [NAME_2].");
  });

  it("numbers count per type and ignore case and spacing, per call", async () => {
    const out = (await recall.deidentify("Call 617-555-0142 or 617-555-0199; e-mail JO@EXAMPLE.ORG or jo@example.org.")).text;
    expect(out).toBe("Call [PHONE_1] or [PHONE_2]; e-mail [EMAIL_1] or [EMAIL_1].");
    // A new call starts again at 1.
    expect((await recall.deidentify("Call 617-555-0199.")).text).toBe("Call [PHONE_1].");
  });

  it("one person is one placeholder: parts of a name with an initial, a particle or a hyphen are one span", async () => {
    const out = (await recall.deidentify("Reviewed by Wojciech T. Ostrowski-Nkemelu and Annelies van der Kroft.")).text;
    expect(out).toBe("Reviewed by [NAME_1] and [NAME_2].");
  });
});

describe("pseudonym mode never puts a surrogate beside a leftover", () => {
  it("a name with an undetected part becomes a placeholder, at every mention, instead of a fake", async () => {
    // Precision mode finds "Halloran" after the title but not the initial and surname after it.
    const note = "Seen by Dr. Halloran J. Szénási today. Dr. Halloran will phone.";
    const spans = await precision.detect(note);
    expect(spans.map((s) => note.slice(s.start, s.end))).toEqual(["Halloran", "Halloran"]);
    const out = (await precision.deidentify(note, { operator: "pseudonym", pseudonymSeed: "s" })).text;
    expect(out).toBe("Seen by Dr. [NAME_1] J. Szénási today. Dr. [NAME_1] will phone.");
  });

  it("a particle between the found part and the leftover does not hide it", async () => {
    const out = (await precision.deidentify("Her aunt Rosalind de la Vega came.", { operator: "pseudonym", pseudonymSeed: "s" })).text;
    expect(out).toBe("Her aunt [NAME_1] de la Vega came.");
  });

  it("a number with a leftover group or extension beside it is not scrambled", async () => {
    const d = new SafeHarborDeidentifier({ mode: "precision" });
    const spans = await d.detect("Ring 617-555-0142 7 for the desk.");
    expect(spans).toHaveLength(1);
    expect((await d.deidentify("Ring 617-555-0142 7 for the desk.", { operator: "pseudonym", pseudonymSeed: "s" })).text).toBe("Ring [PHONE_1] 7 for the desk.");
  });

  it("whole identifiers are still pseudonymised, and a title or an English word beside them is not a leftover", async () => {
    const note = "Patient Miguel Santos was seen by Dr. Okonkwo. Santos said the pain eased.";
    const out = (await precision.deidentify(note, { operator: "pseudonym", pseudonymSeed: "s" })).text;
    expect(out).not.toMatch(/Miguel|Santos|Okonkwo|\[NAME/);
    expect(out).toMatch(/^Patient \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ was seen by Dr\. \p{Lu}\p{Ll}+\. \p{Lu}\p{Ll}+ said the pain eased\.$/u);
  });

  it("in recall mode the whole name is found, so it is pseudonymised whole", async () => {
    const out = (await recall.deidentify("Seen by Dr. Halloran J. Szénási today.", { operator: "pseudonym", pseudonymSeed: "s" })).text;
    expect(out).not.toMatch(/Halloran|Szénási|\[NAME/);
    expect(out).toMatch(/^Seen by Dr\. \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+\. \p{Lu}\p{Ll}+ today\.$/u);
  });
});
