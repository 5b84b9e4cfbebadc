import type { PhiSpan } from "@rounds/core";
import { describe, expect, it } from "vitest";
import { mergeSpans, REDACTED, SafeHarborDeidentifier, shiftDate } from "../src/index.ts";

// The rule layer alone (precision mode); the recall pass on top is tested in recall-pass.test.ts.
const d = new SafeHarborDeidentifier({ mode: "precision" });
const types = async (text: string, gazetteer: string[] = []) => (await d.detect(text, { gazetteer })).map((s) => [s.type, text.slice(s.start, s.end)]);

describe("operators", () => {
  const text = "Dr. Okonkwo emailed jane@example.org on 03/14/2025 about Dr. Okonkwo's patient.";

  it("placeholder (the default) writes [TYPE_n], the same number for the same surface form", async () => {
    expect((await d.deidentify(text)).text).toBe("Dr. [NAME_1] emailed [EMAIL_1] on [DATE_1] about Dr. [NAME_1]'s patient.");
  });

  it("redact writes ███ and nothing of the original", async () => {
    const out = (await d.deidentify(text, { operator: "redact" })).text;
    expect(out).toBe(`Dr. ${REDACTED} emailed ${REDACTED} on ${REDACTED} about Dr. ${REDACTED}'s patient.`);
  });

  it("keep leaves the text as it was but still reports spans", async () => {
    const r = await d.deidentify(text, { operator: "keep" });
    expect(r.text).toBe(text);
    expect(r.spans.map((s) => s.type)).toEqual(["NAME", "EMAIL", "DATE", "NAME"]);
  });

  it("per-type operators override the call's operator, which overrides the plugin default", async () => {
    const out = (await d.deidentify(text, { operator: "redact", operators: { EMAIL: "keep", DATE: "placeholder" } })).text;
    expect(out).toBe(`Dr. ${REDACTED} emailed jane@example.org on [DATE_1] about Dr. ${REDACTED}'s patient.`);
    const redacting = new SafeHarborDeidentifier({ operator: "redact" });
    expect((await redacting.deidentify("Call 617-555-0142.")).text).toBe(`Call ${REDACTED}.`);
    expect((await redacting.deidentify("Call 617-555-0142.", { operator: "placeholder" })).text).toBe("Call [PHONE_1].");
  });

  it("pseudonym: the same original gets the same fake within a call, names word by word", async () => {
    const note = "Sarah Whitlock came with her son Devontae. Whitlock said Devontae drives. Sarah Whitlock signed.";
    const out = (await d.deidentify(note, { operator: "pseudonym", pseudonymSeed: "doc-1" })).text;
    expect(out).not.toMatch(/Sarah|Whitlock|Devontae/);
    const m = /^(\w+) (\w+) came with her son (\w+)\. (\w+) said (\w+) drives\. (\w+) (\w+) signed\.$/.exec(out);
    expect(m).not.toBeNull();
    const [, given, surname, son, surname2, son2, given3, surname3] = m!;
    expect([surname2, surname3]).toEqual([surname, surname]);
    expect(son2).toBe(son);
    expect(given3).toBe(given);
    expect(new Set([given, surname, son]).size).toBe(3);
  });

  it("pseudonym: the seed decides the fakes; same seed, same output", async () => {
    const note = "Patient Miguel Santos, MRN 00482913, email m.santos@gmail.com, phone (617) 555-0142.";
    const a = (await d.deidentify(note, { operator: "pseudonym", pseudonymSeed: "seed-a" })).text;
    const a2 = (await d.deidentify(note, { operator: "pseudonym", pseudonymSeed: "seed-a" })).text;
    const b = (await d.deidentify(note, { operator: "pseudonym", pseudonymSeed: "seed-b" })).text;
    expect(a2).toBe(a);
    expect(b).not.toBe(a);
    for (const out of [a, b]) {
      expect(out).not.toMatch(/Miguel|Santos|00482913|m\.santos|555-0142/);
      expect(out).toMatch(/MRN \d{8}, email person\.[0-9a-f]{6}@example\.org, phone \(\d{3}\) \d{3}-\d{4}\.$/);
    }
  });

  it("pseudonym: dates move by one shift per document, in their own format", async () => {
    const note = "Admitted 2025-03-01, discharged 2025-03-11; review on March 21, 2025.";
    const out = (await d.deidentify(note, { operator: "pseudonym", pseudonymSeed: "doc-7" })).text;
    const m = /^Admitted (\d{4}-\d{2}-\d{2}), discharged (\d{4}-\d{2}-\d{2}); review on (\w+ \d{1,2}, \d{4})\.$/.exec(out);
    expect(m).not.toBeNull();
    const day = (s: string) => Date.parse(`${s} UTC`) / 86_400_000;
    expect(day(m![2]!) - day(m![1]!)).toBe(10);
    expect(day(m![3]!) - day(m![1]!)).toBe(20);
    expect(m![1]).not.toBe("2025-03-01");
  });

  it("shiftDate keeps each format", () => {
    expect(shiftDate("03/14/2025", 1)).toBe("03/15/2025");
    expect(shiftDate("4/9", -10)).toBe("3/30");
    expect(shiftDate("12/31/24", 1)).toBe("01/01/25");
    expect(shiftDate("March 3, 2024", 30)).toBe("April 2, 2024");
    expect(shiftDate("Nov 12", 20)).toBe("Dec 2");
    expect(shiftDate("3rd of March", 1)).toBe("4th of March");
    expect(shiftDate("14th of February", 15)).toBe("29th of February");
    expect(shiftDate("June 2023", 30)).toBe("July 2023");
    expect(shiftDate("next Tuesday", 3)).toBeUndefined();
  });
});

describe("detection", () => {
  it("merges overlapping detections into one span, sorted by start, most confident type", async () => {
    const spans = await d.detect("Patient Sarah Whitlock called.", { gazetteer: ["Whitlock"] });
    expect(spans).toEqual([expect.objectContaining({ type: "NAME", start: 8, end: 22 })]);
    const merged = mergeSpans([
      { type: "PHONE", start: 10, end: 22, confidence: 0.9 },
      { type: "NAME", start: 0, end: 4, confidence: 0.7 },
      { type: "FAX", start: 8, end: 22, confidence: 0.97 },
      { type: "DATE", start: 20, end: 30, confidence: 0.5 },
    ] satisfies PhiSpan[]);
    expect(merged).toEqual([
      { type: "NAME", start: 0, end: 4, confidence: 0.7 },
      { type: "FAX", start: 8, end: 30, confidence: 0.97 },
    ]);
  });

  it("keeps a year on its own and removes every other date element", async () => {
    expect(await types("Ketamine was first used here in 2019 and the protocol changed in 2024.")).toEqual([]);
    expect(await types("Seen 2024-05-06, again on 5/20/2024, then May 30, 2024, the 3rd of June and in July 2024.")).toEqual([
      ["DATE", "2024-05-06"], ["DATE", "5/20/2024"], ["DATE", "May 30, 2024"], ["DATE", "3rd of June"], ["DATE", "July 2024"],
    ]);
  });

  it("keeps age 45 and removes age 93", async () => {
    expect(await types("The patient is 45 years old.")).toEqual([]);
    expect(await types("A 45-year-old, aged 45, turned 45.")).toEqual([]);
    expect((await d.deidentify("The patient is 93 years old.")).text).toBe("The patient is [AGE_1] years old.");
    // A month alone that dates an event is a date element too.
    expect((await d.deidentify("Aged 93, she turned 94 in May.")).text).toBe("Aged [AGE_1], she turned [AGE_2] in [DATE_1].");
    expect((await types("She may need a lower dose; Will may drive.")).map(([t]) => t)).not.toContain("DATE");
    expect(await types("BP 93/60, weight 93 kg, 93% adherence, 93 minutes.")).toEqual([]);
  });

  it("does not take clinical terms, scales or drugs for names", async () => {
    for (const text of [
      "Parkinson disease and Alzheimer dementia were ruled out.",
      "Rule out Parkinson's; family history of Alzheimer's.",
      "Beck Depression Inventory was 31 and the Hamilton Depression Rating Scale 24.",
      "Ketamine 0.5 mg/kg infused over 40 minutes.",
      "Sertraline 100 mg was continued and Esketamine was held.",
      "Patient Health Questionnaire and Columbia screening done.",
      "Mark the dose. Grace period applies. Will follow up Tuesday.",
    ]) expect(await types(text), text).toEqual([]);
  });

  it("reads a role with a colon as a speaker label: one word after it is a name only if it is a given name", async () => {
    expect(await types("Therapist: Say more about that. Patient: Floaty, like last time.")).toEqual([]);
    expect(await types("Patient: Maria, 71, seen today.")).toEqual([["NAME", "Maria"]]);
    expect(await types("Social worker: Deb Kowalczyk will call.")).toEqual([["NAME", "Deb Kowalczyk"]]);
  });

  it("finds each Safe Harbor family", async () => {
    const note = [
      "Dr. Lindqvist saw Mrs. Abernathy, 94 years old, at 42 Maple Street, Apt 3, Worcester, MA 01609-1234.",
      "Phone (617) 555-0142, fax: 617-555-0199, email a.b@example.org, SSN 123-45-6789, MRN 00482913,",
      "member ID XKZ48213377, account number 88120034, DEA number AB1234563, plate 7KLM392,",
      "serial number SN-55831-ZX, https://portal.example.org/u/4412, from 10.1.2.3, claim number CLM-77812.",
    ].join(" ");
    const found = new Set((await d.detect(note)).map((s) => s.type));
    for (const t of ["NAME", "AGE", "LOCATION", "ZIP", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "ID"] as const) {
      expect(found, t).toContain(t);
    }
  });

  it("matches gazetteer names case-insensitively, by part, with possessives", async () => {
    expect(await types("zorblat quixano called; Quixano's sister came too.", ["Zorblat Quixano"])).toEqual([
      ["NAME", "zorblat quixano"], ["NAME", "Quixano"],
    ]);
  });

  it("minConfidence drops weak detections", async () => {
    const text = "Mark said the session helped.";
    expect(await new SafeHarborDeidentifier({ minConfidence: 0.5 }).detect(text)).toHaveLength(1);
    expect(await new SafeHarborDeidentifier({ minConfidence: 0.7 }).detect(text)).toEqual([]);
  });

  it("never writes to the console", async () => {
    const calls: unknown[] = [];
    const original = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
    for (const k of Object.keys(original) as Array<keyof typeof original>) console[k] = (...a: unknown[]) => void calls.push(a);
    try {
      await d.deidentify("Patient Miguel Santos, 617-555-0142.", { operator: "pseudonym" });
    } finally {
      Object.assign(console, original);
    }
    expect(calls).toEqual([]);
  });
});
