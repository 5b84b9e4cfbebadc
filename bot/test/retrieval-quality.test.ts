// Retrieval quality of the offline default on the demo corpus: 37 questions
// with the passage that answers each. The default ranks by BM25 alone in SQL
// (the hash-ngram embedder's fusion weight is 0: fusing its vectors lowered
// section MRR on every paraphrased MedQuAD set, docs/quality/answers.md,
// answer18 round). Recall@5 and MRR of the default are asserted; the
// vectors fused at their old weight (0.5) are printed beside it, not asserted.
import { readFileSync, readdirSync } from "node:fs";
import { type Actor, answerQuestion, ingestFile, reviewDocument, servingSpace } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

interface Question { q: string; file: string; phrase: string }
const questions = JSON.parse(readFileSync(new URL("./fixtures/retrieval-questions.json", import.meta.url), "utf8")) as Question[];

let app: RoundsApp;
let actor: Actor;
let scope: { organizationId: string; projectId: string };

beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-quality-${process.pid}` });
  const ws = await ensureWorkspace(app, { org: "q", project: "kat", domain: "ketamine-assisted therapy" });
  actor = await localOperator(app, ws.organization.id);
  scope = { organizationId: ws.organization.id, projectId: ws.project.id };
  // The demo corpus's session transcripts are synthetic teaching material.
  await app.store.tenancy.updateProjectPolicy(scope.organizationId, scope.projectId, { sharedTranscripts: true });
  for (const file of readdirSync(demoCorpus)) {
    await ingestFile(app, { actor, projectId: scope.projectId, fileName: file, bytes: new Uint8Array(readFileSync(`${demoCorpus}/${file}`)) });
  }
  await waitForJobs(app);
  for (const d of await app.store.knowledge.listDocuments(scope)) {
    if (d.status === "pending" || d.status === "irrelevant") await reviewDocument(app, { actor, projectId: scope.projectId, documentId: d.id, action: "approve" });
  }
  await waitForJobs(app);
}, 600_000);
afterAll(async () => {
  await app?.close();
  await cleanupTargets();
});

/** 1-based rank of the first passage from the right document that contains the answer, per ranking. */
async function ranks(question: Question) {
  const { space, embedder } = await servingSpace(app);
  const vector = await embedder!.embedQuery(question.q);
  const search = (vectorWeight: number) => app.store.retrieval.search({ scope, spaceId: space.id, text: question.q, vector, k: 60, candidates: 60, vectorWeight });
  const hits = await search(embedder!.fusionWeight ?? 1);
  const fused = await search(0.5);
  const chunks = new Map((await app.store.knowledge.getChunks(scope, [...new Set([...hits, ...fused].map((h) => h.chunkId))])).map((c) => [c.id, c]));
  const relevant = (chunkId: string) => {
    const c = chunks.get(chunkId);
    return !!c && c.fileName === question.file && c.text.toLowerCase().includes(question.phrase.toLowerCase());
  };
  const rankIn = (order: string[]) => {
    const i = order.findIndex(relevant);
    return i === -1 ? Infinity : i + 1;
  };
  return { default: rankIn(hits.map((h) => h.chunkId)), fused: rankIn(fused.map((h) => h.chunkId)), vector: rankIn(fused.filter((h) => h.vectorRank !== undefined).sort((a, b) => a.vectorRank! - b.vectorRank!).map((h) => h.chunkId)) };
}

describe("retrieval quality (offline default, demo corpus)", () => {
  it("recall@5 >= 0.9 and MRR >= 0.7 for the default ranking", async () => {
    expect(questions.length).toBeGreaterThanOrEqual(30);
    const all = await Promise.all(questions.map(ranks));
    const metrics = (key: "default" | "fused" | "vector") => ({
      recallAt5: all.filter((r) => r[key] <= 5).length / all.length,
      mrr: all.reduce((s, r) => s + (Number.isFinite(r[key]) ? 1 / r[key] : 0), 0) / all.length,
    });
    const table = { default: metrics("default"), fused: metrics("fused"), vector: metrics("vector") };
    console.table(table);
    const misses = questions.filter((_, i) => all[i]!.default > 5).map((q) => q.q);
    if (misses.length) console.log("default misses at 5:", misses);
    expect(table.default.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(table.default.mrr).toBeGreaterThanOrEqual(0.7);
  }, 600_000);
});

describe("answer or refuse (offline default, demo corpus)", () => {
  const offTopic = [
    "What is the recommended treatment for a broken ankle?",
    "How do I reset my email password?",
    "What is the capital of France?",
    "Which antibiotics treat community-acquired pneumonia?",
    "When is the staff holiday party?",
    "How do you bake sourdough bread?",
    "What is the dose of insulin for type 1 diabetes?",
    "Who won the football match yesterday?",
  ];
  it("answers at least 90% of in-scope questions, citing the right passage, and refuses every off-topic one", async () => {
    let answered = 0;
    let cited = 0;
    for (const q of questions) {
      const r = await answerQuestion(app, { actor, projectId: scope.projectId, question: q.q, visibility: "private" });
      if (r.kind !== "extractive") {
        console.log("refused in-scope:", q.q, r.refusalReason);
        continue;
      }
      answered++;
      if (r.sources.some((s) => s.text.toLowerCase().includes(q.phrase.toLowerCase()))) cited++;
    }
    const refused: string[] = [];
    for (const q of offTopic) {
      const r = await answerQuestion(app, { actor, projectId: scope.projectId, question: q, visibility: "private" });
      if (r.kind === "refusal") refused.push(q);
    }
    console.log(`answered ${answered}/${questions.length}, cited the answering passage in ${cited}; refused ${refused.length}/${offTopic.length} off-topic`);
    expect(answered / questions.length).toBeGreaterThanOrEqual(0.9);
    expect(cited / questions.length).toBeGreaterThanOrEqual(0.85);
    expect(refused).toEqual(offTopic);
  }, 600_000);
});
