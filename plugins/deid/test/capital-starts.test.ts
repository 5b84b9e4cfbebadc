import { describe, expect, it } from "vitest";
import { capitalStarts, matchAllAt, startsWithCapital } from "../src/capital-starts.ts";
import { RULES } from "../src/patterns.ts";

/** Trying a capital-first rule only at capitals must give exactly what scanning the whole text gives. */
describe("capital-first rules", () => {
  it("recognises only patterns that cannot match from elsewhere", () => {
    expect(startsWithCapital(/(?<![\p{L}])(\p{Lu}\p{Ll}+),\s+X/gu)).toBe(true);
    expect(startsWithCapital(/(?<![\p{L}])(\p{Lu}\p{Ll}+|\d+),\s+X/gu)).toBe(false); // an alternative in the first group
    expect(startsWithCapital(/(?<![\p{L}])(\p{Lu}\p{Ll}+),\s+X|\d{5}/gu)).toBe(false); // an alternative outside
    expect(startsWithCapital(/(?<![\p{L}])(\p{Lu}?\p{Ll}+)/gu)).toBe(false); // the capital optional
    expect(startsWithCapital(/(?<![\p{L}])(\p{Lu}\p{Ll}+)/giu)).toBe(false); // case-insensitive
    expect(startsWithCapital(/(?<![\p{L}])(\p{Lu}[|]\p{Ll}+(?:a|b))/gu)).toBe(true); // "|" in a class or a later group
  });

  it("finds the same matches as matchAll for every capital-first rule, on awkward text", () => {
    const rules = RULES.filter((r) => startsWithCapital(r.re));
    expect(rules.length).toBeGreaterThanOrEqual(2);
    const texts = [
      "Lives in Springfield, IL and New York City, NY; Port Saint Lucie, FL. Sydney NSW 2000, Cork, D02 X285, Leeds LS1 4AP",
      "3Berlin, ON 𝐀Paris, QC éLyon, QC Ørsted Bay, BC \ud800Quebec, QC Mont-Royal, QC a-Bbb, NY Aaa Bbb Ccc Ddd, TX",
      "Sao Paulo, SP São Paulo, SP Zürich, ZH Hobart TAS 7000 Darwin, NT 0800 Toronto, ON M5V 3L9 Aaa, NY-Bbb, NY",
    ];
    let matches = 0;
    for (const rule of rules) {
      const re = new RegExp(rule.re.source, rule.re.flags.includes("d") ? rule.re.flags : `${rule.re.flags}d`);
      for (const text of texts) {
        const expected = [...text.matchAll(re)].map((m) => [m.index, m[0], m.indices?.[1]?.[0]]);
        const got = matchAllAt(re, text, capitalStarts(text)).map((m) => [m.index, m[0], m.indices?.[1]?.[0]]);
        expect(got, `${rule.re.source.slice(0, 40)} on ${text}`).toEqual(expected);
        matches += expected.length;
      }
    }
    expect(matches).toBeGreaterThanOrEqual(10);
  });
});
