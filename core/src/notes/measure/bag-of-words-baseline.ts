/**
 * The learned alternative to the risk screen's patterns, measured so the
 * choice between them rests on figures: logistic regression over word
 * unigrams and bigrams of the normalised statement, trained on the `tune`
 * split only (deterministic: fixed order, 300 epochs of SGD, learning rate
 * 0.1, L2 decay 0.001), scored on each held-out split. With 162 training
 * utterances it learns the words of that split, not negation scope, third
 * parties or idioms; the patterns were better on the split written with it
 * (see README). Not used by the product.
 */
import { loadRiskSet, type RiskSplit } from "../risk/risk-set.ts";
import { normaliseStatement } from "../risk/screen-risk.ts";

function features(text: string): string[] {
  const w = normaliseStatement(text).replace(/[^a-z' ]/g, " ").split(/\s+/).filter(Boolean);
  const f = new Set<string>(w);
  for (let i = 0; i + 1 < w.length; i++) f.add(`${w[i]}_${w[i + 1]}`);
  return [...f];
}

export function bagOfWordsBaseline(splits: RiskSplit[]): Array<{ split: RiskSplit; recall: number; precision: number; truePositives: number; positives: number; falsePositives: number }> {
  const train = loadRiskSet("tune").map((u) => ({ x: features(u.text), y: u.label === "risk" ? 1 : 0 }));
  const weights = new Map<string, number>();
  let bias = 0;
  const score = (x: string[]) => bias + x.reduce((s, f) => s + (weights.get(f) ?? 0), 0);
  for (let epoch = 0; epoch < 300; epoch++) {
    for (const { x, y } of train) {
      const g = y - 1 / (1 + Math.exp(-score(x)));
      bias += 0.1 * g;
      for (const f of x) weights.set(f, (weights.get(f) ?? 0) * (1 - 0.001) + 0.1 * g);
    }
  }
  return splits.map((split) => {
    let tp = 0, fp = 0, positives = 0;
    for (const u of loadRiskSet(split)) {
      const predicted = score(features(u.text)) > 0;
      if (u.label === "risk") positives++;
      if (predicted && u.label === "risk") tp++;
      if (predicted && u.label !== "risk") fp++;
    }
    return { split, recall: positives ? tp / positives : 1, precision: tp + fp ? tp / (tp + fp) : 1, truePositives: tp, positives, falsePositives: fp };
  });
}
