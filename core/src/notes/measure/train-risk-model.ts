/**
 * Trains the risk screen's learned model and chooses its threshold, then
 * writes `risk/risk-model.weights.json`. Reproduce with
 *   node --conditions=rounds-source --import tsx core/src/notes/measure/train-risk-model.ts bench/data/AnnoMI-simple.csv
 * - Training data: the `tune` and `heldout` … `heldout5` splits and the
 *   `ordinary` training negatives (everyday counselling talk, written
 *   without reading AnnoMI); never AnnoMI. Logistic regression for risk or
 *   not, and one-vs-rest per category over the risk statements,
 *   deterministic: fixed order, 300 epochs of SGD, learning rate 0.1, L2
 *   decay 0.001.
 * - Threshold: the screen is "patterns OR model >= t" (the model only speaks
 *   on a patient sentence no pattern matched). `t` is chosen on `heldout6`
 *   alone: the highest recall there, ties to the higher `t`, among the `t`
 *   whose combined screen flags at most BUDGET of AnnoMI's client sentences
 *   and keeps precision >= 0.9 on `heldout6`. AnnoMI is used only to count
 *   flags, never as training data (it has no risk labels and no licence).
 * - `heldout7` is not read here: it is measured once, after this choice.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { riskModelFeatures, type LogisticWeights, type RiskModelFile } from "../risk/risk-model.ts";
import { RISK_CATEGORIES, type RiskCategory } from "../risk/risk-patterns.ts";
import { loadRiskSet, measureRiskScreen, type RiskSplit } from "../risk/risk-set.ts";
import { screenStatement } from "../risk/screen-risk.ts";
import { annomiClientSentences } from "./annomi.ts";

/** Flagged AnnoMI client sentences allowed, as a share of all of them (chosen before any threshold was tried). */
export const BUDGET = 0.01;
const TRAIN: RiskSplit[] = ["tune", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "ordinary"];
const CATEGORY: Record<string, RiskCategory> = {
  suicidal_active: "suicidal_ideation", suicidal_passive: "suicidal_ideation", self_harm: "self_harm", plan_or_means: "plan_or_means", plan_means: "plan_or_means",
  overdose: "overdose", harm_others: "harm_to_others", abuse_safeguarding: "abuse_safeguarding", substance_relapse: "substance_relapse",
};

function fit(data: Array<{ x: string[]; y: number }>): LogisticWeights {
  const w = new Map<string, number>();
  let b = 0;
  for (let epoch = 0; epoch < 300; epoch++) {
    for (const { x, y } of data) {
      const g = y - 1 / (1 + Math.exp(-x.reduce((s, f) => s + (w.get(f) ?? 0), b)));
      b += 0.1 * g;
      for (const f of x) w.set(f, (w.get(f) ?? 0) * (1 - 0.001) + 0.1 * g);
    }
  }
  const weights = Object.fromEntries([...w].filter(([, v]) => Math.abs(v) >= 0.001).sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)).map(([k, v]) => [k, Number(v.toFixed(4))]));
  return { bias: Number(b.toFixed(4)), weights };
}

export function trainRiskModel(splits: RiskSplit[] = TRAIN): Omit<RiskModelFile, "threshold" | "chosenOn"> {
  const data = splits.flatMap((s) => loadRiskSet(s)).map((u) => {
    if (u.label === "risk" && !CATEGORY[u.category]) throw new Error(`no risk category for ${u.category}`);
    return { x: riskModelFeatures(u.text), c: u.label === "risk" ? CATEGORY[u.category] : undefined };
  });
  const risk = fit(data.map(({ x, c }) => ({ x, y: c ? 1 : 0 })));
  const positives = data.filter((d) => d.c);
  const categories = Object.fromEntries(RISK_CATEGORIES.map((c) => [c, fit(positives.map(({ x, c: label }) => ({ x, y: label === c ? 1 : 0 })))])) as Record<RiskCategory, LogisticWeights>;
  return { trainedOn: splits, risk, categories };
}

export function chooseThreshold(trained: Omit<RiskModelFile, "threshold" | "chosenOn">, annomi: string[]) {
  const rows: Array<{ t: number; recall: number; precision: number; tp: number; fp: number; annomiFlags: number }> = [];
  const choosing = loadRiskSet("heldout6");
  for (let t = 0.8; t < 0.995; t += 0.01) {
    const model: RiskModelFile = { ...trained, threshold: t, chosenOn: "" };
    const m = measureRiskScreen(choosing, { model });
    const annomiFlags = annomi.filter((s) => screenStatement(s, "patient", { model }).verdict === "risk").length;
    rows.push({ t: Number(t.toFixed(3)), recall: m.recall, precision: m.precision, tp: m.truePositives, fp: m.falsePositives, annomiFlags });
  }
  const ok = rows.filter((r) => r.annomiFlags <= BUDGET * annomi.length && r.precision >= 0.9);
  const best = ok.reduce<(typeof rows)[number] | undefined>((a, r) => (!a || r.recall > a.recall || (r.recall === a.recall && r.t > a.t) ? r : a), undefined);
  return { rows, best };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const annomiPath = process.argv[2];
  if (!annomiPath) {
    console.error("usage: train-risk-model.ts <AnnoMI-simple.csv>");
    process.exit(2);
  }
  const trained = trainRiskModel();
  const annomi = annomiClientSentences(annomiPath);
  const patternsOnly = annomi.filter((s) => screenStatement(s, "patient", { model: null }).verdict === "risk").length;
  const { rows, best } = chooseThreshold(trained, annomi);
  for (const r of rows) console.log(`t=${r.t.toFixed(3)} heldout6 recall ${r.tp}/${(r.tp / r.recall || 0).toFixed(0)}=${r.recall.toFixed(3)} precision ${r.precision.toFixed(3)} (fp ${r.fp}) AnnoMI flagged ${r.annomiFlags}/${annomi.length}`);
  console.log(`patterns alone flag ${patternsOnly}/${annomi.length} AnnoMI client sentences; budget ${Math.floor(BUDGET * annomi.length)}`);
  if (!best) {
    console.error("no threshold meets the budget and precision floor");
    process.exit(1);
  }
  const file: RiskModelFile = { ...trained, threshold: best.t, chosenOn: `heldout6: recall ${best.tp} (${best.recall.toFixed(3)}), precision ${best.precision.toFixed(3)}; AnnoMI client sentences flagged ${best.annomiFlags}/${annomi.length} (budget ${BUDGET})` };
  writeFileSync(fileURLToPath(new URL("../risk/risk-model.weights.json", import.meta.url)), JSON.stringify(file) + "\n");
  console.log(`chose t=${best.t}: ${file.chosenOn}`);
}
