import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadLogistic, riskModelFeatureNames, riskModelFeatures, riskModelThreshold, scoreRiskModel, stem, storeLogistic, type RiskModelFile } from "./risk-model.ts";
import { RISK_CATEGORIES } from "./risk-patterns.ts";

const file = JSON.parse(readFileSync(fileURLToPath(new URL("./risk-model.weights.json", import.meta.url)), "utf8")) as RiskModelFile;

describe("risk screen's learned model (hashed features)", () => {
  it("commits bucket weights only: no feature name, word or phrase of its training sentences", () => {
    // Some training sentences are fetched public text that is never committed: the weights must not carry it.
    expect(Object.keys(file).sort()).toEqual(["categories", "chosenOn", "risk", "threshold", "trainedOn"]);
    for (const m of [file.risk, ...RISK_CATEGORIES.map((c) => file.categories[c])]) {
      expect(Object.keys(m).sort()).toEqual(["bias", "bits", "int16", "scale"]);
      expect(m.int16).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(m.int16, "base64").length).toBe(2 << m.bits);
    }
    const text = JSON.stringify(file);
    for (const name of riskModelFeatureNames("I want to kill myself, I have the pills ready")) expect(text.includes(`"${name}"`)).toBe(false);
    expect(file.trainedOn).not.toContain("heldout8");
    expect(file.trainedOn).not.toContain("cssrs-heldout");
    expect(file.trainedOn).not.toContain("counselchat-heldout");
    expect(file.chosenOn).toMatch(/cross-validation over tune writers/);
  });

  it("stores weights quantised to 16 bits and reads them back within one step", () => {
    const weights = Float32Array.from({ length: 1 << 4 }, (_, i) => (i - 8) / 3);
    const back = loadLogistic(storeLogistic({ bits: 4, bias: 0.25, weights }));
    const step = 8 / 3 / 32767;
    back.weights.forEach((w, i) => expect(Math.abs(w - weights[i]!)).toBeLessThanOrEqual(step));
    expect(back.bias).toBe(0.25);
    expect(() => loadLogistic({ bits: 5, bias: 0, scale: 1, int16: storeLogistic({ bits: 4, bias: 0, weights }).int16 })).toThrow(/bytes for 2\^5 buckets/);
  });

  it("marks words by negation and hypothetical scope, stems them, and hashes into range", () => {
    expect(riskModelFeatureNames("I don't want to die")).toContain("w:NEG_die");
    expect(riskModelFeatureNames("If I wanted to die")).toContain("w:HYP_die");
    expect(riskModelFeatureNames("My brother overdosed")).toContain("#other_subject");
    expect(riskModelFeatureNames("Have you thought of killing yourself?")).toContain("#asks_you");
    expect(["killing", "killed", "kills"].map(stem)).toEqual(["kill", "kill", "kill"]);
    expect(["cutting", "pills", "stopped", "worried"].map(stem)).toEqual(["cut", "pill", "stop", "worry"]);
    const x = riskModelFeatures("I have been cutting again", 10);
    expect(x.length).toBeGreaterThan(5);
    expect(x.every((i) => Number.isInteger(i) && i >= 0 && i < 1024)).toBe(true);
    expect(riskModelFeatures("I have been cutting again", 10)).toEqual(x);
  });

  it("scores an affirmed statement above its denial and above a third party's, with a category", () => {
    const own = scoreRiskModel("I have been cutting my arms again");
    expect(own.p).toBeGreaterThan(scoreRiskModel("I have not been cutting my arms").p);
    expect(own.p).toBeGreaterThan(scoreRiskModel("My friend has been cutting her arms").p);
    expect(RISK_CATEGORIES).toContain(own.category);
    expect(riskModelThreshold()).toBe(file.threshold);
  });
});
