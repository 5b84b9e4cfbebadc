import { describe, expect, it } from "vitest";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { evaluate, goldSpans, readLabelled, table } from "./evaluate.ts";

/** The organisation's own names, as the app passes them from its patient and staff lists. */
const gazetteer = ["Zorblat Quixano"];

describe("safe-harbor on labelled clinical sentences", () => {
  it("labelled.jsonl: recall >= 0.95 and precision >= 0.85 at span level", async () => {
    const rows = readLabelled("labelled.jsonl");
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const e = await evaluate(new SafeHarborDeidentifier(), rows, gazetteer);
    console.log(table("labelled.jsonl (regression set, rules tuned on it)", e));
    expect(e.recall).toBeGreaterThanOrEqual(0.95);
    expect(e.precision).toBeGreaterThanOrEqual(0.85);
  });

  it("holdout.jsonl: written after the rules and never tuned on; reported, loosely bounded", async () => {
    const e = await evaluate(new SafeHarborDeidentifier(), readLabelled("holdout.jsonl"));
    console.log(table("holdout.jsonl (written after the rules, not tuned on)", e));
    // A floor only, to catch a collapse; the measured figures are in the README.
    expect(e.recall).toBeGreaterThanOrEqual(0.75);
    expect(e.precision).toBeGreaterThanOrEqual(0.75);
  });

  it("eval.jsonl: 210 sentences written blind (never run against the rules before measuring); per-type floors just under the measurement", async () => {
    const rows = readLabelled("eval.jsonl");
    expect(rows.length).toBeGreaterThanOrEqual(200);
    const e = await evaluate(new SafeHarborDeidentifier(), rows);
    console.log(table("eval.jsonl (written blind, not tuned on)", e));
    // Measured on first run (see README): span recall 0.77, precision 0.98, token recall 0.82, over-redaction 0.1%.
    expect(e.recall).toBeGreaterThanOrEqual(0.75);
    expect(e.precision).toBeGreaterThanOrEqual(0.95);
    expect(e.tokenRecall).toBeGreaterThanOrEqual(0.8);
    expect(e.overRedaction).toBeLessThanOrEqual(0.01);
    const floors: Record<string, number> = {
      NAME: 0.8, DATE: 0.8, LOCATION: 0.35, AGE: 0.7, ID: 0.7, PHONE: 0.95, DEVICE: 0.95, HEALTH_PLAN: 0.8, ZIP: 0.5,
      ACCOUNT: 0.8, EMAIL: 0.95, LICENSE: 0.6, VEHICLE: 0.6, FAX: 0.95, IP: 0.95, MRN: 0.95, SSN: 0.95, URL: 0.75,
    };
    for (const t of e.perType) if (floors[t.type] !== undefined) expect({ type: t.type, recall: t.recall >= floors[t.type]! }).toEqual({ type: t.type, recall: true });
    // Every Safe Harbor type that text can carry is in the set.
    expect(e.perType.map((t) => t.type).sort()).toEqual(Object.keys(floors).sort());
  });

  it("placeholders leave no identifier of the fixtures in the text, and re-detection finds nothing new", async () => {
    const d = new SafeHarborDeidentifier();
    for (const row of readLabelled("labelled.jsonl")) {
      const out = (await d.deidentify(row.text, { gazetteer })).text;
      for (const g of goldSpans(row)) expect(out).not.toContain(g.value);
      expect(await d.detect(out, { gazetteer })).toEqual([]);
    }
  });
});
