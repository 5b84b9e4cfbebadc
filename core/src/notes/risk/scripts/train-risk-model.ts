/**
 * Trains the risk screen's learned model on TUNE splits only, chooses its
 * threshold by cross-validation over tune writers, and writes
 * `risk-model.weights.json` (hashed features: bucket weights, no words).
 *
 *   node --conditions=rounds-source --import tsx core/src/notes/risk/scripts/train-risk-model.ts <outside folder>
 *
 * `<outside folder>` holds `risk-set.cssrs-tune.tsv` and `risk-set.counselchat-tune.tsv` as rebuilt by
 * `build-outside-sets.ts`; only the tune halves are read. `--dry-run` prints the cross-validation
 * table and writes nothing.
 * - Training data: the written splits `tune`, `heldout` … `heldout7`, `probes` (all already tuned
 *   on) and `ordinary` (training negatives), plus `cssrs-tune` and `counselchat-tune`. Never
 *   `heldout8`, `cssrs-heldout`, `counselchat-heldout` or AnnoMI.
 * - Writers: each written split is one writer group (one sitting); an outside sentence's writer is
 *   its record in the labels file (Reddit user, Counsel Chat question). Five folds by writer
 *   (a writer's sentences are never split across folds).
 * - Threshold: every tune sentence is scored by the model trained without its writer's fold. The
 *   committed threshold is the lowest `t` (the most the model can add) at which the whole screen
 *   (patterns OR concepts OR model >= t, the model out of fold) keeps precision >= 0.97 on the
 *   written tune splits and >= 0.70 on the outside tune halves (both fixed before any threshold was
 *   tried). Recall 0.95 from the model alone, out of fold, was the first rule tried: no threshold
 *   reaches it (0.74 at t = 0.05). The rules' own out-of-fold figures flatter the screen (they were
 *   tuned on these sentences); the model's alone do not, and both are printed and written beside it.
 * - Deterministic: fixed fold assignment, fixed shuffles, fixed epochs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { annomiClientSentences } from "../../measure/annomi.ts";
import { readLabels, sentenceHash, type OutsideSplit } from "../outside-sets.ts";
import { fromFile, logistic, riskModelFeatures, scoreRiskModel, storeLogistic, type HashedLogistic, type RiskModel, type RiskModelFile } from "../risk-model.ts";
import { RISK_CATEGORIES, type RiskCategory } from "../risk-patterns.ts";
import { loadRiskSet, type LabelledUtterance, type RiskSplit } from "../risk-set.ts";
import { screenStatement, type SpeakerRole } from "../screen-risk.ts";

/** Out-of-fold precision the whole screen must keep on the written tune splits (heldout8's precision floor) and on the outside tune halves (cssrs-heldout's last figure, 0.704). */
export const MIN_PRECISION_WRITTEN = 0.97;
export const MIN_PRECISION_OUTSIDE = 0.7;
/** Flagged AnnoMI client sentences allowed, as a share of all of them (the project's budget since helper/risk2). */
export const BUDGET = 0.01;
const BITS = 18;
const CATEGORY_BITS = 14;
const FOLDS = 5;
const EPOCHS = 40;
const RATE = 0.05;
const L2 = 1e-3;
/** Outside tune sentences count this many times in training: 58 outside risk sentences against 772 written ones. */
const OUTSIDE_WEIGHT = 5;

export const WRITTEN_TUNE: RiskSplit[] = ["tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "probes", "ordinary"];
export const OUTSIDE_TUNE: OutsideSplit[] = ["cssrs-tune", "counselchat-tune"];
const CATEGORY: Record<string, RiskCategory> = {
  suicidal_active: "suicidal_ideation", suicidal_passive: "suicidal_ideation", self_harm: "self_harm", plan_or_means: "plan_or_means", plan_means: "plan_or_means",
  overdose: "overdose", harm_others: "harm_to_others", abuse_safeguarding: "abuse_safeguarding", substance_relapse: "substance_relapse",
};

export interface TrainingItem {
  split: string;
  writer: string;
  text: string;
  role: SpeakerRole;
  y: number;
  category?: RiskCategory;
  outside: boolean;
}

/** Tune sentences with their writer; an outside sentence's writer comes from its labels file (each sentence's hash checked). */
export function trainingItems(outsideFolder: string): TrainingItem[] {
  const items: TrainingItem[] = [];
  const push = (split: string, writer: string, u: LabelledUtterance, outside: boolean) => {
    const category = u.label === "risk" ? CATEGORY[u.category] : undefined;
    if (u.label === "risk" && !outside && !category) throw new Error(`no risk category for ${u.category}`);
    items.push({ split, writer, text: u.text, role: u.role, y: u.label === "risk" ? 1 : 0, ...(category ? { category } : {}), outside });
  };
  for (const split of WRITTEN_TUNE) for (const u of loadRiskSet(split)) push(split, split, u, false);
  for (const split of OUTSIDE_TUNE) {
    const set = loadRiskSet(split, outsideFolder), labels = readLabels(split).labels;
    if (set.length !== labels.length) throw new Error(`${split}: ${set.length} sentences, ${labels.length} labels: rebuild it`);
    set.forEach((u, i) => {
      if (sentenceHash(u.text) !== labels[i]!.sha) throw new Error(`${split}: sentence ${i + 1} does not match its label's hash: rebuild it`);
      push(split, `${split}:${labels[i]!.record}`, u, true);
    });
  }
  return items;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Logistic regression by SGD, classes weighted to equal total weight, L2 on the weights touched. */
export function fit(data: Array<{ x: number[]; y: number }>, bits: number, seed = 1): HashedLogistic {
  const w = new Float64Array(1 << bits);
  let b = 0;
  const pos = data.filter((d) => d.y === 1).length, neg = data.length - pos;
  const weightOf = (y: number) => (y === 1 ? data.length / (2 * Math.max(pos, 1)) : data.length / (2 * Math.max(neg, 1)));
  const order = data.map((_, i) => i), rnd = random(seed);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = RATE / (1 + epoch / 10);
    for (const k of order) {
      const { x, y } = data[k]!;
      let z = b;
      for (const f of x) z += w[f]!;
      const g = (y - 1 / (1 + Math.exp(-z))) * weightOf(y);
      b += rate * g;
      for (const f of x) w[f] = w[f]! * (1 - rate * L2) + rate * g;
    }
  }
  return { bits, bias: b, weights: Float32Array.from(w) };
}

export function trainModel(items: TrainingItem[]): Omit<RiskModelFile, "threshold" | "chosenOn"> {
  const risk = fit(items.flatMap((it) => Array.from({ length: it.outside ? OUTSIDE_WEIGHT : 1 }, () => ({ x: riskModelFeatures(it.text, BITS), y: it.y }))), BITS);
  const positives = items.filter((it) => it.category);
  const categories = Object.fromEntries(RISK_CATEGORIES.map((c, k) => [c, storeLogistic(fit(positives.map((it) => ({ x: riskModelFeatures(it.text, CATEGORY_BITS), y: it.category === c ? 1 : 0 })), CATEGORY_BITS, k + 2))])) as Record<RiskCategory, RiskModelFile["risk"]>;
  return { trainedOn: [...WRITTEN_TUNE, ...OUTSIDE_TUNE], risk: storeLogistic(risk), categories };
}

function foldOf(writer: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < writer.length; i++) h = Math.imul(h ^ writer.charCodeAt(i), 0x01000193);
  return (h >>> 0) % FOLDS;
}

export interface OutOfFold {
  item: TrainingItem;
  /** The model's probability, trained without this writer's fold. */
  p: number;
  /** The rules' (patterns and concepts) verdict, and whether the screen would consult the model at all. */
  rules: "risk" | "denied" | "none";
  consulted: boolean;
}

export function crossValidate(items: TrainingItem[]): OutOfFold[] {
  const out: OutOfFold[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = items.filter((it) => foldOf(it.writer) !== k), test = items.filter((it) => foldOf(it.writer) === k);
    const stored = trainModel(train);
    const file: RiskModelFile = { ...stored, threshold: 0, chosenOn: "" };
    const m = fromFile(file);
    for (const it of test) {
      const x = riskModelFeatures(it.text, BITS);
      const rules = screenStatement(it.text, it.role, { model: null }).verdict;
      const withModel = screenStatement(it.text, it.role, { model: m, threshold: 0 });
      const consulted = withModel.findings.some((f) => f.cue.startsWith("model p="));
      out.push({ item: it, p: logistic(m.risk, x), rules, consulted });
    }
  }
  return out;
}

const THRESHOLDS = [...Array.from({ length: 95 }, (_, i) => 0.05 + i * 0.01), ...Array.from({ length: 9 }, (_, i) => 0.991 + i * 0.001)];

/** AnnoMI client sentences the whole screen flags at each threshold (rules, or the consulted model's p >= t). */
export function annomiFlags(sentences: string[], m: RiskModel): (t: number) => number {
  const scored = sentences.map((s) => {
    const r = screenStatement(s, "patient", { model: m, threshold: 0 });
    const rules = r.findings.some((f) => f.verdict === "risk" && !f.cue.startsWith("model p="));
    return { rules, p: r.findings.some((f) => f.cue.startsWith("model p=")) ? scoreRiskModel(s, m).p : -1 };
  });
  return (t) => scored.filter((x) => x.rules || x.p >= t).length;
}

export interface ThresholdRow {
  t: number;
  /** Model alone, out of fold: outside tune and written tune. */
  outside: { tp: number; pos: number; fp: number };
  written: { tp: number; pos: number; fp: number };
  /** The whole screen (rules OR consulted model >= t), out of fold for the model (the rules were tuned on these). */
  screenOutside: { tp: number; pos: number; fp: number };
  screenWritten: { tp: number; pos: number; fp: number };
}

export function thresholdTable(oof: OutOfFold[]): ThresholdRow[] {
  const rows: ThresholdRow[] = [];
  for (const t of THRESHOLDS) {
    const count = (sel: OutOfFold[], flag: (o: OutOfFold) => boolean) => ({
      tp: sel.filter((o) => o.item.y === 1 && flag(o)).length, pos: sel.filter((o) => o.item.y === 1).length, fp: sel.filter((o) => o.item.y === 0 && flag(o)).length,
    });
    const outside = oof.filter((o) => o.item.outside), written = oof.filter((o) => !o.item.outside);
    rows.push({
      t: Number(t.toFixed(3)),
      outside: count(outside, (o) => o.p >= t), written: count(written, (o) => o.p >= t),
      screenOutside: count(outside, (o) => o.rules === "risk" || (o.consulted && o.p >= t)),
      screenWritten: count(written, (o) => o.rules === "risk" || (o.consulted && o.p >= t)),
    });
  }
  return rows;
}

const fixed = (t: number) => (t > 0.99 ? t.toFixed(3) : t.toFixed(2));
const pct = (c: { tp: number; pos: number; fp: number }) => `recall ${c.tp}/${c.pos}=${(c.tp / c.pos).toFixed(3)} precision ${c.tp}/${c.tp + c.fp}=${(c.tp / Math.max(c.tp + c.fp, 1)).toFixed(3)}`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2), dry = args.includes("--dry-run"), [folder, annomiPath] = args.filter((a) => !a.startsWith("--"));
  if (!folder || !annomiPath) {
    console.error("usage: train-risk-model.ts <folder with the rebuilt outside tune splits> <AnnoMI-simple.csv> [--dry-run]");
    process.exit(2);
  }
  const items = trainingItems(folder);
  const oof = crossValidate(items);
  const rows = thresholdTable(oof);
  const auc = (sel: OutOfFold[]) => { const p = sel.filter((o) => o.item.y === 1), n = sel.filter((o) => o.item.y === 0); let s = 0; for (const a of p) for (const b of n) s += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0; return (s / (p.length * n.length)).toFixed(3); };
  const aucs = `AUC out of fold: outside ${auc(oof.filter((o) => o.item.outside))} cssrs ${auc(oof.filter((o) => o.item.split === "cssrs-tune"))} counselchat ${auc(oof.filter((o) => o.item.split === "counselchat-tune"))} written ${auc(oof.filter((o) => !o.item.outside))}`;
  console.log(aucs);
  const trained = trainModel(items), full = fromFile({ ...trained, threshold: 0, chosenOn: "" });
  const annomi = annomiClientSentences(annomiPath), flagsAt = annomiFlags(annomi, full), budget = Math.floor(BUDGET * annomi.length);
  for (const r of rows) console.log(`t=${fixed(r.t)} AnnoMI flagged ${flagsAt(r.t)}/${annomi.length}; model alone: outside tune ${pct(r.outside)}; written tune ${pct(r.written)} | screen on outside tune ${pct(r.screenOutside)}; written tune ${pct(r.screenWritten)}`);
  const precision = (c: { tp: number; fp: number }) => c.tp / Math.max(c.tp + c.fp, 1);
  const best = rows.find((r) => precision(r.screenWritten) >= MIN_PRECISION_WRITTEN && precision(r.screenOutside) >= MIN_PRECISION_OUTSIDE && flagsAt(r.t) <= budget);
  if (!best) {
    console.error(`no threshold keeps out-of-fold precision >= ${MIN_PRECISION_WRITTEN} (written tune) and >= ${MIN_PRECISION_OUTSIDE} (outside tune) within ${budget} AnnoMI flags`);
    process.exit(1);
  }
  const chosenOn = `${FOLDS}-fold cross-validation over tune writers (${items.length} sentences): lowest t keeping whole-screen out-of-fold precision >= ${MIN_PRECISION_WRITTEN} on written tune and >= ${MIN_PRECISION_OUTSIDE} on outside tune, and AnnoMI client sentences flagged <= ${BUDGET} (${flagsAt(best.t)}/${annomi.length}). Model alone out of fold: outside tune ${pct(best.outside)}; written tune ${pct(best.written)}. Whole screen (rules tuned on these): outside tune ${pct(best.screenOutside)}; written tune ${pct(best.screenWritten)}. Model ${aucs}`;
  console.log(`chose t=${best.t}: ${chosenOn}`);
  if (dry) process.exit(0);
  const file: RiskModelFile = { ...trained, threshold: best.t, chosenOn };
  writeFileSync(fileURLToPath(new URL("../risk-model.weights.json", import.meta.url)), JSON.stringify(file) + "\n");
  const size = readFileSync(join(fileURLToPath(new URL("..", import.meta.url)), "risk-model.weights.json")).length;
  console.log(`wrote risk-model.weights.json (${size} bytes)`);
}
