/**
 * Runs a question pack through the real answer path and writes a results
 * file for the pack's scorer (one JSON line per question: refused, the
 * ranked sources, the answer text).
 *
 *   node --conditions=rounds-source --import tsx bot/eval/run-pack.ts --corpus DIR --questions FILE --out FILE \
 *     [--data-dir DIR] [--split tune|assert|all] [--halves] [--ranking answer|hybrid|bm25|vector [--ranking-only]] [--embedder ID --plugin PKG]
 *
 * The corpus is ingested into an embedded knowledge base in `--data-dir`
 * (kept between runs: files already stored are not ingested twice), every
 * document is approved, and each question goes through `answerQuestion`, the
 * use case behind `POST /v1/ask`, on the extractive default.
 *
 * `--ranking` chooses the ranked sources written for the retrieval metrics:
 * `answer` (default) the passages in the order the answer uses them;
 * `hybrid` the retrieval index's fused top 10 for the question, in the section-aware order `retrievePassages` returns to `POST /v1/search` (at the
 * embedder's fusion weight: 0 for the embedded default's hashed vectors, so
 * BM25 with the subject's other names; `--vector-weight 0.5` fuses them as
 * before issue #17's answer18 round); `bm25` the
 * same query's lexical (Okapi BM25) list alone; `vector` its vector list
 * alone (the embedder's nearest chunks). `--embedder` answers with another
 * embedder (`models.embedder`), from the plugin `--plugin` adds to the
 * default plugins (e.g. `--embedder use --plugin @rounds/plugin-embedder-use`;
 * use a `--data-dir` of its own, or the first questions wait for the new
 * embedder's space to be back-filled). `--halves` splits a set whose
 * questions name their split (the held-out set) into its own halves. Refusals and answers always
 * come from the answer path. Each line's `evidence` holds the figures the answer was judged on; those that
 * could not change it are `"not computed"` unless `--full-evidence` asks for all of them (e.g. the
 * off-topic share with the gate off, to tune the gate).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { answerQuestion, ingestFile, retrievePassages, reviewDocument, servingSpace, silentLogger, subjectOf, subjectText, type AnswerSource, type Evidence } from "@rounds/core";
import { createApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { inSplit, type PackQuestion, type Split } from "./split.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" }, questions: { type: "string" }, out: { type: "string" },
    "data-dir": { type: "string" }, split: { type: "string", default: "all" }, halves: { type: "boolean", default: false }, ranking: { type: "string", default: "answer" },
    /** Answer everything (evidence thresholds 0), recording the evidence and every candidate's, to tune thresholds offline. */
    "no-refusal": { type: "boolean", default: false },
    /** Compute every evidence figure, even those that cannot change the answer (AskInput.fullEvidence). */
    "full-evidence": { type: "boolean", default: false },
    /** Weight of the vector list in fusion (answers.vectorWeight; 0 = BM25 alone), to measure what the vectors add. */
    "vector-weight": { type: "string" },
    /** With --ranking other than answer: write the index's ranking only, without asking (refused is then false for every question). */
    "ranking-only": { type: "boolean", default: false },
    embedder: { type: "string" }, plugin: { type: "string", multiple: true, default: [] },
  },
});
if (!values.corpus || !values.questions || !values.out) {
  process.stderr.write("Usage: run-pack.ts --corpus DIR --questions FILE --out FILE [--data-dir DIR] [--split tune|assert|all]\n");
  process.exit(2);
}
const split = values.split as Split;
if (!["tune", "assert", "all"].includes(split)) throw new Error("--split is tune, assert or all");
const ranking = values.ranking;
if (!["answer", "hybrid", "bm25", "vector"].includes(ranking)) throw new Error("--ranking is answer, hybrid, bm25 or vector");
if (values["ranking-only"] && ranking === "answer") throw new Error("--ranking-only needs --ranking hybrid, bm25 or vector");

const corpus = resolve(values.corpus);
const dataDir = resolve(values["data-dir"] ?? join(tmpdir(), `rounds-eval-${basename(corpus)}`));
mkdirSync(dataDir, { recursive: true });
const questions = readFileSync(values.questions, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as PackQuestion)
  .filter((q) => inSplit(q, split, { halves: values.halves }));

const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: {
  dataDir, log: { level: "silent" },
  ...(values.plugin.length && { plugins: [...defaultPlugins, ...values.plugin] }),
  ...(values.embedder && { models: { embedder: values.embedder } }),
  answers: {
    ...(values["no-refusal"] && { minTermCoverage: 0, minSubjectCoverage: 0, maxUnknownSubject: 1, minSubjectFocus: 0, minCandidateFocus: 0 }),
    ...(values["vector-weight"] !== undefined && { vectorWeight: Number(values["vector-weight"]) }),
  },
} });
const app = await createApp(config, { migrate: true, logger: silentLogger() });
try {
  const ws = await ensureWorkspace(app, { org: "eval", project: "pack", domain: "health information" });
  const actor = await localOperator(app, ws.organization.id);
  await app.jobs.startWorker({ concurrency: 2 });
  const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
  const known = new Set((await app.store.knowledge.listDocuments(scope, { limit: 100_000 })).map((d) => d.fileName));
  const files = readdirSync(corpus).filter((f) => !f.startsWith(".") && !known.has(f)).sort();
  for (const f of files) await ingestFile(app, { actor, projectId: ws.project.id, fileName: f, bytes: new Uint8Array(readFileSync(join(corpus, f))) });
  await waitForJobs(app);
  // Every document of the pack is knowledge: approve what the relevance check left pending or judged irrelevant.
  for (const d of await app.store.knowledge.listDocuments(scope, { limit: 100_000 })) {
    if (d.status !== "approved") await reviewDocument(app, { actor, projectId: ws.project.id, documentId: d.id, action: "approve" });
  }
  await waitForJobs(app);
  process.stderr.write(`${files.length} file(s) ingested; asking ${questions.length} question(s) (split ${split})\n`);

  const fileOf = new Map((await app.store.knowledge.listDocuments(scope, { limit: 100_000 })).map((d) => [d.id, d.fileName]));
  const section = (p: AnswerSource) => p.context?.split(" › ").at(-1) ?? "";
  const lines: string[] = [];
  const latencies: number[] = [];
  for (const q of questions) {
    let ranked: AnswerSource[] = [];
    let evidence: Evidence | undefined;
    let candidates: unknown[] | undefined;
    const result = values["ranking-only"] ? undefined : await answerQuestion(app, { actor, projectId: ws.project.id, question: q.question, visibility: "private", channel: "eval", ...((values["full-evidence"] || values["no-refusal"]) && { fullEvidence: true }), onRetrieved: (p, e) => { ranked = p; evidence = e; }, ...(values["no-refusal"] && { onCandidates: (c) => { candidates = c.map((x) => ({ ...x, file: fileOf.get(x.documentId) })); } }) });
    if (result) latencies.push(result.latencyMs);
    let sources = ranked.map((p) => ({ file: fileOf.get(p.documentId) ?? p.title, section: section(p), n: p.n }));
    if (ranking !== "answer") {
      // The retrieval index alone: the fused list as the answer path receives it (retrievePassages: the subject's other
      // names searched with the question, in section-aware order), or one list of the same search alone (BM25: plain
      // Okapi BM25 over the question; vector: the embedder's nearest chunks).
      let order: Array<{ chunkId: string }>;
      if (ranking === "hybrid") {
        const { alternatives } = await subjectOf(q.question);
        order = (await retrievePassages(app, { ...scope, patientIds: [], visibility: "private", reader: { userId: actor.userId }, query: q.question, k: 40, alternatives })).passages;
      } else {
        const { space, embedder } = await servingSpace(app);
        const subject = subjectText(q.question);
        const listed = ranking === "bm25" ? "lexicalRank" : "vectorRank";
        const hits = await app.store.retrieval.search({
          scope, spaceId: space.id, text: q.question, ...(subject && { subject }), ...(ranking === "vector" && { vector: await embedder!.embedQuery(q.question) }), k: 40, candidates: config.answers.candidates, vectorWeight: ranking === "vector" ? 1 : 0,
        });
        order = hits.filter((h) => h[listed] !== undefined).sort((a, b) => a[listed]! - b[listed]!);
      }
      const chunks = new Map((await app.store.knowledge.getChunks(scope, order.map((h) => h.chunkId))).map((c) => [c.id, c]));
      sources = order.slice(0, 10).flatMap((h) => {
        const c = chunks.get(h.chunkId);
        return c ? [{ file: c.fileName, section: c.context?.split(" › ").at(-1) ?? "", n: 0 }] : [];
      }).map((x, i) => ({ ...x, n: i + 1 }));
    }
    lines.push(JSON.stringify({
      id: q.id, refused: result?.kind === "refusal",
      sources,
      ...(result && result.kind !== "refusal" && { answer: result.text }), evidence, ...(candidates && { candidates }),
    }));
  }
  writeFileSync(values.out, `${lines.join("\n")}\n`);
  const sorted = [...latencies].sort((a, b) => a - b);
  process.stderr.write(`Wrote ${values.out}: answer latency p50 ${sorted[Math.floor(sorted.length / 2)]} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]} ms\n`);
} finally {
  await app.close();
}
