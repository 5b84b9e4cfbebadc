// Chooses the risk screen's embedding-classifier review bar on a false-alarm budget over AnnoMI's ordinary sessions
// (core/src/notes/measure/risk-embedding-budget.ts: at most 5% of the client turns of AnnoMI's bar quarter marked, all
// layers together; the lowest bar within it). The held-out half (odd sessions) is read at the chosen bar and only
// reported; the train quarter (the classifier's ordinary-talk negatives) is printed for reading, never chosen on.
// Both committed classifiers get their own bar: the screen's (`all`) and the test suite's assert model
// (`without-heldout11`). Prints aggregates only.
//
//   node --conditions=rounds-source --import tsx bot/eval/risk-embedding-budget.ts <AnnoMI-simple.csv> [--cache <vectors.json>] [--write]
//
// `--cache` keeps AnnoMI's sentence vectors in a file outside the repository (keyed by text; embedding ~7,500 sentences
// takes many minutes on two cores). `--write` writes `reviewThreshold` and `reviewChosenOn` into both weights files.
// Exits non-zero when the CSV is missing or no bar meets the budget.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { annomiScreenSentences, chooseReviewBar, committedRiskEmbeddingModel, FALSE_ALARM_BUDGET, markedAt, readAnnoMiTurns, REVIEW_BARS } from "@rounds/core";
import { packagedModelDir, UseEmbedder } from "@rounds/plugin-embedder-use";

function fail(message: string): never {
  process.stderr.write(`risk-embedding-budget: ${message}\n`);
  process.exit(1);
}
const args = process.argv.slice(2);
const cacheAt = args.indexOf("--cache");
const cache = cacheAt >= 0 ? args[cacheAt + 1] : undefined;
if (cacheAt >= 0 && !cache) fail("--cache needs a file");
const csv = args.filter((a, i) => !a.startsWith("--") && (cacheAt < 0 || i !== cacheAt + 1))[0];
if (!csv || !existsSync(csv)) fail("give the AnnoMI CSV (AnnoMI-simple.csv from github uccollab/AnnoMI)");

const cached = new Map<string, number[]>(cache && existsSync(cache) ? (JSON.parse(readFileSync(cache, "utf8")) as Array<[string, number[]]>) : []);
const sentences = [...new Set([...annomiScreenSentences(csv, "train"), ...annomiScreenSentences(csv, "bar"), ...annomiScreenSentences(csv, "heldout")])];
const missing = sentences.filter((s) => !cached.has(s));
if (missing.length) {
  process.stderr.write(`embedding ${missing.length} sentences…\n`);
  const got = await new UseEmbedder(packagedModelDir(), 1).embedDocuments(missing);
  missing.forEach((s, i) => cached.set(s, got[i]!));
  if (cache) writeFileSync(cache, JSON.stringify([...cached]));
}
const embeddings = (t: string) => cached.get(t);
const pct = (a: number, b: number): string => `${a}/${b} = ${(100 * a / Math.max(1, b)).toFixed(1)}%`;

const dir = new URL("../../core/src/notes/risk/", import.meta.url);
for (const which of ["all", "without-heldout11"] as const) {
  const model = committedRiskEmbeddingModel(which);
  const [train, tune, heldout] = (["train", "bar", "heldout"] as const).map((part) => readAnnoMiTurns(csv, part, embeddings, model));
  console.log(`classifier ${which}: AnnoMI client turns marked (any flag or review flag), budget ${FALSE_ALARM_BUDGET * 100}% of the bar quarter`);
  console.log(`  without the classifier: bar quarter ${pct(markedAt(tune!, 2), tune!.length)}, held-out half ${pct(markedAt(heldout!, 2), heldout!.length)}`);
  for (const bar of REVIEW_BARS) console.log(`  bar ${bar}: bar quarter ${pct(markedAt(tune!, bar), tune!.length)} (train quarter, trained on: ${pct(markedAt(train!, bar), train!.length)})`);
  const bar = chooseReviewBar(tune!);
  if (bar === undefined) fail(`no bar keeps the bar quarter within the budget for ${which}`);
  const chosenOn = `lowest bar of ${REVIEW_BARS.join(", ")} whose screen marks at most ${FALSE_ALARM_BUDGET * 100}% of the client turns of AnnoMI's bar quarter (all layers): ${pct(markedAt(tune!, bar), tune!.length)}; held-out half, reported only: ${pct(markedAt(heldout!, bar), heldout!.length)}`;
  console.log(`  chose ${bar}: ${chosenOn}`);
  if (args.includes("--write")) {
    const file = which === "all" ? "risk-embedding-model.weights.json" : `risk-embedding-model.${which}.json`;
    writeFileSync(fileURLToPath(new URL(file, dir)), JSON.stringify({ ...model, reviewThreshold: bar, reviewChosenOn: chosenOn }) + "\n");
    console.log(`  wrote ${file}`);
  }
}
