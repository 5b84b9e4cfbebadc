/**
 * Answer overhead: everything in answering except model generation (query
 * rewrite, embedding, hybrid retrieval, passage loading, prompt building,
 * citation checks, storing the answer) on the embedded default with the demo
 * corpus, using a scripted model that replies instantly. Also the extractive
 * default end to end. Target: p95 <= 100 ms.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerQuestion, ingestFile, loadConfig, reviewDocument, silentLogger } from "@rounds/core";
import { FakeLanguageModel } from "@rounds/core/testing";
import type { BenchResult } from "../../bench/run.ts";
import { createApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";

const questions = (JSON.parse(readFileSync(new URL("../test/fixtures/retrieval-questions.json", import.meta.url), "utf8")) as Array<{ q: string }>).map((x) => x.q);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export default async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-bench-answer-"));
  const model = new FakeLanguageModel("Observe patients for 60 minutes after the infusion [1].");
  const config = loadConfig({ env: {}, cwd: tmpdir(), overrides: { dataDir, log: { level: "silent" }, models: { answer: "scripted" } } });
  const app = await createApp(config, {
    migrate: true, logger: silentLogger(),
    plugins: [{ name: "bench-model", version: "0", manifest: { displayName: "Instant model", contributes: { languageModels: [{ id: "scripted" }] } }, module: { activate: (ctx) => ctx.register("languageModels", "scripted", model) } }],
  });
  try {
    const ws = await ensureWorkspace(app, { org: "bench", project: "kat", domain: "ketamine-assisted therapy" });
    const actor = await localOperator(app, ws.organization.id);
    // The demo corpus's session transcripts are synthetic teaching material.
    await app.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { sharedTranscripts: true });
    await app.jobs.startWorker({ concurrency: 2 });
    for (const f of readdirSync(demoCorpus)) await ingestFile(app, { actor, projectId: ws.project.id, fileName: f, bytes: new Uint8Array(readFileSync(join(demoCorpus, f))) });
    await waitForJobs(app);
    for (const d of await app.store.knowledge.listDocuments({ organizationId: ws.organization.id, projectId: ws.project.id })) {
      if (d.status === "pending") await reviewDocument(app, { actor, projectId: ws.project.id, documentId: d.id, action: "approve" });
    }
    await waitForJobs(app);
    const timings: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const question of questions) {
        const t = performance.now();
        await answerQuestion(app, { actor, projectId: ws.project.id, question, visibility: "private" });
        if (round > 0) timings.push(performance.now() - t);
      }
    }
    const p95 = percentile(timings, 95);
    return [
      { suite: "answers (embedded)", name: "overhead p50 (all but generation)", value: percentile(timings, 50), unit: "ms" },
      { suite: "answers (embedded)", name: "overhead p95 (all but generation)", value: p95, unit: "ms", target: "<= 100", passed: p95 <= 100 },
    ];
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
