/**
 * The learned half of the risk screen: logistic regression (risk or not,
 * then which category, one-vs-rest over risk statements) over word unigrams
 * and bigrams, each word marked by the
 * grammar around it, so the model can learn scope rather than keywords:
 * words after a negator in their clause are `NEG_…`, words inside a
 * conditional or hypothetical (`if`, `suppose`, `what if`, `imagine`) are
 * `HYP_…`, and class features say whether the speaker is in the statement
 * (`#first_person`), whether the clause opens with someone else as its
 * subject (`#other_subject`), whether it asks the listener (`#asks_you`).
 * Weights are trained by `measure/train-risk-model.ts` (deterministic) on
 * every written labelled split and committed in `risk-model.weights.json`
 * with the flag tier's threshold and the review tier's bar, both chosen there
 * on leave-one-set-out readings under false-alarm budgets on AnnoMI's
 * even-numbered sessions; the screen reads them once. No network, no runtime
 * training.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RISK_CATEGORIES, type RiskCategory } from "./risk-patterns.ts";
import { normaliseStatement } from "./screen-risk.ts";

const NEGATORS = new Set(["not", "never", "no", "nobody", "none", "nothing", "deny", "denies", "denied", "stopped", "quit", "without", "longer"]);
const HYPOTHETICAL = new Set(["if", "suppose", "supposing", "imagine", "hypothetically", "unless", "whether"]);
const OTHERS = new Set(["he", "she", "they", "his", "her", "their", "my", "our", "your", "the", "a", "an"]);
const INNER = new Set(["thoughts", "thought", "urge", "urges", "idea", "ideas", "feeling", "feelings", "voice", "voices", "mind", "head", "life", "own"]);
const CLAUSES = /[,;:.!?]|\s(?:but|because|although|though|however|so|and then)\s/;

/** Which features a weights file was trained on: scoped word n-grams, or those and character n-grams. */
export type RiskModelFeatureSet = "words" | "words+chars";

/**
 * The features of one statement (a sentence), as used in training and scoring. With `"words+chars"`, also each
 * word's character 3- and 4-grams with its edges marked (`c:<kil`, `c:ill>`), unscoped: a misspelt or run-together
 * word ("suicdal", "killmyself", "overdosd") still shares most of its pieces with the word it means, where a word
 * n-gram shares nothing. Negation and hypotheticals stay with the scoped word features.
 */
export function riskModelFeatures(text: string, features: RiskModelFeatureSet = "words"): string[] {
  const norm = normaliseStatement(text).trim();
  const f = new Set<string>();
  if (features === "words+chars") {
    for (const word of norm.replace(/[^a-z' ]/g, " ").split(/\s+/)) {
      const padded = `<${word.replace(/'/g, "")}>`;
      if (padded.length < 4) continue;
      for (const n of [3, 4]) for (let i = 0; i + n <= padded.length; i++) f.add(`c:${padded.slice(i, i + n)}`);
    }
  }
  const all = norm.replace(/[^a-z' ]/g, " ").split(/\s+/).filter(Boolean);
  if (all.some((w) => w === "i" || w === "me" || w === "my" || w === "myself")) f.add("#first_person");
  if (norm.endsWith("?")) {
    f.add("#question");
    if (all.includes("you")) f.add("#asks_you");
  }
  for (const clause of norm.split(CLAUSES)) {
    const w = clause.replace(/[^a-z' ]/g, " ").split(/\s+/).filter(Boolean);
    if (!w.length) continue;
    // "my brother …", "she …": someone else opens the clause (not "my thoughts …").
    if ((["he", "she", "they"].includes(w[0]!)) || (OTHERS.has(w[0]!) && w[1] && !INNER.has(w[1]) && w[0] !== "i")) f.add("#other_subject");
    let neg = false, hyp = false, prev = "^";
    for (const word of w) {
      if (NEGATORS.has(word)) { neg = true; f.add("#negator"); }
      if (HYPOTHETICAL.has(word)) { hyp = true; f.add("#hypothetical"); }
      const tag = `${neg ? "NEG_" : ""}${hyp ? "HYP_" : ""}`;
      f.add(tag + word);
      f.add(`${tag}${prev}_${word}`);
      prev = word;
    }
  }
  return [...f];
}

export interface LogisticWeights {
  bias: number;
  weights: Record<string, number>;
}

export interface RiskModelFile {
  /** What the weights were trained on and how the threshold was chosen (written by the training script). */
  trainedOn: string[];
  /** The features the weights are over (`"words"` when absent: files written before character n-grams). */
  features?: RiskModelFeatureSet;
  threshold: number;
  chosenOn: string;
  /**
   * The review tier's bar: a patient's sentence neither tier's patterns flagged, and the flag tier's threshold did
   * not reach, is "possible risk — review" when the model's probability reaches this (absent: the model raises no
   * review flag). Chosen by the training script on leave-one-set-out probabilities and AnnoMI's even sessions.
   */
  reviewThreshold?: number;
  /** Risk statement or not. */
  risk: LogisticWeights;
  /** Which category, for a statement taken as risk (trained on risk statements only). */
  categories: Record<RiskCategory, LogisticWeights>;
}

let loaded: RiskModelFile | undefined;
function model(): RiskModelFile {
  if (!loaded) {
    const file = fileURLToPath(new URL("./risk-model.weights.json", import.meta.url));
    loaded = JSON.parse(readFileSync(file, "utf8")) as RiskModelFile;
  }
  return loaded;
}

export function logistic(w: LogisticWeights, x: string[]): number {
  return 1 / (1 + Math.exp(-x.reduce((s, f) => s + (w.weights[f] ?? 0), w.bias)));
}

/** Probability that the statement is a risk statement, and its likeliest category. `m` defaults to the committed weights. */
export function scoreRiskModel(text: string, m: RiskModelFile = model()): { category: RiskCategory; p: number } {
  const x = riskModelFeatures(text, m.features ?? "words");
  let category: RiskCategory = RISK_CATEGORIES[0], best = -1;
  for (const c of RISK_CATEGORIES) {
    const p = logistic(m.categories[c], x);
    if (p > best) [category, best] = [c, p];
  }
  return { category, p: logistic(m.risk, x) };
}

/** The committed decision threshold. */
export function riskModelThreshold(): number {
  return model().threshold;
}

/** The committed weights (the screen's default model). */
export function committedRiskModel(): RiskModelFile {
  return model();
}
