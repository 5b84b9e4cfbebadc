import { readFileSync } from "node:fs";
import { describeClassifierConformance, describeEmbedderConformance } from "@rounds/core/testing";
import { describe, expect, it } from "vitest";
import { stem } from "@rounds/core";
import { activate, HashNgramEmbedder, ProfileSimilarityClassifier } from "../src/index.ts";

describeEmbedderConformance("hash-ngram", () => new HashNgramEmbedder(384));
describeClassifierConformance("profile-similarity", () => new ProfileSimilarityClassifier());

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("hash-ngram embedder", () => {
  it("puts morphological variants close and unrelated text far", async () => {
    const e = new HashNgramEmbedder(384);
    const [q, near, far] = await e.embedDocuments([
      "ketamine dosing and blood pressure monitoring",
      "Monitor blood pressure after each ketamine dose.",
      "The cafeteria menu changes on Fridays.",
    ]);
    expect(cos(q!, near!)).toBeGreaterThan(0.3);
    expect(cos(q!, near!)).toBeGreaterThan(cos(q!, far!) + 0.2);
  });

  it("is deterministic and unit length", async () => {
    const e = new HashNgramEmbedder(128);
    const [a] = await e.embedDocuments(["integration session"]);
    const b = await e.embedQuery("integration session");
    expect(a).toEqual(b);
    expect(Math.hypot(...b)).toBeCloseTo(1, 6);
    expect(Math.hypot(...(await e.embedQuery("")))).toBeCloseTo(1, 6);
  });

  it("stems common clinical variants together", () => {
    expect(stem("doses")).toBe(stem("dose"));
    expect(stem("dosing")).toBe(stem("dose"));
    expect(stem("infusions")).toBe(stem("infusion"));
    expect(stem("monitoring")).toBe(stem("monitored"));
  });
});

describe("manifest", () => {
  it("activate registers exactly the ids the manifest declares", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      rounds: { contributes: Record<string, Array<{ id: string }>> };
    };
    const registered: string[] = [];
    activate({ settings: {}, register: (kind: string, id: string) => registered.push(`${kind}/${id}`) } as never);
    const declared = Object.entries(manifest.rounds.contributes)
      .filter(([k]) => k !== "configuration")
      .flatMap(([k, list]) => list.map((c) => `${k}/${c.id}`));
    expect(registered.sort()).toEqual(declared.sort());
  });
});
