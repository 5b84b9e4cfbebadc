import { describe, expect, it } from "vitest";
import { CUED, cueFinder, FROM_CAPITALS } from "../src/names.ts";
import { RULES } from "../src/patterns.ts";
import { capitalStarts, matchAllAt, sharedKeywordStarts, startsFinder } from "../src/rule-starts.ts";
import { readLabelled } from "./evaluate.ts";

/** Trying a rule only where its pattern can start must give exactly what scanning the whole text gives. */
describe("rule start finders", () => {
  it("recognise only patterns that cannot match from elsewhere", () => {
    expect(startsFinder(/(?<![\p{L}])(\p{Lu}\p{Ll}+),\s+X/gu)).toBeDefined();
    expect(startsFinder(/(?<![\p{L}])(\p{Lu}\p{Ll}+|\d+),\s+X/gu)).toBeUndefined(); // an alternative in the first group
    expect(startsFinder(/(?<![\p{L}])(\p{Lu}\p{Ll}+),\s+X|\d{5}/gu)).toBeUndefined(); // an alternative outside
    expect(startsFinder(/(?<![\p{L}])(\p{Lu}?\p{Ll}+)/gu)).toBeUndefined(); // the capital optional
    expect(startsFinder(/(?<![\p{L}])(\p{Lu}\p{Ll}+)/giu)).toBeUndefined(); // case-insensitive
    expect(startsFinder(/(?<![\p{L}])(\p{Lu}[|]\p{Ll}+(?:a|b))/gu)).toBeDefined(); // "|" in a class or a later group
    expect(startsFinder(/\b[\w.+-]+@x|y/gi)).toBeUndefined();
    expect(startsFinder(/\b[\w.+-]+@x/giu)).toBeUndefined(); // \w is wider with u and i
    expect(startsFinder(/(?<![@\w.])(?:[a-z0-9-]+\.)+?com/gi)).toBeUndefined(); // lazy
  });

  const awkward = [
    "Lives in Springfield, IL and New York City, NY; Port Saint Lucie, FL. Sydney NSW 2000, Cork, D02 X285, Leeds LS1 4AP",
    "3Berlin, ON 𝐀Paris, QC éLyon, QC Ørsted Bay, BC \ud800Quebec, QC Mont-Royal, QC a-Bbb, NY Aaa Bbb Ccc Ddd, TX",
    "Sao Paulo, SP São Paulo, SP Zürich, ZH Hobart TAS 7000 Darwin, NT 0800 Toronto, ON M5V 3L9 Aaa, NY-Bbb, NY",
    "mail a.b+c@x-y.co.uk, .x@y.org _z@q.io @@a@b.com x@ @y.com q.e.d. see www.x.org and ferns-and-walks.blogspot.com/p/1 _a.com -b.com/x",
    "e.g. i.e. 10.0.0.1 fe80::1%eth0 ::1 2001:db8::ff00:42:8329 g::1 a:b:c 12:30:45 x::y ::: 1::2::3 facebook.com/name.x, user@@host.com",
    "17 septembre 1940, 3 de mayo de 1966, 12. März 2025, x3 mai 2020, _4 juin 2021, ſ5 avril 2020, \u212a6 mai 2020, é7 mai 2020, 31 de desembre, 05 Mart 1979, 123 mai 2020, 0 mai 2020",
  ];
  const fixtures = ["dev.jsonl", "test.jsonl", "eval.jsonl", "blind.jsonl", "blind-2.jsonl", "blind-3.jsonl", "blind-4.jsonl"].flatMap((f) => readLabelled(f).map((r) => r.text));
  const rules = RULES.filter((r) => startsFinder(r.re));

  it("find the same matches as matchAll for every rule that has one, on awkward text and every labelled sentence", () => {
    expect(rules.length).toBeGreaterThanOrEqual(6);
    let matches = 0;
    for (const rule of rules) {
      const finder = startsFinder(rule.re)!;
      const re = new RegExp(rule.re.source, rule.re.flags.includes("d") ? rule.re.flags : `${rule.re.flags}d`);
      for (const text of [...awkward, fixtures.join("\n")]) {
        const expected = [...text.matchAll(re)].map((m) => [m.index, m[0], m.indices?.[1]?.[0]]);
        const got = matchAllAt(re, text, finder(text)).map((m) => [m.index, m[0], m.indices?.[1]?.[0]]);
        expect(got, `${rule.re.source.slice(0, 40)} on ${text.slice(0, 60)}`).toEqual(expected);
        matches += expected.length;
      }
    }
    expect(matches).toBeGreaterThanOrEqual(30);
  });

  it("find the same matches as matchAll for every rule the shared keyword scan takes", () => {
    const keywords = "MRN 00482913, Mrn: 5530011, mRN#44120, Medical  Record No. 7781234, LIVES in Leeds, lives with mum in Cork, age of 95, AGED 101, " +
      "driver’s license D1234567, Driver's License: X99812, S/N 44-1932, s/n: AB12345, member id: QX-55102, turned 92, Phone: 4155550123, " +
      "xmrn 123456, _lives in Bath, Mrn-778812, NHS no 485 777 3456, www.x.org, Ssn 123-45-6789, Ａge 95, ſsn 1234";
    const finders = sharedKeywordStarts(RULES.map((r) => r.re));
    expect(finders.size).toBeGreaterThanOrEqual(15);
    let matches = 0;
    for (const [pattern, finder] of finders) {
      const re = new RegExp(pattern.source, pattern.flags.includes("d") ? pattern.flags : `${pattern.flags}d`);
      for (const text of [...awkward, keywords, fixtures.join("\n")]) {
        const expected = [...text.matchAll(re)].map((m) => [m.index, m[0], m.indices?.[1]?.[0]]);
        const got = matchAllAt(re, text, finder(text)).map((m) => [m.index, m[0], m.indices?.[1]?.[0]]);
        expect(got, `${re.source.slice(0, 40)} on ${text.slice(0, 60)}`).toEqual(expected);
        matches += expected.length;
      }
    }
    expect(matches).toBeGreaterThanOrEqual(100);
  });

  it("find the same matches as matchAll for the name patterns tried only at capitals", () => {
    const titled = "Dr. Ada Okafor, dr Bo, 'Mr Li, _Mrs Hale, 3Nurse Amy, éProf Zed, Rev. J. Okoye and Professor O'Brien-Lee\nSession with Sarah";
    let matches = 0;
    for (const pattern of FROM_CAPITALS) {
      const re = new RegExp(pattern.source, pattern.flags);
      for (const text of [...awkward, titled, fixtures.join("\n")]) {
        const expected = [...text.matchAll(re)].map((m) => [m.index, m[0], m[1], m[2]]);
        const got = matchAllAt(re, text, capitalStarts(text)).map((m) => [m.index, m[0], m[1], m[2]]);
        expect(got, `${re.source.slice(0, 40)} on ${text.slice(0, 60)}`).toEqual(expected);
        matches += expected.length;
      }
    }
    expect(matches).toBeGreaterThanOrEqual(100);
  });

  it("find the same matches as matchAll for the name cues tried only at their first letters", () => {
    const cued = "x_my name is Bob, é my name is Ann, 𝐀my name is Zed, \ud835my name is Qin, \udc00my name is Li, 'my name is Ro, ’his wife Amy, " +
      "3sister Eve, -brother Tom, my name is Di\nPatient: Ada Okafor\nClient, Bo Li; session 4 with Sarah Hale; Daughter Mia";
    expect(cueFinder, "every cue opens with a letter class").toBeDefined();
    let matches = 0;
    for (const text of [...awkward, cued, fixtures.join("\n")]) {
      const expected = [...text.matchAll(CUED)].map((m) => [m.index, m[0], m[1], m[2]]);
      const got = matchAllAt(CUED, text, cueFinder!(text)).map((m) => [m.index, m[0], m[1], m[2]]);
      expect(got, `cues on ${text.slice(0, 60)}`).toEqual(expected);
      matches += expected.length;
    }
    expect(matches).toBeGreaterThanOrEqual(50);
  });
});
