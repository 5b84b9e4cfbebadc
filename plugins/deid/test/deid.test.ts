import { readFileSync } from "node:fs";
import type { PhiType } from "@rounds/core";
import { describeDeidentifierConformance } from "@rounds/core/testing";
import { describe, expect, it } from "vitest";
import { activate, SafeHarborDeidentifier } from "../src/index.ts";

describeDeidentifierConformance("safe-harbor", () => new SafeHarborDeidentifier());

interface Labelled { text: string; phi: Array<[string, PhiType]> }
const labelled: Labelled[] = readFileSync(new URL("./fixtures/labelled.jsonl", import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Labelled);
/** The organisation's own names, as the app passes them from its patient and staff lists. */
const gazetteer = ["Zorblat Quixano"];

describe("safe-harbor on labelled clinical sentences", () => {
  it("finds at least 95% of identifiers with at least 85% precision", async () => {
    const d = new SafeHarborDeidentifier();
    let gold = 0;
    let found = 0;
    let predicted = 0;
    let correct = 0;
    const perType = new Map<string, { gold: number; found: number }>();
    const misses: string[] = [];
    for (const row of labelled) {
      const spans = await d.detect(row.text, { gazetteer });
      predicted += spans.length;
      const goldSpans = row.phi.map(([s, type]) => ({ start: row.text.indexOf(s), end: row.text.indexOf(s) + s.length, type }));
      for (const g of goldSpans) {
        gold++;
        const t = perType.get(g.type) ?? { gold: 0, found: 0 };
        t.gold++;
        if (spans.some((s) => s.start <= g.start && s.end >= g.end)) {
          found++;
          t.found++;
        } else misses.push(`${g.type} in: ${row.text}`);
        perType.set(g.type, t);
      }
      correct += spans.filter((s) => goldSpans.some((g) => s.start < g.end && s.end > g.start)).length;
    }
    const recall = found / gold;
    const precision = correct / predicted;
    console.table([...perType].map(([type, t]) => ({ type, gold: t.gold, recall: +(t.found / t.gold).toFixed(2) })));
    console.log(`overall recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)} over ${labelled.length} sentences; misses: ${misses.join(" | ") || "none"}`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.85);
  });

  it("keeps clinical vocabulary, doses, years alone and ages up to 89", async () => {
    const d = new SafeHarborDeidentifier();
    for (const text of ["Ketamine 0.5 mg/kg in 2024.", "Beck Depression Inventory and Parkinson screening.", "Sertraline and lithium.", "A 45 year old and an 89 year old."]) {
      expect(await d.detect(text)).toEqual([]);
    }
    expect((await d.deidentify("She is 93 years old.")).text).toBe("She is [AGE] years old.");
  });
});

describe("operators", () => {
  const text = "Dr. Okonkwo emailed jane@example.org about Dr. Okonkwo's patient.";
  it("placeholder, redact, keep per type, and consistent pseudonyms", async () => {
    const d = new SafeHarborDeidentifier();
    expect((await d.deidentify(text)).text).toBe("Dr. [NAME] emailed [EMAIL] about Dr. [NAME]'s patient.");
    expect((await d.deidentify(text, { operator: "redact" })).text).not.toMatch(/Okonkwo|jane@/);
    expect((await d.deidentify(text, { operators: { EMAIL: "keep" } })).text).toContain("jane@example.org");
    const p1 = (await d.deidentify(text, { operator: "pseudonym", pseudonymSeed: "doc-1" })).text;
    const fake = /^Dr\. (.+?) emailed/.exec(p1)![1]!;
    expect(p1).toContain(`about Dr. ${fake}'s`);
    expect(p1).not.toContain("Okonkwo");
  });

  it("merges overlapping detections into one span", async () => {
    const d = new SafeHarborDeidentifier();
    const spans = await d.detect("Patient Sarah Whitlock called.", { gazetteer: ["Whitlock"] });
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ type: "NAME", start: 8, end: 22 });
  });
});

describe("manifest", () => {
  it("activate registers exactly the ids the manifest declares", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { rounds: { contributes: Record<string, Array<{ id: string }>> } };
    const registered: string[] = [];
    activate({ settings: {}, register: (kind: string, id: string) => registered.push(`${kind}/${id}`) } as never);
    const declared = Object.entries(manifest.rounds.contributes).filter(([k]) => k !== "configuration").flatMap(([k, list]) => list.map((c) => `${k}/${c.id}`));
    expect(registered.sort()).toEqual(declared.sort());
  });
});
