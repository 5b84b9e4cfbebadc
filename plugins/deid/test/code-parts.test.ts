import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";

/** The letter parts of identifiers whose digits went (#16, twelfth round), recall mode; texts written for this test. */
const clean = async (text: string) => (await new SafeHarborDeidentifier().deidentify(text)).text;

describe("identifier parts (recall mode)", () => {
  it("removes glued prefixes, check characters and trailing capitals of a removed number, and all-capital codes ending in digits", async () => {
    const out = await clean("Asset tag QXB-LAP-00931 logged. Medical card: 5521 8830 C\nID: Z123456(7), old no. AB/0055123/C, folder KLM-N-7720311");
    for (const w of ["QXB", "LAP", "00931", " C\n", "(7)", "AB/", "/C", "KLM"]) expect(out).not.toContain(w);
  });

  it("keeps clinical codes written with dashes", async () => {
    const out = await clean("Coded in ICD-10-CM; SARS-CoV-2 negative; CURB-65 score 2; COVID-19 ward.");
    for (const w of ["ICD-10-CM", "SARS-CoV-2", "CURB-65", "COVID-19"]) expect(out).toContain(w);
  });
});

describe("facilities named after their facility word (recall mode)", () => {
  it("removes the facility word and the words after it that say which; keeps a heading of English words", async () => {
    const out = await clean("Hospital Santa Clara — Servicio de Urología\nHospital Discharge Summary\nCentre Hospitalier de Roanne");
    for (const w of ["Santa", "Clara", "Hospitalier", "Roanne"]) expect(out).not.toContain(w);
    expect(out).toContain("Hospital Discharge Summary");
    expect(await clean("The Clinic Wi-Fi logs show the tablet at noon.")).toContain("The Clinic");
  });
});
