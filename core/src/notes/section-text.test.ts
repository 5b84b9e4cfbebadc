import { describe, expect, it } from "vitest";
import { countWords, limitWords, parseRisk } from "./section-text.ts";

describe("note text rules", () => {
  it("parses risk markers in order", () => {
    expect(parseRisk("Calm. {{RED:Thoughts of self-harm}} and {{RED: access to means }}.")).toEqual(["Thoughts of self-harm", "access to means"]);
    expect(parseRisk("No risk raised.")).toEqual([]);
  });

  it("counts words without the marker syntax", () => {
    expect(countWords("{{RED:two words}} three")).toBe(3);
  });

  it("cuts at a sentence end when one is close, else at a word with an ellipsis", () => {
    expect(limitWords("One two three four five six seven eight. Nine ten eleven twelve.", 10)).toBe("One two three four five six seven eight.");
    expect(limitWords("one two three four five six", 4)).toBe("one two three four…");
    expect(limitWords("short", 4)).toBe("short");
  });

  it("keeps a risk marker closed when the cut falls inside it", () => {
    const cut = limitWords("{{RED:the patient described a detailed plan with a date and means}}", 5);
    expect(cut).toBe("{{RED:the patient described a detailed…}}");
    expect(parseRisk(cut)).toEqual(["the patient described a detailed…"]);
    expect(countWords(cut)).toBe(5);
  });
});
