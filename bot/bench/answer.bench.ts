/**
 * `POST /v1/ask` end to end, as users get it, on the embedded default and
 * (with BENCH_DATABASE_URL or TEST_DATABASE_URL) on PostgreSQL: HTTP request
 * with an API key (auth, rate limit, JSON), query rewrite, embedding, hybrid
 * retrieval, passage loading, answer selection, refusal check, storing the
 * answer. Two answer paths: the extractive default, and a scripted language
 * model that replies instantly (so everything except model generation is
 * measured). The knowledge base is the demo corpus plus synthetic guidance
 * documents up to BENCH_ASK_CHUNKS chunks (default 10,000), ingested through
 * the real pipeline. Reports where the time goes: retrieval (server), the rest
 * of the use case, and HTTP.
 * Target: p95 <= 60 ms on the embedded tier at 10k chunks (all but generation).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { createApiKey, ingestFile, reviewDocument, silentLogger } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { freshDatabase } from "@rounds/db/testing";
import { FakeLanguageModel } from "@rounds/core/testing";
import type { BenchResult } from "../../bench/run.ts";
import { paragraph, rng } from "../../bench/synthetic-text.ts";
import { createApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";

const questions = (JSON.parse(readFileSync(new URL("../test/fixtures/retrieval-questions.json", import.meta.url), "utf8")) as Array<{ q: string }>).map((x) => x.q);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const SECTIONS_PER_DOC = 50;

/** A synthetic guidance document: headed sections of about 120 words, one chunk each. */
function syntheticDoc(seed: number): string {
  const random = rng(seed);
  return [`# Synthetic guidance ${seed}`, ...Array.from({ length: SECTIONS_PER_DOC }, (_, i) => `## Section ${i + 1}\n\n${paragraph(random, 7)}`)].join("\n\n");
}

/** One knowledge base (in `dataDir` or at `databaseUrl`) serves both answer paths: the second run finds the documents already indexed. */
async function measure(tier: "embedded" | "postgres", databaseUrl: string | undefined, targetChunks: number, scripted: boolean, dataDir: string): Promise<BenchResult[]> {
  const model = new FakeLanguageModel("Observe patients for 60 minutes after the infusion [1].");
  const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { dataDir, log: { level: "silent" }, ...(databaseUrl && { database: { url: databaseUrl } }), ...(scripted && { models: { answer: "scripted" } }), limits: { questionsPerHourUser: 1_000_000, questionsPerHourOrganization: 1_000_000 } } });
  const app = await createApp(config, {
    migrate: true, logger: silentLogger(),
    plugins: [{ name: "bench-model", version: "0", manifest: { displayName: "Instant model", contributes: { languageModels: [{ id: "scripted" }] } }, module: { activate: (ctx) => ctx.register("languageModels", "scripted", model) } }],
  });
  const api = await createApiServer(app);
  try {
    const ws = await ensureWorkspace(app, { org: "bench", project: "kat", domain: "ketamine-assisted therapy" });
    const actor = await localOperator(app, ws.organization.id);
    const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
    // The demo corpus's session transcripts are synthetic teaching material.
    await app.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { sharedTranscripts: true });
    await app.jobs.startWorker({ concurrency: 2 });
    const files: Array<[string, Uint8Array]> = readdirSync(demoCorpus).map((f) => [f, new Uint8Array(readFileSync(join(demoCorpus, f)))]);
    for (let d = 0; d < Math.ceil(targetChunks / SECTIONS_PER_DOC); d++) files.push([`synthetic-${d}.md`, new TextEncoder().encode(syntheticDoc(d + 1))]);
    const stored = new Set((await app.store.knowledge.listDocuments(scope, { limit: 100_000 })).map((d) => d.fileName));
    for (const [name, bytes] of files) if (!stored.has(name)) await ingestFile(app, { actor, projectId: ws.project.id, fileName: name, bytes });
    await waitForJobs(app);
    for (const d of await app.store.knowledge.listDocuments(scope, { limit: 100_000 })) {
      if (d.status !== "approved") await reviewDocument(app, { actor, projectId: ws.project.id, documentId: d.id, action: "approve" });
    }
    await waitForJobs(app);
    const key = (await createApiKey(app, undefined, { organizationId: ws.organization.id, role: "clinician", name: "bench" })).key;
    const total: number[] = []; const server: number[] = []; const retrieval: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (const question of questions) {
        const t = performance.now();
        const res = await api.inject({ method: "POST", url: "/v1/ask", headers: { authorization: `Bearer ${key}` }, payload: { projectId: ws.project.id, question } });
        const ms = performance.now() - t;
        if (res.statusCode !== 200) throw new Error(`POST /v1/ask answered ${res.statusCode}`);
        const body = res.json() as { latencyMs: number; retrievalMs: number; generationMs: number | null };
        if (round === 0) continue; // warm-up
        total.push(ms); server.push(body.latencyMs - (body.generationMs ?? 0)); retrieval.push(body.retrievalMs);
      }
    }
    const counted = await app.database.db.execute(sql`select count(*)::int as n from chunks where project_id = ${ws.project.id}::uuid and deleted_at is null`);
    const chunks = Number((Array.isArray(counted) ? counted : (counted as { rows: Array<{ n: number }> }).rows)[0]?.n ?? 0);
    const suite = `POST /v1/ask (${tier}, ${scripted ? "instant model" : "extractive"}, ${files.length} documents)`;
    const p95 = percentile(total, 95);
    const target = tier === "embedded" ? 60 : 100;
    return [
      { suite, name: "knowledge base chunks", value: chunks, unit: "chunks" },
      { suite, name: "end to end p50 (all but generation)", value: percentile(total, 50), unit: "ms" },
      { suite, name: "end to end p95 (all but generation)", value: p95, unit: "ms", target: `<= ${target}`, passed: p95 <= target, notes: `target set for ${tier === "embedded" ? "10k" : "100k"} chunks` },
      { suite, name: "of which retrieval p50 (server)", value: percentile(retrieval, 50), unit: "ms" },
      { suite, name: "of which answer use case p50 (server, incl. retrieval)", value: percentile(server, 50), unit: "ms" },
      { suite, name: "of which HTTP, auth, rate limit p50", value: Math.max(0, percentile(total, 50) - percentile(server, 50)), unit: "ms" },
    ];
  } finally {
    await api.close();
    await app.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  // Configuration for benches is read here, the bench's entry point, like a CLI reads its flags.
  const env = process.env;
  const chunks = Number(env.BENCH_ASK_CHUNKS ?? 10_000);
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-bench-ask-"));
  try {
    const out = [...await measure("embedded", undefined, chunks, false, dataDir), ...await measure("embedded", undefined, chunks, true, dataDir)];
    const pg = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
    if (pg) out.push(...await measure("postgres", await freshDatabase(pg), Number(env.BENCH_ASK_CHUNKS_PG ?? 100_000), true, dataDir));
    return out;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
