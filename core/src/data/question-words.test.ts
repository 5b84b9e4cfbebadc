import { describe, expect, it } from "vitest";
import { expandShorthand, hasWord, withinOneEdit } from "./question-words.ts";

describe("question words: shorthand and single typos", () => {
  it("writes out common shorthand", () => {
    expect(expandShorthand("Appts missed by pts last wk")).toBe("appointments missed by patients last week");
    expect(expandShorthand("f/u within 7d, revenue ytd")).toBe("follow-up within 7 days, revenue year to date");
    expect(expandShorthand("DNAs last qtr, no shows and consults")).toBe("missed appointment last quarter, no-show and consultation");
    expect(expandShorthand("avg obs for 70 yr olds rn")).toBe("average observation for 70 years old now");
  });

  it("one edit apart: insert, delete, substitute, swap of neighbours; two edits are not", () => {
    expect(withinOneEdit("frames", "frmaes")).toBe(true);
    expect(withinOneEdit("appointment", "apointment")).toBe(true);
    expect(withinOneEdit("ketamine", "ketamin")).toBe(true);
    expect(withinOneEdit("coating", "coatinh")).toBe(true);
    expect(withinOneEdit("frames", "farmes1")).toBe(false);
    expect(withinOneEdit("sales", "males")).toBe(true);
  });

  it("short words must match exactly", () => {
    expect(hasWord(new Set(["males"]), "sales")).toBe(true);
    expect(hasWord(new Set(["eye"]), "dye")).toBe(false);
  });
});
