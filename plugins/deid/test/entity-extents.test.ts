import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { ageAfterName, measuredNumber } from "../src/number-evidence.ts";
import { wordTokens } from "../src/word-tokens.ts";

/**
 * The fifteenth round of #16 (helper/deidspan22): evidence that keeps a number beside a removed word out of an address,
 * a label before a number out of the identifier beside it, clinical services out of facility names, and the rest of a
 * facility whose distinctive word went. Sentences written for this test, not taken from any evaluation set.
 */
const recall = new SafeHarborDeidentifier();
const left = async (text: string) => ((await recall.deidentify(text)).text.match(/[\p{L}\p{N}]+/gu) ?? []);
const token = (text: string, word: string) => wordTokens(text).find((t) => t.text === word)!;

describe("number evidence (number-evidence.ts)", () => {
  it("a unit or a decimal explains a number; an address word before it does not let a decimal explain it", () => {
    expect(measuredNumber("Gewicht 14,2 kg", token("Gewicht 14,2 kg", "14"), false)).toBe(true);
    expect(measuredNumber("Kt/V 1.4 today", token("Kt/V 1.4 today", "1"), false)).toBe(true);
    expect(measuredNumber("Flat 7.2 upstairs", token("Flat 7.2 upstairs", "7"), true)).toBe(false);
    expect(measuredNumber("Tolvik 18, Harrowgate", token("Tolvik 18, Harrowgate", "18"), false)).toBe(false);
    // An age over 89 with its unit is an identifier, not a measure.
    expect(measuredNumber("Herr Quastel, 93 Jahre", token("Herr Quastel, 93 Jahre", "93"), false)).toBe(false);
  });

  it("a short number after a name and a comma, then a dash, comma or running text, is an age; before a street it is a house number", () => {
    const safe = (w: string) => ["with", "ear", "pain"].includes(w);
    const a = "Ysolde Varnak, 41 — goitre";
    expect(ageAfterName(a, token(a, "41"), ", ", safe)).toBe(true);
    const b = "Ysolde Varnak, 6, ear pain";
    expect(ageAfterName(b, token(b, "6"), ", ", safe)).toBe(true);
    const c = "Ysolde Varnak, 12 Tolvik Road";
    expect(ageAfterName(c, token(c, "12"), ", ", safe)).toBe(false);
    const d = "Ysolde Varnak, 12 high street";
    expect(ageAfterName(d, token(d, "12"), ", ", (w) => w === "high")).toBe(false);
  });
});

describe("recall mode: measures, labels, services and whole facilities", () => {
  it("keeps a measure or an age beside a removed name out of an address, still removes the house number of an address", async () => {
    expect(await left("Ysolde Varnak 12,4 kg at birth.")).toEqual(expect.arrayContaining(["12", "4", "kg"]));
    expect(await left("Seen: Ysolde Varnak, 40 — thyroid nodule.")).toContain("40");
    expect(await left("She lives at Tolvik Brae 14, Harrowgate.")).not.toContain("14");
  });

  it("keeps a label in capitals before an identifier's number out of the identifier beside it", async () => {
    const car = await left("His Vauxhall, VIN 9KX4TR77Q1B208845, was towed.");
    expect(car).toContain("VIN");
    expect(car).not.toContain("9KX4TR77Q1B208845");
    expect(await left("Her Canadian SIN 129 884 310 was given.")).toContain("SIN");
  });

  it("keeps a clinic named by its clinical service; removes a facility's kind with its distinctive word and a chain store with its number", async () => {
    expect(await left("Referred to the Paediatric Allergy Clinic on Monday.")).toEqual(expect.arrayContaining(["Paediatric", "Allergy", "Clinic"]));
    const team = await left("Letter from Quorvane Family Health Team about the plan.");
    for (const w of ["Quorvane", "Family", "Health", "Team"]) expect(team).not.toContain(w);
    const store = await left("Please collect it from Zelbright Pharmacy Mart #4410 tomorrow.");
    for (const w of ["Zelbright", "Pharmacy", "Mart", "4410"]) expect(store).not.toContain(w);
    // A town's community mental health team is a service: its kind stays.
    expect(await left("Letter from Tolvikmoor Community Mental Health Team today.")).toEqual(expect.arrayContaining(["Community", "Mental", "Health", "Team"]));
  });
});
