// Trains the risk screen's sentence-embedding classifier with the Universal Sentence Encoder plugin (local files, no
// network) and chooses its L2 by leave-one-set-out over the explicit folds (core's RISK_FOLDS; the procedure is
// core/src/notes/measure/train-risk-embedding.ts). Deterministic. Prints the per-fold out-of-fold table (the whole
// screen with the classifier in the review tier at each bar); `--write` writes
// core/src/notes/risk/risk-embedding-model.weights.json and the assert model, each keeping the review bar of the
// committed file: the bar is chosen on a false-alarm budget by bot/eval/risk-embedding-budget.ts (run it after).
//
//   node --conditions=rounds-source --import tsx bot/eval/train-risk-embedding.ts [--cache <vectors.json>] \
//     --annomi <AnnoMI-simple.csv> [--annomi-cache <vectors.json>] [--write]
//
// `--annomi`: the client sentences of AnnoMI's train quarter (core/src/notes/measure/risk-embedding-budget.ts) are
// extra negatives (ordinary talk); only their vectors enter the weights. The bar quarter and the held-out half are
// never trained on.
//
// `--cache` keeps the training sentences' vectors in a file outside the repository (embedding them takes minutes on
// two cores); it is keyed by text, so an edited set is embedded again.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { annomiScreenSentences, ASSERT_RISK_FOLD as ASSERT_FOLD, chooseEmbeddingOperatingPoint, EMBEDDING_L2, EMBEDDING_THRESHOLDS, embeddingLoso, embedTrainingSets, committedRiskEmbeddingModel, loadRiskSet, measureTwoTiers, pooled, RISK_FOLDS, trainRiskEmbeddingOn, type RiskEmbeddingModelFile } from "@rounds/core";
import { packagedModelDir, UseEmbedder } from "@rounds/plugin-embedder-use";

const args = process.argv.slice(2);
const cacheAt = args.indexOf("--cache");
const cache = cacheAt >= 0 ? args[cacheAt + 1] : undefined;
if (cacheAt >= 0 && !cache) {
  process.stderr.write("train-risk-embedding: --cache needs a file\n");
  process.exit(2);
}
const annomiAt = args.indexOf("--annomi"), annomiCacheAt = args.indexOf("--annomi-cache");
const annomi = annomiAt >= 0 ? args[annomiAt + 1] : undefined;
if (!annomi || !existsSync(annomi)) {
  process.stderr.write("train-risk-embedding: --annomi needs the AnnoMI CSV (its train quarter's client sentences are the ordinary-talk negatives)\n");
  process.exit(2);
}
const embedder = new UseEmbedder(packagedModelDir(), 1);
const cached = new Map<string, number[]>(cache && existsSync(cache) ? (JSON.parse(readFileSync(cache, "utf8")) as Array<[string, number[]]>) : []);
const vectors = await embedTrainingSets({
  embedDocuments: async (texts) => {
    const missing = texts.filter((t) => !cached.has(t));
    const got = await embedder.embedDocuments(missing);
    missing.forEach((t, i) => cached.set(t, got[i]!));
    if (cache && missing.length) writeFileSync(cache, JSON.stringify([...cached]));
    return texts.map((t) => cached.get(t)!);
  },
});
const annomiCache = annomiCacheAt >= 0 ? args[annomiCacheAt + 1] : undefined;
const annomiVectors = new Map<string, number[]>(annomiCache && existsSync(annomiCache) ? (JSON.parse(readFileSync(annomiCache, "utf8")) as Array<[string, number[]]>) : []);
const ordinaryTexts = [...new Set(annomiScreenSentences(annomi, "train"))];
const notYet = ordinaryTexts.filter((t) => !annomiVectors.has(t));
if (notYet.length) {
  const got = await embedder.embedDocuments(notYet);
  notYet.forEach((t, i) => annomiVectors.set(t, got[i]!));
  if (annomiCache) writeFileSync(annomiCache, JSON.stringify([...annomiVectors]));
}
const ordinaryTalk = ordinaryTexts.map((t) => annomiVectors.get(t)!);
console.log(`ordinary-talk negatives: ${ordinaryTalk.length} client sentences of AnnoMI's train quarter`);
const meta = { modelId: embedder.modelId, dimensions: embedder.dimensions };
const frac = (a: number, b: number): string => `${a}/${b} = ${(b ? a / b : 0).toFixed(3)}`;

// The screen without the classifier on each fold (its rules were tuned on every fold: not an out-of-fold reading).
for (const fold of RISK_FOLDS) {
  const m = measureTwoTiers(loadRiskSet(fold));
  console.log(`without the classifier, ${fold}: flag ${frac(m.flag.truePositives, m.positives)} precision ${m.flag.precision.toFixed(3)}, flag ∪ review ${frac(m.union.truePositives, m.positives)}, denials shown ${m.denialsRecognised}/${m.denials}`);
}
const trainings = EMBEDDING_L2.map((l2) => embeddingLoso(vectors, { ...meta, l2 }, ordinaryTalk));
for (const t of trainings) {
  EMBEDDING_THRESHOLDS.forEach((th, ti) => {
    const alone = t.folds.reduce((a, f) => ({ tp: a.tp + f.alone[ti]!.tp, fp: a.fp + f.alone[ti]!.fp, pos: a.pos + f.positives }), { tp: 0, fp: 0, pos: 0 });
    const c = pooled(t, ti);
    console.log(`l2 ${t.l2} t=${th}: classifier alone out-of-fold recall ${frac(alone.tp, alone.pos)} precision ${(alone.tp / Math.max(1, alone.tp + alone.fp)).toFixed(3)}; whole screen flag ${frac(c.tp, c.positives)} precision ${(c.tp / Math.max(1, c.tp + c.fp)).toFixed(3)}, flag ∪ review ${frac(c.union, c.positives)}`);
  });
}
const chosen = chooseEmbeddingOperatingPoint(trainings);
if (!chosen) {
  console.error("no bar keeps the classifier's pooled out-of-fold precision at the floor");
  process.exit(1);
}
const { training, ti } = chosen;
const threshold = EMBEDDING_THRESHOLDS[ti]!;
const c = pooled(training, ti);
console.log(`chose l2 ${training.l2} (classifier alone at t=${threshold})`);
for (const f of training.folds) {
  const s = f.screen[ti]!, a = f.alone[ti]!;
  console.log(`  held out ${f.fold}: classifier alone ${frac(a.tp, f.positives)} (precision ${(a.tp / Math.max(1, a.tp + a.fp)).toFixed(3)}); whole screen flag ${frac(s.flagTp, s.positives)} (precision ${frac(s.flagTp, s.flagTp + s.flagFp)}), flag ∪ review ${frac(s.flagTp + s.reviewTp, s.positives)}, review precision ${frac(s.reviewTp, s.reviewTp + s.reviewFp)}, denials shown ${s.screenedNegatives}/${s.denials}`);
}
const file: RiskEmbeddingModelFile = {
  ...trainRiskEmbeddingOn([...RISK_FOLDS, "ordinary"], vectors, { ...meta, l2: training.l2 }, ordinaryTalk),
  reviewThreshold: committedRiskEmbeddingModel().reviewThreshold,
  reviewChosenOn: committedRiskEmbeddingModel().reviewChosenOn,
  chosenOn: `leave-one-set-out over ${RISK_FOLDS.join(", ")} (ordinary and AnnoMI's train quarter always training negatives): L2 whose classifier alone has the highest pooled out-of-fold recall at pooled precision >= 0.9 (t=${threshold}); whole screen with it in the review tier at that bar: flag ${frac(c.tp, c.positives)}, flag ∪ review ${frac(c.union, c.positives)}`,
};
// The test suite's assert reading: the ASSERT_FOLD's own out-of-fold classifier at a threshold chosen without it.
const without = chooseEmbeddingOperatingPoint(trainings, ASSERT_FOLD);
if (!without) {
  console.error(`no bar keeps the classifier's pooled out-of-fold precision at the floor without ${ASSERT_FOLD}`);
  process.exit(1);
}
const aw = pooled(without.training, without.ti, ASSERT_FOLD), fold = without.training.folds.find((f) => f.fold === ASSERT_FOLD)!, read = fold.screen[without.ti]!;
const assertFile: RiskEmbeddingModelFile = {
  ...fold.model,
  reviewThreshold: committedRiskEmbeddingModel("without-heldout11").reviewThreshold,
  reviewChosenOn: committedRiskEmbeddingModel("without-heldout11").reviewChosenOn,
  chosenOn: `trained without ${ASSERT_FOLD}; L2 chosen on leave-one-set-out over the other folds only (pooled flag tier ${frac(aw.tp, aw.positives)}, flag ∪ review ${frac(aw.union, aw.positives)})`,
};
console.log(`assert reading: ${ASSERT_FOLD} with its out-of-fold classifier (l2 ${without.training.l2}, review bar t=${EMBEDDING_THRESHOLDS[without.ti]} here): flag ${frac(read.flagTp, read.positives)} precision ${frac(read.flagTp, read.flagTp + read.flagFp)}, flag ∪ review ${frac(read.flagTp + read.reviewTp, read.positives)}, denials shown ${read.screenedNegatives}/${read.denials}`);
if (args.includes("--write")) {
  const dir = new URL("../../core/src/notes/risk/", import.meta.url);
  writeFileSync(fileURLToPath(new URL("risk-embedding-model.weights.json", dir)), JSON.stringify(file) + "\n");
  writeFileSync(fileURLToPath(new URL(`risk-embedding-model.without-${ASSERT_FOLD}.json`, dir)), JSON.stringify(assertFile) + "\n");
  console.log(`wrote risk-embedding-model.weights.json (${file.chosenOn}) and risk-embedding-model.without-${ASSERT_FOLD}.json`);
} else console.log(`candidate (not written; --write writes it): ${file.chosenOn}`);
