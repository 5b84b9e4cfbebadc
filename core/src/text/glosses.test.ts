import { describe, expect, it } from "vitest";
import { glossedName, glosses } from "./glosses.ts";

describe("glosses", () => {
  it("pairs the words inside parentheses with the few words directly before them, within one phrase", () => {
    expect(glosses("FLC (fibrolamellar) treatment - surgery or chemo?")).toEqual([[["flc"], ["fibrolamellar"]]]);
    expect(glosses("Is it hereditary, my sister's Zed-Quill disease (a rare kidney illness)?")).toEqual([[["sister's", "zed", "quill", "disease"], ["a", "rare", "kidney", "illness"]]]);
    expect(glosses("no gloss here")).toEqual([]);
    expect(glosses("empty () parentheses")).toEqual([]);
  });

  it("returns the other side of a gloss that holds a naming word, and nothing without one", () => {
    expect([...glossedName("Life expectancy with QRS (Vorlath disease)?", new Set(["qrs"]))]).toEqual(["vorlath", "disease"]);
    expect([...glossedName("Life expectancy with QRS (Vorlath disease)?", new Set(["vorlath"]))]).toEqual(["life", "expectancy", "with", "qrs"]);
    expect([...glossedName("Life expectancy with QRS (Vorlath disease)?", new Set(["life"]))]).toEqual([]);
  });
});
