import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { facilityHeading } from "../src/facility-evidence.ts";
import { camelProduct, formulationAfter, ratioNumber, strengthAfter } from "../src/product-evidence.ts";

/**
 * The sixteenth round's evidence (#16, helper/deidrecall23), recall mode. Every text here was written for this test; none
 * comes from an evaluation set, and no name, place or product in it is taken from one.
 */
const clean = async (text: string) => (await new SafeHarborDeidentifier().deidentify(text)).text;

describe("product evidence", () => {
  it("reads a slash of numbers that is no date after a word as a strength", () => {
    expect(strengthAfter(" 50/500, two tablets")).toBe(true);
    expect(strengthAfter(" 20/125 BD")).toBe(true);
    // A date in either order, or a capitalised word after it (a unit and house number before a street), is not.
    expect(strengthAfter(" 12/3 review")).toBe(false);
    expect(strengthAfter(" 3/27 review")).toBe(false);
    expect(strengthAfter(" 9/41 Harbour Rd")).toBe(false);
    const text = "Taking Zembrix 50/500 once daily";
    expect(ratioNumber(text, text.indexOf("50"), text.indexOf("50") + 2)).toBe(true);
    expect(ratioNumber(text, text.indexOf("500"), text.indexOf("500") + 3)).toBe(true);
    // Not after a number sign: a record's number and year.
    const record = "Case № 5521/26 opened";
    expect(ratioNumber(record, record.indexOf("5521"), record.indexOf("5521") + 4)).toBe(false);
  });

  it("reads a camel-case compound with an English tail as a product, not a surname with a particle", () => {
    const english = (w: string) => ["link", "chart", "app", "pulse", "shield"].includes(w);
    const given = (w: string) => ["shawn"].includes(w);
    expect(camelProduct("TeleLink", english, given)).toBe(true);
    expect(camelProduct("DocChart", english, given)).toBe(true);
    expect(camelProduct("McPulse", english, given)).toBe(false);
    expect(camelProduct("DeShawn", english, given)).toBe(false);
    expect(camelProduct("Halvorsen", english, given)).toBe(false);
  });

  it("reads a release code before a dose or a prescribing verb as a formulation", () => {
    expect(formulationAfter(" XL 150 mg nocte")).toBe(true);
    expect(formulationAfter(" CR increased today")).toBe(true);
    expect(formulationAfter(" ER visit last week")).toBe(false);
  });

  it("keeps a medicine and its strength, and a product in camel case, in running text", async () => {
    const out = await clean("Mrs Halvorsen now takes Zembrix 50/500, one tablet twice daily, and sends readings through HomePulse each week.");
    expect(out).toContain("Zembrix 50/500");
    expect(out).toContain("HomePulse");
    expect(out).not.toContain("Halvorsen");
  });

  it("still removes a unit and house number before a street", async () => {
    const out = await clean("She moved to 9/41 Vellacombe Rd last month.");
    expect(out).not.toContain("41");
    expect(out).not.toContain("Vellacombe");
  });
});

describe("eponyms and examination findings", () => {
  it("keeps an eponym before a finding or after a second name joined by and", async () => {
    const out = await clean("O: Thessaly neg, Apley pos. Hunt and Hess grade 2 unchanged. Reviewed by Dr Ashgarth.");
    for (const w of ["Thessaly neg", "Apley pos", "Hunt and Hess grade"]) expect(out).toContain(w);
    expect(out).not.toContain("Ashgarth");
  });
});

describe("chat speakers with the time after the name", () => {
  it("removes handles, initials and given name with surname that open turns before a clock time", async () => {
    const out = await clean("#ward-9-docs\ntz 08:01: anyone seen bed 4's gas?\nkip 08:03: on it\ndr_osk 08:04: K is 6.1, repeat pls\nkip 08:06: done\ntz 08:07: ta\ndr_osk 08:09: ok");
    for (const w of ["tz ", "kip", "osk"]) expect(out).not.toContain(w);
    expect(out).toContain("anyone seen bed 4's gas?");
  });

  it("removes speakers written with a double space after the time, and @handles", async () => {
    const out = await clean("Teams chat\nQV 10:02  can someone call the family\nNB 10:03  on it\nQV 10:05  thanks\nNB 10:06  done too\n@marlo.t: free now\n@marlo.t: done");
    for (const w of ["QV", "NB", "marlo"]) expect(out).not.toContain(w);
  });

  it("keeps a schedule's days before their times", async () => {
    const out = await clean("Clinic times\nMon 09:00: fracture clinic\nWed 09:00: plaster room");
    expect(out).toContain("Mon");
    expect(out).toContain("Wed");
  });
});

describe("facility headings", () => {
  it("finds a heading or letterhead position", () => {
    const a = "Discharge note\nHarbour Light Hospital, Eastwick\nPatient: …";
    expect(facilityHeading(a, a.indexOf("Harbour"), a.indexOf(", Eastwick"))).toBe(true);
    const b = "Seen in the Harbour Light Hospital today";
    expect(facilityHeading(b, b.indexOf("Harbour"), b.indexOf(" today"))).toBe(false);
  });

  it("removes a facility named by common words in a letterhead, and keeps a service and a title in capitals", async () => {
    const out = await clean("Referral letter — Silver Birch Hospital\nPatient: Ines Morvoe-Lisk");
    expect(out).not.toContain("Silver Birch");
    const kept = await clean("Memory Clinic\nAppointment for review in six weeks.\nSTROKE PREVENTION CLINIC\nAdult Protective Services\nnotified.");
    for (const w of ["Memory Clinic", "STROKE PREVENTION CLINIC", "Adult Protective Services"]) expect(kept).toContain(w);
  });
});

describe("workplaces", () => {
  it("removes a workplace named after a verb of work, its English words too", async () => {
    const out = await clean("Social: works as a porter at The Copper Anchor on weekends; lost his job at Granite Hill Quarry last year.");
    for (const w of ["Copper Anchor", "Granite Hill Quarry"]) expect(out).not.toContain(w);
    expect(out).toContain("Social: works as a porter at");
  });

  it("keeps a single acronym and a title with a name to the name rules", async () => {
    const out = await clean("She works for NHS and volunteers with Dr Tregerthen on Fridays.");
    expect(out).toContain("NHS");
    expect(out).not.toContain("Tregerthen");
  });
});
