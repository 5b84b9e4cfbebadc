/**
 * The risk screen's sentence-embedding classifier: logistic regression over a sentence embedder's vectors (risk
 * statement or not). A bag of words cannot generalise a paraphrase it never saw ("I keep picturing the funeral
 * without me in it"); a sentence encoder trained on meaning places it near the labelled risk statements that say the
 * same thing in other words. Core names no embedder: the weights say which embedding space they were trained in
 * (`modelId`, `dimensions`), and the screen uses them only with vectors from that embedder, reached through the
 * embedder port (`ports/embedder.ts`) by whoever calls the screen (`embedForRiskScreen`). Without that embedder
 * (the embedded default tier, or another embedder configured) the screen runs without this classifier, as before.
 *
 * It speaks in the *review* tier only ("possible risk — review", acknowledged before approval), never the flag tier: a
 * patient's sentence the rules did not flag, whose probability reaches `reviewThreshold`. Weights are written by
 * `measure/train-risk-embedding.ts` (deterministic, leave-one-set-out over explicit folds); the review bar by
 * `measure/risk-embedding-budget.ts`, on a false-alarm budget over ordinary sessions (AnnoMI's tune part only).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Embedder } from "../../ports/embedder.ts";

export interface RiskEmbeddingModelFile {
  /** The embedder whose vectors the weights were trained on (`Embedder.modelId`), and its dimensions. */
  modelId: string;
  dimensions: number;
  /** The labelled splits trained on, and how the weights (L2) were chosen (written by the training script). */
  trainedOn: string[];
  chosenOn: string;
  l2: number;
  bias: number;
  weights: number[];
  /** The review tier's bar on the classifier's probability (`measure/risk-embedding-budget.ts`), and how it was chosen. */
  reviewThreshold: number;
  reviewChosenOn: string;
}

/** Sentence vectors for the screen, looked up by the exact text screened (undefined: no vector, the classifier is silent). */
export type SentenceEmbeddings = (text: string) => readonly number[] | undefined;

const loaded = new Map<string, RiskEmbeddingModelFile>();
/**
 * The committed weights (`"all"`: trained on every fold, the screen's), or the test suite's assert model
 * (`"without-heldout11"`: trained without `heldout11`, its review bar chosen on AnnoMI's tune part, like the committed one's).
 */
export function committedRiskEmbeddingModel(which: "all" | "without-heldout11" = "all"): RiskEmbeddingModelFile {
  let m = loaded.get(which);
  if (!m) {
    const file = which === "all" ? "./risk-embedding-model.weights.json" : `./risk-embedding-model.${which}.json`;
    m = JSON.parse(readFileSync(fileURLToPath(new URL(file, import.meta.url)), "utf8")) as RiskEmbeddingModelFile;
    loaded.set(which, m);
  }
  return m;
}

/** Probability that the sentence whose (unit) vector is `v` is a risk statement. */
export function scoreRiskEmbedding(v: readonly number[], m: RiskEmbeddingModelFile = committedRiskEmbeddingModel()): number {
  let z = m.bias;
  for (let i = 0; i < m.weights.length; i++) z += m.weights[i]! * (v[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * A de-identified turn's placeholders (`[NAME_1]`, `[LOCATION_2]`, `[PHONE_1]`) as ordinary words of their kind, for the
 * classifier only: it was trained on sentences without placeholders, and a bracketed token moved the encoder's vector
 * towards risk ("My mum drove me to [LOCATION_1] on Tuesday." 0.94, over the review bar; with a town's name 0.46).
 * The screen's rules read the turn as written; no surrogate leaves this function.
 */
const SURROGATES: Record<string, string> = {
  NAME: "Sam", LOCATION: "Leeds", ZIP: "LS1", DATE: "Monday", AGE: "40", PHONE: "07700 900123", FAX: "07700 900123", EMAIL: "sam@example.com",
  URL: "example.com", VEHICLE: "the car", DEVICE: "the device", PHOTO: "the photo",
};
export function withSurrogates(text: string): string {
  return text.replace(/\[([A-Z]+(?:_[A-Z]+)*)_\d+\]/g, (_m, type: string) => SURROGATES[type] ?? "1234");
}

/**
 * Embeds `texts` with `embedder` for the screen when the embedder is the one the committed classifier was trained on;
 * undefined otherwise (another embedding space: its vectors mean nothing to these weights, and the screen runs
 * without the classifier). The result looks each text up as given.
 */
export async function embedForRiskScreen(embedder: Embedder, texts: string[], options: { signal?: AbortSignal; model?: RiskEmbeddingModelFile } = {}): Promise<SentenceEmbeddings | undefined> {
  const m = options.model ?? committedRiskEmbeddingModel();
  if (embedder.modelId !== m.modelId || embedder.dimensions !== m.dimensions) return undefined;
  const unique = [...new Set(texts)];
  const vectors = unique.length ? await embedder.embedDocuments(unique.map(withSurrogates), options.signal ? { signal: options.signal } : {}) : [];
  const byText = new Map(unique.map((t, i) => [t, vectors[i]!]));
  return (text) => byText.get(text);
}
