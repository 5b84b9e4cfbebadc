import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { answerBlocks, answerQuestion, ingestFile, reviewDocument, RoundsError, type RoundsConfig } from "@rounds/core";
import { createApp } from "../app/create-app.ts";
import { localOperator } from "./local-operator.ts";
import { out } from "./output.ts";
import { progressLine } from "./progress-line.ts";
import { renderBlocks } from "./render.ts";
import { waitForJobs } from "./wait-for-jobs.ts";
import { ensureWorkspace } from "./workspace.ts";

export const demoCorpus = fileURLToPath(new URL("../../demo/corpus/", import.meta.url));

export const demoQuestions = [
  "What blood pressure should make us pause a ketamine infusion?",
  "How long must a patient be observed after esketamine nasal spray?",
  "Should patients take their benzodiazepine before an infusion?",
  "What is the recommended treatment for a broken ankle?",
];


/**
 * The main job on the embedded default, end to end: a clinic and a
 * ketamine-assisted-therapy knowledge base, the demo corpus ingested
 * (parse, relevance check), the relevant documents approved and indexed,
 * then questions answered with citations, and one honest refusal.
 * No servers, no model downloads; safe to run again (nothing is stored twice).
 */
export async function runDemo(config: RoundsConfig, options: { questions?: string[]; corpus?: string } = {}): Promise<void> {
  const started = Date.now();
  const app = await createApp(config, { migrate: true });
  try {
    const { organization, project } = await ensureWorkspace(app, {
      org: "demo-clinic", project: "kat", domain: "ketamine-assisted therapy",
    });
    const actor = await localOperator(app, organization.id);
    // The demo's session transcripts are synthetic teaching material, not a patient's: the demo project says so.
    await app.store.tenancy.updateProjectPolicy(organization.id, project.id, { sharedTranscripts: true });
    await app.jobs.startWorker({ concurrency: 2 });
    out(`Rounds demo: data in ${config.dataDir} (${app.store.kind}, ${app.jobs.kind} job queue, embedder ${config.models.embedder}, ${config.models.answer ? `answers by ${config.models.answer}` : "extractive answers"})`);

    const corpus = options.corpus ?? demoCorpus;
    const files = (await readdir(corpus)).filter((f) => !f.startsWith(".")).sort();
    out(`\n1. Ingesting ${files.length} files from ${corpus}`);
    for (const file of files) {
      try {
        const r = await ingestFile(app, { actor, projectId: project.id, fileName: file, bytes: new Uint8Array(await readFile(join(corpus, file))), sourceChannel: "cli" });
        out(`   ${r.deduplicated ? "already stored" : "accepted     "}  ${basename(file)}`);
      } catch (e) {
        out(`   refused        ${basename(file)}: ${e instanceof RoundsError ? e.message : String(e)}`);
      }
    }
    const processing = progressLine();
    await waitForJobs(app, (left) => processing.show("processing", files.length ? 1 - Math.min(left, files.length) / files.length : 1));
    processing.done();

    const scope = { organizationId: organization.id, projectId: project.id };
    const docs = await app.store.knowledge.listDocuments(scope, { limit: 500 });
    out("\n2. Relevance to \"ketamine-assisted therapy\" (offline classifier)");
    for (const d of docs.sort((a, b) => a.fileName.localeCompare(b.fileName))) {
      out(`   ${d.status.padEnd(10)} ${(d.classifierScore ?? 0).toFixed(2)}  ${d.fileName}${d.failureReason ? ` (${d.failureReason})` : ""}`);
    }
    const pending = docs.filter((d) => d.status === "pending");
    if (pending.length) {
      out(`\n3. Approving ${pending.length} relevant document(s) as the admin, then chunking, embedding and indexing`);
      for (const d of pending) await reviewDocument(app, { actor, projectId: project.id, documentId: d.id, action: "approve" });
      const indexing = progressLine();
      await waitForJobs(app, (left) => indexing.show("indexing", 1 - Math.min(left, pending.length) / pending.length));
      indexing.done();
    } else {
      out("\n3. Nothing new to approve");
    }
    const indexed = (await app.store.knowledge.listDocuments(scope, { status: "approved", limit: 500 })).filter((d) => d.indexState === "indexed");
    out(`   ${indexed.length} document(s) indexed`);

    out("\n4. Questions");
    for (const question of options.questions ?? demoQuestions) {
      const result = await answerQuestion(app, { actor, projectId: project.id, question, visibility: "private", channel: "cli" });
      out(`\nQ: ${question}\n${renderBlocks(answerBlocks(result).filter((b) => b.type !== "actions"))}\n   (${result.kind}, ${result.latencyMs} ms, answer id ${result.answerId})`);
    }
    out(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Try: npx rounds ask --data-dir ${config.dataDir} "What are the contraindications?"`);
  } finally {
    await app.close();
  }
}
