/**
 * The learned half of the risk screen: logistic regression (risk or not,
 * then which category, one-vs-rest over risk statements) over HASHED
 * features, so the committed weights hold bucket numbers and weights, never
 * words or phrases of the sentences they were trained on (some of those
 * come from fetched public data, whose text is never committed).
 *
 * Features, each hashed (FNV-1a) into `2^bits` buckets:
 * - stemmed words and stemmed word bigrams, each marked by the grammar
 *   around it so the model can learn scope rather than keywords: after a
 *   negator in its clause `NEG_…`, inside a conditional or hypothetical
 *   (`if`, `suppose`, `what if`, `imagine`) `HYP_…`;
 * - character 4-grams of each word (morphology and misspellings:
 *   "suicdal", "overdosing"), unmarked;
 * - each content word's first WordNet noun, verb and adjective sense
 *   (`risk-senses.ts`: synset, hypernym, lexicographer file), scope-marked,
 *   so words of one meaning share weight ("tablets" / "pills");
 * - class features: the speaker is in the sentence (`#first_person`), a
 *   clause opens with someone else as its subject (`#other_subject`), a
 *   question, a question to "you", a negator, a hypothetical.
 * Stems, character n-grams and senses carry across registers (a spoken
 * transcript turn, a written post) better than whole phrasings.
 *
 * Weights are trained by `scripts/train-risk-model.ts` (deterministic) on
 * tune splits only, with the decision threshold chosen by cross-validation
 * over tune writers, and committed in `risk-model.weights.json`; the screen
 * reads them once. No network, no runtime training.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RISK_CATEGORIES, type RiskCategory } from "./risk-patterns.ts";
import { wordSenses } from "./risk-senses.ts";
import { normaliseStatement } from "./screen-risk.ts";

const NEGATORS = new Set(["not", "never", "no", "nobody", "none", "nothing", "deny", "denies", "denied", "stopped", "quit", "without", "longer"]);
const HYPOTHETICAL = new Set(["if", "suppose", "supposing", "imagine", "hypothetically", "unless", "whether"]);
const OTHERS = new Set(["he", "she", "they", "his", "her", "their", "my", "our", "your", "the", "a", "an"]);
const INNER = new Set(["thoughts", "thought", "urge", "urges", "idea", "ideas", "feeling", "feelings", "voice", "voices", "mind", "head", "life", "own"]);
const CLAUSES = /[,;:.!?]|\s(?:but|because|although|though|however|so|and then)\s/;

/** A crude English stem: enough to join "kill / kills / killed / killing", "cutting / cut", "pills / pill". */
export function stem(word: string): string {
  let w = word.replace(/'s$/, "");
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ied")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith("ly")) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  // "cutt(ing)", "stopp(ed)": a doubled final consonant left by the suffix.
  if (w.length > 3 && w.at(-1) === w.at(-2) && !/[aeiouls]/.test(w.at(-1)!)) w = w.slice(0, -1);
  return w;
}

/** The features of one statement (a sentence), as names (before hashing), as used in training and scoring. */
export function riskModelFeatureNames(text: string): string[] {
  const norm = normaliseStatement(text).trim();
  const f = new Set<string>();
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
      const s = stem(word);
      f.add(`w:${tag}${s}`);
      f.add(`b:${tag}${prev}_${s}`);
      prev = s;
      for (const sense of wordSenses(word)) f.add(`s:${tag}${sense}`);
      const padded = `<${word}>`;
      if (padded.length > 4) for (let i = 0; i + 4 <= padded.length; i++) f.add(`c:${padded.slice(i, i + 4)}`);
    }
  }
  return [...f];
}

/** FNV-1a, 32 bits. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The hashed features of one statement: bucket numbers in `[0, 2^bits)`, each once. */
export function riskModelFeatures(text: string, bits: number): number[] {
  const mask = (1 << bits) - 1;
  return [...new Set(riskModelFeatureNames(text).map((n) => fnv1a(n) & mask))];
}

/** One logistic model over `2^bits` hashed buckets. */
export interface HashedLogistic {
  bits: number;
  bias: number;
  /** Dense weights, one per bucket. */
  weights: Float32Array;
}

/** As committed: the weights quantised to 16-bit integers (`scale` each), base64. */
export interface StoredLogistic {
  bits: number;
  bias: number;
  scale: number;
  int16: string;
}

export interface RiskModelFile {
  /** What the weights were trained on and how the threshold was chosen (written by the training script). */
  trainedOn: string[];
  threshold: number;
  chosenOn: string;
  /** Risk statement or not. */
  risk: StoredLogistic;
  /** Which category, for a statement taken as risk (trained on the written risk statements only). */
  categories: Record<RiskCategory, StoredLogistic>;
}

/** A model ready to score. */
export interface RiskModel {
  threshold: number;
  risk: HashedLogistic;
  categories: Record<RiskCategory, HashedLogistic>;
}

export function storeLogistic(m: HashedLogistic): StoredLogistic {
  const max = m.weights.reduce((a, w) => Math.max(a, Math.abs(w)), 0) || 1;
  const scale = max / 32767;
  const q = Int16Array.from(m.weights, (w) => Math.round(w / scale));
  return { bits: m.bits, bias: Number(m.bias.toFixed(6)), scale, int16: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString("base64") };
}

export function loadLogistic(s: StoredLogistic): HashedLogistic {
  const bytes = Buffer.from(s.int16, "base64");
  if (bytes.length !== 2 << s.bits) throw new Error(`risk model weights: ${bytes.length} bytes for 2^${s.bits} buckets`);
  const q = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return { bits: s.bits, bias: s.bias, weights: Float32Array.from(q, (v) => v * s.scale) };
}

export function fromFile(file: RiskModelFile): RiskModel {
  return {
    threshold: file.threshold,
    risk: loadLogistic(file.risk),
    categories: Object.fromEntries(RISK_CATEGORIES.map((c) => [c, loadLogistic(file.categories[c])])) as Record<RiskCategory, HashedLogistic>,
  };
}

let loaded: RiskModel | undefined;
function model(): RiskModel {
  if (!loaded) {
    const file = fileURLToPath(new URL("./risk-model.weights.json", import.meta.url));
    loaded = fromFile(JSON.parse(readFileSync(file, "utf8")) as RiskModelFile);
  }
  return loaded;
}

export function logistic(m: HashedLogistic, x: number[]): number {
  let z = m.bias;
  for (const i of x) z += m.weights[i]!;
  return 1 / (1 + Math.exp(-z));
}

/** Probability that the statement is a risk statement, and its likeliest category. `m` defaults to the committed weights. */
export function scoreRiskModel(text: string, m: RiskModel = model()): { category: RiskCategory; p: number } {
  const x = riskModelFeatures(text, m.risk.bits);
  const xc = m.categories[RISK_CATEGORIES[0]].bits === m.risk.bits ? x : riskModelFeatures(text, m.categories[RISK_CATEGORIES[0]].bits);
  let category: RiskCategory = RISK_CATEGORIES[0], best = -1;
  for (const c of RISK_CATEGORIES) {
    const p = logistic(m.categories[c], xc);
    if (p > best) [category, best] = [c, p];
  }
  return { category, p: logistic(m.risk, x) };
}

/** The committed decision threshold. */
export function riskModelThreshold(): number {
  return model().threshold;
}
