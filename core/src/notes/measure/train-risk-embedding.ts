/**
 * Trains the risk screen's sentence-embedding classifier (`risk/risk-embedding-model.ts`) and chooses its threshold by
 * leave-one-set-out cross-validation over the same explicit folds as the word model (`FOLDS` in
 * `train-risk-model.ts`: every written labelled split, `heldout11` included), with `ordinary` always training
 * negatives. Deterministic: fixed order, fixed epochs, no randomness. Core names no embedder: the caller passes the
 * embedder (the command line is `bot/eval/train-risk-embedding.ts`, with the Universal Sentence Encoder plugin).
 *
 * - Per fold: logistic regression on the other folds' and `ordinary`'s vectors (risk statement or not), then the
 *   whole screen (patterns, concepts, word model, and this classifier) reads the held-out fold with that fold's model.
 * - The configuration (L2) is chosen on those out-of-fold readings only: the one whose classifier alone reaches the
 *   highest pooled recall at pooled precision at least PRECISION (0.9, the word model's floor, fixed before any
 *   threshold was tried). The classifier speaks in the review tier only; its review bar is not chosen here but on a
 *   false-alarm budget over ordinary sessions (`risk-embedding-budget.ts`).
 * - Never the fetched outside sets (their sentences would shape the weights) and never AnnoMI.
 */
import type { Embedder } from "../../ports/embedder.ts";
import type { RiskEmbeddingModelFile, SentenceEmbeddings } from "../risk/risk-embedding-model.ts";
import { loadRiskSet, measureTwoTiers, type LabelledUtterance, type RiskSplit, type TwoTierMeasure } from "../risk/risk-set.ts";
import { FOLDS, PRECISION, type TierCounts } from "./train-risk-model.ts";

/**
 * The fold the test suite asserts on: its out-of-fold classifier (trained without it) at a threshold chosen on the
 * other folds' out-of-fold readings, committed as `risk-embedding-model.without-heldout11.json`.
 */
export const ASSERT_FOLD: RiskSplit = "heldout11";
/** Always training data, never a fold (no risk statements in it). */
const NEGATIVES: RiskSplit[] = ["ordinary"];
/** The regularisations compared. */
export const EMBEDDING_L2 = [0.001, 0.01];
/** The bars compared on the out-of-fold readings. */
export const EMBEDDING_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99];
const EPOCHS = 100, RATE = 0.003;

/**
 * Logistic regression by SGD in a fixed order: deterministic. Each dimension is standardised on the training rows
 * first (a sentence encoder's dimensions share a large common component, and without it SGD fitted the training set
 * worse than the majority class); the standardisation is folded back into the weights, so the file scores raw vectors.
 */
export function fitLogistic(rows: Array<{ v: readonly number[]; y: number }>, dimensions: number, l2: number, epochs = EPOCHS): { bias: number; weights: number[] } {
  const mean = new Float64Array(dimensions), sd = new Float64Array(dimensions);
  for (const { v } of rows) for (let i = 0; i < dimensions; i++) mean[i] = mean[i]! + v[i]! / rows.length;
  for (const { v } of rows) for (let i = 0; i < dimensions; i++) sd[i] = sd[i]! + (v[i]! - mean[i]!) ** 2 / rows.length;
  for (let i = 0; i < dimensions; i++) sd[i] = Math.sqrt(sd[i]!) || 1;
  const x = rows.map(({ v, y }) => ({ s: Float64Array.from({ length: dimensions }, (_, i) => (v[i]! - mean[i]!) / sd[i]!), y }));
  const w = new Float64Array(dimensions);
  let b = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rate = RATE / (1 + epoch / 10);
    for (const { s, y } of x) {
      let z = b;
      for (let i = 0; i < dimensions; i++) z += w[i]! * s[i]!;
      const g = y - 1 / (1 + Math.exp(-z));
      b += rate * g;
      for (let i = 0; i < dimensions; i++) w[i] = w[i]! * (1 - rate * l2) + rate * g * s[i]!;
    }
  }
  // z = b + Σ w_i (v_i − mean_i) / sd_i = (b − Σ w_i mean_i / sd_i) + Σ (w_i / sd_i) v_i.
  let bias = b;
  for (let i = 0; i < dimensions; i++) bias -= (w[i]! * mean[i]!) / sd[i]!;
  return { bias: Number(bias.toFixed(6)), weights: Array.from(w, (wi, i) => Number((wi / sd[i]!).toFixed(6))) };
}

const ZERO: TierCounts = { positives: 0, flagTp: 0, flagFp: 0, reviewTp: 0, reviewFp: 0, denials: 0, screenedNegatives: 0 };
const add = (a: TierCounts, b: TierCounts): TierCounts => ({
  positives: a.positives + b.positives, flagTp: a.flagTp + b.flagTp, flagFp: a.flagFp + b.flagFp, reviewTp: a.reviewTp + b.reviewTp,
  reviewFp: a.reviewFp + b.reviewFp, denials: a.denials + b.denials, screenedNegatives: a.screenedNegatives + b.screenedNegatives,
});
function counts(m: TwoTierMeasure): TierCounts {
  return { positives: m.positives, flagTp: m.flag.truePositives, flagFp: m.flag.falsePositives, reviewTp: m.review.truePositives, reviewFp: m.review.falsePositives, denials: m.denials, screenedNegatives: m.denialsRecognised };
}

export interface FoldReading {
  fold: RiskSplit;
  /** The classifier trained without this fold (its threshold unset). */
  model: RiskEmbeddingModelFile;
  /** The classifier alone on the fold's statements: risk statements and others at or above each threshold. */
  alone: Array<{ tp: number; fp: number }>;
  positives: number;
  negatives: number;
  /** The whole screen with the fold's model at each threshold. */
  screen: TierCounts[];
}

export interface EmbeddingTraining {
  l2: number;
  folds: FoldReading[];
}

/** Every labelled statement of `splits`, with its split. */
function statements(splits: RiskSplit[]): Array<LabelledUtterance & { split: RiskSplit }> {
  return splits.flatMap((split) => loadRiskSet(split).map((u) => ({ ...u, split })));
}

/** Embeds every training statement once (with `embedder`), looked up by text. */
export async function embedTrainingSets(embedder: Pick<Embedder, "embedDocuments">): Promise<Map<string, readonly number[]>> {
  const texts = [...new Set(statements([...FOLDS, ...NEGATIVES]).map((u) => u.text))];
  const vectors = await embedder.embedDocuments(texts);
  return new Map(texts.map((t, i) => [t, vectors[i]!]));
}

function modelFile(fit: { bias: number; weights: number[] }, meta: { modelId: string; dimensions: number; l2: number; trainedOn: string[] }): RiskEmbeddingModelFile {
  return { modelId: meta.modelId, dimensions: meta.dimensions, trainedOn: meta.trainedOn, chosenOn: "", l2: meta.l2, bias: fit.bias, weights: fit.weights, reviewThreshold: 1, reviewChosenOn: "" };
}

/**
 * `ordinaryTalk`: vectors of sentences from ordinary sessions (AnnoMI's training quarter, `risk-embedding-budget.ts`),
 * extra negatives: the written sets' non-risk sentences are near-misses written beside risk, not ordinary distress,
 * and without them the classifier read ordinary talk as risk. Vectors only: no sentence of them is kept.
 */
export function trainOn(splits: RiskSplit[], vectors: Map<string, readonly number[]>, meta: { modelId: string; dimensions: number; l2: number }, ordinaryTalk: ReadonlyArray<readonly number[]> = []): RiskEmbeddingModelFile {
  const rows = [...statements(splits).map((u) => ({ v: vectors.get(u.text)!, y: u.label === "risk" ? 1 : 0 })), ...ordinaryTalk.map((v) => ({ v, y: 0 }))];
  return modelFile(fitLogistic(rows, meta.dimensions, meta.l2), { ...meta, trainedOn: ordinaryTalk.length ? [...splits, "annomi-train-quarter"] : splits });
}

const offCache = new Map<string, TierCounts>();
/** One statement read by the screen without the classifier (the same for every model: computed once). */
function off(u: LabelledUtterance): TierCounts {
  const key = `${u.label}|${u.role}|${u.text}`;
  let c = offCache.get(key);
  if (!c) offCache.set(key, (c = counts(measureTwoTiers([u], { embeddingModel: null }))));
  return c;
}

/**
 * Leave-one-set-out: each fold read by the classifier trained without it, alone and inside the whole screen. The
 * screen's reading of a statement at a bar t is its reading with the classifier firing (bar 0) when the statement's
 * probability reaches t, else its reading without the classifier: the probability is one number per statement.
 */
export function embeddingLoso(vectors: Map<string, readonly number[]>, meta: { modelId: string; dimensions: number; l2: number }, ordinaryTalk: ReadonlyArray<readonly number[]> = []): EmbeddingTraining {
  const lookup: SentenceEmbeddings = (text) => vectors.get(text);
  const folds: FoldReading[] = [];
  for (const fold of FOLDS) {
    const m = trainOn([...FOLDS.filter((s) => s !== fold), ...NEGATIVES], vectors, meta, ordinaryTalk);
    const set = loadRiskSet(fold);
    const p = set.map((u) => scoreOf(m, vectors.get(u.text)!));
    const fired = set.map((u) => counts(measureTwoTiers([u], { embeddings: lookup, embeddingModel: m, embeddingReviewThreshold: 0 })));
    const alone = EMBEDDING_THRESHOLDS.map((t) => ({
      tp: set.filter((u, i) => u.label === "risk" && p[i]! >= t).length,
      fp: set.filter((u, i) => u.label !== "risk" && p[i]! >= t).length,
    }));
    const screen = EMBEDDING_THRESHOLDS.map((t) => set.reduce((acc, u, i) => add(acc, p[i]! >= t ? fired[i]! : off(u)), ZERO));
    folds.push({ fold, model: m, alone, positives: set.filter((u) => u.label === "risk").length, negatives: set.filter((u) => u.label !== "risk").length, screen });
  }
  return { l2: meta.l2, folds };
}

function scoreOf(m: RiskEmbeddingModelFile, v: readonly number[]): number {
  let z = m.bias;
  for (let i = 0; i < m.weights.length; i++) z += m.weights[i]! * v[i]!;
  return 1 / (1 + Math.exp(-z));
}

/** Pooled flag-tier counts of the whole screen at threshold index `ti`, over every fold but `except`. */
export function pooled(t: EmbeddingTraining, ti: number, except?: RiskSplit): { tp: number; fp: number; positives: number; union: number } {
  let tp = 0, fp = 0, positives = 0, union = 0;
  for (const f of t.folds) {
    if (f.fold === except) continue;
    const s = f.screen[ti]!;
    tp += s.flagTp;
    fp += s.flagFp;
    positives += s.positives;
    union += s.flagTp + s.reviewTp;
  }
  return { tp, fp, positives, union };
}

/**
 * The L2 (and the classifier-alone bar it was read at) with the highest pooled out-of-fold recall of the classifier
 * alone whose pooled precision is at least PRECISION. With `except`, that fold's readings take no part in the choice
 * (the test suite's assert model).
 */
export function chooseEmbeddingOperatingPoint(trainings: EmbeddingTraining[], except?: RiskSplit): { training: EmbeddingTraining; ti: number } | undefined {
  let best: { training: EmbeddingTraining; ti: number; recall: number } | undefined;
  for (const training of trainings) {
    EMBEDDING_THRESHOLDS.forEach((_, ti) => {
      let tp = 0, fp = 0, positives = 0;
      for (const f of training.folds) {
        if (f.fold === except) continue;
        tp += f.alone[ti]!.tp;
        fp += f.alone[ti]!.fp;
        positives += f.positives;
      }
      const precision = tp / Math.max(1, tp + fp), recall = tp / Math.max(1, positives);
      if (precision >= PRECISION && (!best || recall > best.recall)) best = { training, ti, recall };
    });
  }
  return best && { training: best.training, ti: best.ti };
}
