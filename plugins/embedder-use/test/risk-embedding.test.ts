// The risk screen's sentence-embedding classifier (core: notes/risk/risk-embedding-model.ts) on this plugin's
// vectors, in the review tier only. The model loads from the package's local files with every outbound connection
// refused (the egress guard of @rounds/core/testing), and the classifier is measured on a split none of its choices
// saw: `heldout11`, read by the classifier trained without it (`risk-embedding-model.without-heldout11.json`), at its
// review bar chosen on AnnoMI's bar quarter alone (core/src/notes/measure/risk-embedding-budget.ts). The screen's rules
// were not tuned on heldout11 (its text was not read); the floors below are on what the classifier adds to the rules.
import { committedRiskEmbeddingModel, embedForRiskScreen, loadRiskSet, measureTwoTiers } from "@rounds/core";
import { type EgressGuard, installEgressGuard } from "@rounds/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packagedModelDir, UseEmbedder } from "../src/index.ts";

// Measured when the assert model was written (helper/risk17; bar 0.7 chosen on AnnoMI's bar quarter, never on heldout11):
// flag ∪ review 134/170 without the classifier, 143/170 = 0.841 with it; review precision 30/62 = 0.484; flag tier and
// denials shown (29/51) unchanged. Floors just under. Since 2026-12-08 the rules catch most of what the classifier used
// to add here: helper/risk23's frame readings were written on heldout10…heldout16 (heldout11 among their tuning sets),
// and the rules alone read 158/170 (134 before); with the classifier 162/170 = 0.953, review precision 43/69 = 0.623.
// The added count's floor follows the rules (4 added, floor 3); the union and precision floors are unchanged.
const FLOOR_ADDED = 3, FLOOR_UNION = 0.83, FLOOR_REVIEW_PRECISION = 0.45;
// heldout12 with the committed classifier (bar 0.6): flag ∪ review 160/184 = 0.870 (149 without), review precision
// 36/71 = 0.507, flag tier 124/184 at 0.855 and denials 32/61 unchanged. A regression guard on a tuning set.
const H12_UNION = 0.86;
let guard: EgressGuard;
beforeAll(() => {
  guard = installEgressGuard({ loopbackFetch: false });
});
afterAll(() => guard.restore());

describe("the risk screen's embedding classifier on Universal Sentence Encoder vectors", () => {
  it("loads from local files with every outbound connection refused, and its weights are for this embedder", async () => {
    const embedder = new UseEmbedder(packagedModelDir(), 1);
    await embedder.load();
    const lookup = await embedForRiskScreen(embedder, ["I can't see a way forward anymore."]);
    expect(lookup).toBeDefined();
    expect(lookup!("I can't see a way forward anymore.")).toHaveLength(committedRiskEmbeddingModel().dimensions);
    expect(committedRiskEmbeddingModel().modelId).toBe(embedder.modelId);
    expect(guard.violations).toEqual([]);
  }, 180_000);

  it("adds review-tier recall on heldout11, a split its assert model never trained on and whose bar was chosen without it; the flag tier is the rules'", async () => {
    const set = loadRiskSet("heldout11");
    const embeddings = await embedForRiskScreen(new UseEmbedder(packagedModelDir(), 1), set.map((u) => u.text));
    const model = committedRiskEmbeddingModel("without-heldout11");
    const without = measureTwoTiers(set), withIt = measureTwoTiers(set, { embeddings: embeddings!, embeddingModel: model });
    expect(withIt.positives).toBe(170);
    expect(withIt.union.truePositives - without.union.truePositives).toBeGreaterThanOrEqual(FLOOR_ADDED);
    expect(withIt.union.recall).toBeGreaterThanOrEqual(FLOOR_UNION);
    expect(withIt.review.precision).toBeGreaterThanOrEqual(FLOOR_REVIEW_PRECISION);
    // The classifier never raises a flag-tier flag, and negation stays with the rules: denials keep their reading.
    expect(withIt.flag).toEqual(without.flag);
    expect(withIt.denialsRecognised).toBe(without.denialsRecognised);
    expect(guard.violations).toEqual([]);
  }, 300_000);

  // heldout12 (helper/riskset16, 714fe72): read once blind by the lead (flag ∪ review 149/184 with the rules alone), now a
  // tuning set; in none of the committed classifier's training or bar choice.
  it("with the committed classifier, adds review-tier recall on heldout12 (a tuning set it was not trained on) and leaves the flag tier alone", async () => {
    const set = loadRiskSet("heldout12");
    const embeddings = await embedForRiskScreen(new UseEmbedder(packagedModelDir(), 1), set.map((u) => u.text));
    const m = measureTwoTiers(set, { embeddings: embeddings!, embeddingModel: committedRiskEmbeddingModel() }), without = measureTwoTiers(set);
    expect(m.positives).toBe(184);
    expect(m.flag).toEqual(without.flag);
    expect(m.union.recall).toBeGreaterThanOrEqual(H12_UNION);
    expect(m.denialsRecognised).toBe(without.denialsRecognised);
    expect(guard.violations).toEqual([]);
  }, 300_000);
});
