import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { productAfter } from "../src/product-evidence.ts";

/**
 * Over-redaction of products, scales and relations (#16, helper/deidover24), recall mode. Every text here was written for
 * this test; no name, place, product or phrase in it comes from an evaluation set (the brands are invented).
 */
const clean = async (text: string) => (await new SafeHarborDeidentifier().deidentify(text)).text;

describe("product evidence after a capitalised word", () => {
  it("reads a formulation or device noun, a model code before one, a dose count, a plan type or a serial number as a product", () => {
    expect(productAfter(" inhaler twice daily")).toBe(true);
    expect(productAfter(" G7 sensor fell off")).toBe(true);
    expect(productAfter(" 3 reader and meter")).toBe(true);
    expect(productAfter(" two puffs twice daily")).toBe(true);
    expect(productAfter(" PPO, member W77")).toBe(true);
    expect(productAfter(" Azure, serial number PJN88")).toBe(true);
    expect(productAfter(" batch A71BC442; next due")).toBe(true);
    // A person's next words are none of these; nor is a postcode after a town, nor "batch of".
    expect(productAfter(" attended with his mum")).toBe(false);
    expect(productAfter(" LD6 5AX tomorrow")).toBe(false);
    expect(productAfter(", batch of bloods sent")).toBe(false);
    expect(productAfter(" 2 days ago")).toBe(false);
  });

  it("keeps invented brands that such evidence explains and still removes the names beside them", async () => {
    const inhaler = await clean("Started Brevolair inhaler two puffs twice daily; reviewed by Dr Quennell.");
    expect(inhaler).toContain("Brevolair inhaler");
    expect(inhaler).not.toContain("Quennell");
    const sensor = await clean("Mrs Oyelaran-Pike says the Glucotrack G7 sensor fell off overnight.");
    expect(sensor).toContain("Glucotrack G7 sensor");
    expect(sensor).not.toContain("Oyelaran");
    const device = await clean("Device: Cardiotek Azure XT, serial RNB448211S. Next check with Thistlewaite.");
    expect(device).toContain("Cardiotek Azure");
    expect(device).not.toContain("RNB448211S");
    expect(device).not.toContain("Thistlewaite");
    const plan = await clean("Insurance: Mediplan member ID W884-21-7730. Caller: Hepzibah Orrell.");
    expect(plan).toContain("Mediplan");
    expect(plan).not.toContain("W884-21-7730");
    expect(plan).not.toContain("Orrell");
  });

  it("keeps a medicine with its dose out of a name grown beside it", async () => {
    const out = await clean("Insuficiencia cardiaca. Uso de Zorvaxa 40 mg. Filha Ines Carvalhosa informada.");
    expect(out).toContain("Zorvaxa 40 mg");
    expect(out).not.toContain("Carvalhosa");
  });
});

describe("scales and relations", () => {
  it("reads a scale that is also a given name, before its value, as the scale; the same word before a surname is a name", async () => {
    const score = await clean("Pressure areas intact. Braden 14. Waterlow 12.");
    expect(score).toContain("Braden 14");
    const person = await clean("Braden Quillfeather attended with his mother.");
    expect(person).not.toContain("Braden");
    expect(person).not.toContain("Quillfeather");
  });

  it("does not join a relation word to the name after it", async () => {
    const out = await clean("Fall at night, no injury. Son Marek informed by phone.");
    expect(out).toContain("Son ");
    expect(out).not.toContain("Marek");
  });
});
