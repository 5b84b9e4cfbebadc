// Scores the risk screen's two tiers on any labelled set in the held-out format (core/src/notes/risk/risk-set.*.tsv:
// one utterance a line, `label|category|speaker|text` (or tab-separated), label risk | denied | none, speaker client | therapist;
// `#` comments). Written so a set nobody here has read (a new held-out split) can be scored once without anyone
// reading its text: it prints aggregates only, never an utterance.
//
//   node --conditions=rounds-source --import tsx bot/eval/risk-set.ts [--embedder use [--cache <vectors.json>]] <set.tsv> [more.tsv ...]
//
// `--cache` keeps the sentence vectors in a file outside the repository, keyed by text (embedding thousands of
// sentences takes many minutes on two cores); a text not in it is embedded and added.
// With `--embedder use` the screen also runs its sentence-embedding classifier on the Universal Sentence Encoder
// plugin's vectors (local model files, no network), as a deployment with that plugin does; without it the screen runs
// without the classifier, as on the embedded default tier (the output says which).
//
// Per file: the flag tier's recall and precision on risk statements, the review tier's own flags and precision,
// recall of flag ∪ review, how denials were handled (screened negatives, review-flagged, flagged as risk), and the
// same per labelled category. Exits non-zero when no file is given, a file cannot be read, or any line does not
// parse (the error names the file and line number, not the text); it asserts no floor.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { embedForRiskScreen, measureTwoTiers, parseRiskSet, type ScreenOptions } from "@rounds/core";
import { packagedModelDir, UseEmbedder } from "@rounds/plugin-embedder-use";

function fail(message: string): never {
  process.stderr.write(`risk-set: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const at = args.indexOf("--embedder");
const embedderName = at >= 0 ? args[at + 1] : undefined;
if (at >= 0 && embedderName !== "use") fail("--embedder takes one value: use (the Universal Sentence Encoder plugin)");
const cacheAt = args.indexOf("--cache");
const cache = cacheAt >= 0 ? args[cacheAt + 1] : undefined;
if (cacheAt >= 0 && (!cache || !embedderName)) fail("--cache takes a file, and only with --embedder use");
const optionAt = new Set([at, cacheAt].filter((i) => i >= 0).flatMap((i) => [i, i + 1]));
const files = args.filter((_, i) => !optionAt.has(i));
if (!files.length) fail("give one or more labelled set files (label|category|speaker|text a line)");
const cached = new Map<string, number[]>(cache && existsSync(cache) ? (JSON.parse(readFileSync(cache, "utf8")) as Array<[string, number[]]>) : []);
const embedder = embedderName ? new UseEmbedder(packagedModelDir(), 1) : undefined;
const viaCache: Parameters<typeof embedForRiskScreen>[0] | undefined = embedder && {
  specificationVersion: embedder.specificationVersion, modelId: embedder.modelId, dimensions: embedder.dimensions, maxBatchSize: embedder.maxBatchSize,
  embedQuery: (text: string) => embedder.embedQuery(text),
  embedDocuments: async (texts: string[]) => {
    const missing = texts.filter((t) => !cached.has(t));
    if (missing.length) {
      const got = await embedder.embedDocuments(missing);
      missing.forEach((t, i) => cached.set(t, got[i]!));
      if (cache) writeFileSync(cache, JSON.stringify([...cached]));
    }
    return texts.map((t) => cached.get(t)!);
  },
};

const frac = (a: number, b: number): string => `${a}/${b} = ${b ? (a / b).toFixed(3) : "n/a"}`;
const out: string[] = [];
for (const file of files) {
  let set;
  try {
    set = parseRiskSet(readFileSync(resolve(file), "utf8"), file);
  } catch (e) {
    fail((e as Error).message);
  }
  let options: ScreenOptions = {};
  if (embedderName) {
    const embeddings = await embedForRiskScreen(viaCache!, set.filter((u) => u.role !== "clinician").map((u) => u.text));
    if (!embeddings) fail("the embedding classifier's weights were not trained on this embedder's vectors");
    options = { embeddings };
  }
  const m = measureTwoTiers(set, options);
  const flagged = m.flag.truePositives + m.flag.falsePositives;
  const reviewFlags = m.review.truePositives + m.review.falsePositives;
  out.push(`${file}: ${m.n} utterances, ${m.positives} risk, ${m.denials} denied, ${m.n - m.positives - m.denials} none`);
  out.push(`  embedding classifier: ${embedderName ? "on (Universal Sentence Encoder plugin)" : "off (no embedder given: patterns, concepts, word model and review tier alone)"}`);
  out.push(`  flag tier: recall ${frac(m.flag.truePositives, m.positives)}, precision ${frac(m.flag.truePositives, flagged)}`);
  out.push(`  review tier: ${reviewFlags} review flags, precision ${frac(m.review.truePositives, reviewFlags)} (risk statements it adds: ${m.review.truePositives})`);
  out.push(`  flag ∪ review recall: ${frac(m.union.truePositives, m.positives)}`);
  out.push(`  denials: screened negatives ${frac(m.denialsRecognised, m.denials)}, review-flagged ${m.denialsReviewed}, flagged as risk ${m.denialsFlagged}`);
  out.push("  by category (n: risk/denied/none; flag tier, review tier, screened negative):");
  for (const [category, c] of [...m.byCategory].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`    ${category}: n ${c.n} (${c.risk}/${c.denied}/${c.none}); flagged ${c.flagged}, review ${c.reviewed}, screened negative ${c.screenedNegative}`
      + (c.risk ? `; risk statements caught (flag ∪ review) ${frac(c.riskCaught, c.risk)}` : ""));
  }
}
process.stdout.write(`${out.join("\n")}\n`);
