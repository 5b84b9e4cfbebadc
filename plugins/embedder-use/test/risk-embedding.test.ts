// The risk screen's sentence-embedding classifier (core: notes/risk/risk-embedding-model.ts) on this plugin's
// vectors. The model loads from the package's local files with every outbound connection refused (the egress guard of
// @rounds/core/testing), and the classifier is measured on a split none of its choices saw: `heldout11`, read by the
// classifier trained without it (`risk-embedding-model.without-heldout11.json`), at a threshold chosen by
// leave-one-set-out over the other folds only (core/src/notes/measure/train-risk-embedding.ts, ASSERT_FOLD). The
// screen's rules were not tuned on heldout11 (its text was not read); the floors below are on the screen with the
// classifier, and on what the classifier adds to the rules.
import { committedRiskEmbeddingModel, embedForRiskScreen, loadRiskSet, measureTwoTiers } from "@rounds/core";
import { type EgressGuard, installEgressGuard } from "@rounds/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packagedModelDir, UseEmbedder } from "../src/index.ts";

// Measured when the assert model was written (helper/risk16): flag tier 113/170 without the classifier, 140/170 = 0.824
// with it at precision 140/176 = 0.795; flag ∪ review 151/170 = 0.888; denials shown 29/51 both ways. Floors just under.
const FLOOR_ADDED = 24, FLOOR_RECALL = 0.8, FLOOR_PRECISION = 0.77, FLOOR_UNION = 0.86;

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

  it("adds recall on heldout11, a split its assert model never trained on and whose threshold was chosen without it", async () => {
    const set = loadRiskSet("heldout11");
    const embeddings = await embedForRiskScreen(new UseEmbedder(packagedModelDir(), 1), set.map((u) => u.text));
    const model = committedRiskEmbeddingModel("without-heldout11");
    const without = measureTwoTiers(set), withIt = measureTwoTiers(set, { embeddings: embeddings!, embeddingModel: model });
    expect(withIt.positives).toBe(170);
    expect(withIt.flag.truePositives - without.flag.truePositives).toBeGreaterThanOrEqual(FLOOR_ADDED);
    expect(withIt.flag.recall).toBeGreaterThanOrEqual(FLOOR_RECALL);
    expect(withIt.flag.precision).toBeGreaterThanOrEqual(FLOOR_PRECISION);
    expect(withIt.union.recall).toBeGreaterThanOrEqual(FLOOR_UNION);
    // Negation stays with the rules: the classifier speaks only where no pattern matched, so denials keep their reading.
    expect(withIt.denialsRecognised).toBe(without.denialsRecognised);
    expect(guard.violations).toEqual([]);
  }, 300_000);

  // heldout12 (helper/riskset16, 714fe72) was written after the committed classifier's folds were fixed and is in none of
  // them; read ONCE by the lead on the merged tree of 2026-12-07 (integ18) with `bot/eval/risk-set.ts --embedder use`:
  // flag tier 158/184 = 0.859 at precision 158/196 = 0.806, flag ∪ review 167/184 = 0.908, screened negatives 31/61
  // (against 0.674 / 0.855 / 0.810 / 32 with the rules alone). Floors just under that one reading: a regression guard.
  // The classifier stays off by default: on ordinary AnnoMI client sentences it raises false alarms (core/src/notes/README.md).
  it("with the committed classifier, lifts recall on heldout12, a blind split none of its choices saw", async () => {
    const set = loadRiskSet("heldout12");
    const embeddings = await embedForRiskScreen(new UseEmbedder(packagedModelDir(), 1), set.map((u) => u.text));
    const m = measureTwoTiers(set, { embeddings: embeddings!, embeddingModel: committedRiskEmbeddingModel() });
    expect(m.positives).toBe(184);
    expect(m.flag.recall).toBeGreaterThanOrEqual(0.85);
    expect(m.flag.precision).toBeGreaterThanOrEqual(0.79);
    expect(m.union.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.denialsRecognised).toBeGreaterThanOrEqual(30);
    expect(guard.violations).toEqual([]);
  }, 300_000);
});
