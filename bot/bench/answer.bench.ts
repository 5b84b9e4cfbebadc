/**
 * `POST /v1/ask` end to end, as users get it: the HTTP API listening on a
 * loopback port, called over a kept-alive connection with an API key (auth,
 * rate limit, JSON), query rewrite, embedding, hybrid retrieval, passage
 * loading, answer selection, refusal check, storing the answer. Embedded tier
 * (file-backed PGlite in a data folder) at BENCH_ASK_CHUNKS chunks (default
 * 10,000) and, with BENCH_DATABASE_URL or TEST_DATABASE_URL, PostgreSQL at
 * BENCH_ASK_CHUNKS_PG (default 100,000). Two answer paths on the embedded
 * tier: the extractive default, and a scripted language model that replies
 * instantly (so everything except model generation is measured).
 *
 * The knowledge base: the demo corpus ingested through the real pipeline,
 * plus synthetic guidance documents (50 headed sections each; every tenth
 * with long sections, about 280 words, an abstract's length) stored in bulk
 * through the same repository calls the index job makes (replaceChunks,
 * BM25 weights, embeddings from the configured embedder), with the HNSW
 * indexes built after the load; the planner statistics are the store's own
 * (no ANALYZE by the bench). Questions: the demo corpus's retrieval
 * questions plus generated questions in the synthetic vocabulary, every one
 * distinct, each asked once after a warm-up round; then long clinical-style
 * questions (`clinicalQuestion`), reported on rows of their own.
 *
 * Where the time goes: every repository call and the query embedding are
 * timed around the real objects (mean per request); the rest is the use
 * case's own work (ranking, sentence selection, refusal check) plus HTTP and
 * JSON. On the embedded tier everything runs in this one process, so CPU time
 * per request is also reported: it is what a request costs on an idle core,
 * whatever else the machine runs (the wall-clock figures include waiting for a
 * core on a busy machine). Targets (issue 17): p95 <= 60 ms embedded at 10k
 * chunks, <= 100 ms on PostgreSQL at 100k chunks, all but generation.
 *
 * Environment: BENCH_ASK_CHUNKS, BENCH_ASK_CHUNKS_PG, BENCH_ASK_QUESTIONS
 * (default 200), BENCH_ASK_LONG_QUESTIONS (default 50: long clinical-style
 * questions, reported on their own rows), BENCH_ASK_TIERS (embedded | postgres), and, to seed once and
 * measure many times, BENCH_ASK_DATA_DIR (an embedded data folder kept between
 * runs) and BENCH_ASK_PG_URL (an existing PostgreSQL database). With
 * BENCH_REDIS_URL or TEST_REDIS_URL the PostgreSQL run is the server tier's
 * set-up: question rates counted in Redis, jobs on BullMQ. BENCH_ASK_EMBEDDER=use
 * answers with the Universal Sentence Encoder plugin instead of the hashed
 * default (give it a BENCH_ASK_DATA_DIR of its own: a knowledge base seeded with
 * another embedder would first be back-filled).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { configuredSpace, createApiKey, ingestFile, reviewDocument, silentLogger } from "@rounds/core";
import { documents, spaceIndexName } from "@rounds/db";
import { freshDatabase } from "@rounds/db/testing";
import { FakeLanguageModel } from "@rounds/core/testing";
import type { BenchResult } from "../../bench/run.ts";
import { percentile } from "../../bench/stats.ts";
import { clinicalQuestion, paragraph, question, rng } from "../../bench/synthetic-text.ts";
import { createApp, type RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { startServer } from "../src/server/start-server.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";

const demoQuestions = (JSON.parse(readFileSync(new URL("../test/fixtures/retrieval-questions.json", import.meta.url), "utf8")) as Array<{ q: string }>).map((x) => x.q);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const SECTIONS_PER_DOC = 50;
/** Every tenth synthetic document has long sections (about 280 words, an abstract's length) instead of 7 sentences. */
const LONG_EVERY = 10;
const LONG_SENTENCES = 20;
/** Embedders BENCH_ASK_EMBEDDER may name, with the plugin that contributes each (the default, hash-ngram, needs none). */
const optionalEmbedders: Record<string, string> = { use: "@rounds/plugin-embedder-use" };

/** Times every call of every repository method and the query embedder; `take()` returns and resets the per-request sums. */
function instrument(app: RoundsApp): { take(): Map<string, { ms: number; cpu: number }> } {
  let current = new Map<string, { ms: number; cpu: number }>();
  const add = (name: string, ms: number, cpu: NodeJS.CpuUsage) => {
    const e = current.get(name) ?? { ms: 0, cpu: 0 };
    current.set(name, { ms: e.ms + ms, cpu: e.cpu + (cpu.user + cpu.system) / 1000 });
  };
  const wrap = (target: Record<string, unknown>, key: string, name: string) => {
    const fn = target[key] as (...args: unknown[]) => unknown;
    target[key] = (...args: unknown[]) => {
      const t = performance.now();
      const c = process.cpuUsage();
      const out = fn.apply(target, args);
      if (out instanceof Promise) return out.finally(() => add(name, performance.now() - t, process.cpuUsage(c)));
      add(name, performance.now() - t, process.cpuUsage(c));
      return out;
    };
  };
  const store = app.store as unknown as Record<string, Record<string, unknown>>;
  for (const [repo, methods] of Object.entries(store)) {
    if (!methods || typeof methods !== "object") continue;
    for (const key of Object.keys(methods)) if (typeof methods[key] === "function") wrap(methods, key, `${repo}.${key}`);
  }
  return { take: () => { const out = current; current = new Map(); return out; } };
}

/**
 * CPU seconds used so far by this database's server processes, when PostgreSQL runs on this
 * machine and /proc shows them (Linux); undefined otherwise. Clock ticks of 10 ms: means only.
 */
async function databaseCpuSeconds(app: RoundsApp): Promise<number | undefined> {
  const result = await app.database.db.execute(sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`);
  let ticks = 0;
  for (const { pid } of (Array.isArray(result) ? result : (result as { rows: Array<{ pid: number }> }).rows) as Array<{ pid: number }>) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      return undefined;
    }
  }
  return ticks / 100;
}

/** Synthetic documents straight into the store: the repository calls the index job makes, without parsing or the queue. */
async function seedSynthetic(app: RoundsApp, scope: { organizationId: string; projectId: string }, targetChunks: number): Promise<void> {
  const present = await app.database.db.execute(sql`select count(*)::int as n from chunks where project_id = ${scope.projectId}::uuid and deleted_at is null`);
  const have = Number((Array.isArray(present) ? present : (present as { rows: Array<{ n: number }> }).rows)[0]?.n ?? 0);
  const docs = Math.ceil(Math.max(0, targetChunks - have) / SECTIONS_PER_DOC);
  if (docs === 0) return;
  const { embedder, space } = await configuredSpace(app);
  // Bulk load first, build the HNSW indexes after (much faster than maintaining them row by row).
  await app.database.exec(`drop index if exists ${spaceIndexName(space.id)}; drop index if exists chunks_lexical_hnsw`);
  const started = performance.now();
  for (let d = 0; d < docs; d++) {
    const random = rng(d + 1);
    const title = `Synthetic guidance ${d + 1}`;
    const [doc] = await app.database.db.insert(documents).values({
      ...scope, kind: "document", title, fileName: `synthetic-${d + 1}.md`, mediaType: "text/markdown", sizeBytes: 1,
      contentHash: `synthetic-${d + 1}-${scope.projectId}`, blobKey: `bench/synthetic-${d + 1}`, status: "approved", indexState: "indexed",
    }).returning();
    const pieces = Array.from({ length: SECTIONS_PER_DOC }, (_, i) => {
      const text = paragraph(random, (d + 1) % LONG_EVERY === 0 ? LONG_SENTENCES : 7);
      return { position: i, text, tokenCount: Math.round(text.split(" ").length * 1.3), headings: [`Section ${i + 1}`], context: `${title} › Section ${i + 1}` };
    });
    const stored = await app.store.knowledge.replaceChunks(scope, doc!.id, pieces);
    const vectors = await embedder.embedDocuments(stored.map((c) => `${c.context ?? ""}\n${c.text}`));
    await app.store.retrieval.upsert(space.id, stored.map((c, j) => ({ chunkId: c.id, documentId: doc!.id, ...scope, patientId: null, text: c.text, vector: vectors[j]! })));
    if ((d + 1) % 20 === 0 || d + 1 === docs) process.stderr.write(`\r  seeded ${(d + 1) * SECTIONS_PER_DOC} synthetic chunks in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const build = performance.now();
  await app.database.exec("set maintenance_work_mem = '512MB'; create index if not exists chunks_lexical_hnsw on chunks using hnsw (lexical sparsevec_ip_ops)");
  await app.store.knowledge.ensureSpace(embedder.modelId, embedder.dimensions);
  // No ANALYZE here: the store keeps the embedded tier's statistics itself as chunks are written (drizzle/src/table-statistics.ts), as ingestion does.
  process.stderr.write(`\n  HNSW indexes built in ${((performance.now() - build) / 1000).toFixed(1)} s\n`);
}

/** One knowledge base (in `dataDir` or at `databaseUrl`) serves both answer paths: the second run finds it already seeded. */
async function measure(tier: "embedded" | "postgres", databaseUrl: string | undefined, targetChunks: number, scripted: boolean, dataDir: string, questionCount: number, redisUrl?: string, embedder?: string, longQuestionCount = 50): Promise<BenchResult[]> {
  const embedderPlugin = embedder ? optionalEmbedders[embedder] : undefined;
  if (embedder && !embedderPlugin) throw new Error(`BENCH_ASK_EMBEDDER is one of ${Object.keys(optionalEmbedders).join(", ")}`);
  const model = new FakeLanguageModel("Observe patients for 60 minutes after the infusion [1].");
  const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { dataDir, api: { host: "127.0.0.1", port: 0 }, log: { level: "silent" }, ...(databaseUrl && { database: { url: databaseUrl } }),
    // The server tier counts question rates in Redis and runs jobs on BullMQ (when Redis is given).
    ...(redisUrl && { queue: { redisUrl, prefix: `bench-ask-${process.pid}` } }), ...((scripted || embedder) && { models: { ...(scripted && { answer: "scripted" }), ...(embedder && { embedder }) } }),
    ...(embedderPlugin && { plugins: [...defaultPlugins, embedderPlugin] }), limits: { questionsPerHourUser: 1_000_000, questionsPerHourOrganization: 1_000_000 } } });
  const app = await createApp(config, {
    migrate: true, logger: silentLogger(),
    plugins: [{ name: "bench-model", version: "0", manifest: { displayName: "Instant model", contributes: { languageModels: [{ id: "scripted" }] } }, module: { activate: (ctx) => ctx.register("languageModels", "scripted", model) } }],
  });
  let running: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const ws = await ensureWorkspace(app, { org: "bench", project: "kat", domain: "ketamine-assisted therapy" });
    const actor = await localOperator(app, ws.organization.id);
    const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
    // The demo corpus's session transcripts are synthetic teaching material.
    await app.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { sharedTranscripts: true });
    const stored = new Set((await app.store.knowledge.listDocuments(scope, { limit: 100_000 })).map((d) => d.fileName));
    const demo = readdirSync(demoCorpus).filter((f) => !stored.has(f));
    if (demo.length) {
      await app.jobs.startWorker({ concurrency: 2 });
      for (const name of demo) await ingestFile(app, { actor, projectId: ws.project.id, fileName: name, bytes: new Uint8Array(readFileSync(join(demoCorpus, name))) });
      await waitForJobs(app);
      for (const d of await app.store.knowledge.listDocuments(scope, { limit: 100_000 })) {
        if (d.status !== "approved") await reviewDocument(app, { actor, projectId: ws.project.id, documentId: d.id, action: "approve" });
      }
      await waitForJobs(app);
    }
    await seedSynthetic(app, scope, targetChunks);
    const key = (await createApiKey(app, undefined, { organizationId: ws.organization.id, role: "clinician", name: `bench-${scripted ? "model" : "extractive"}` })).key;
    const counted = await app.database.db.execute(sql`select count(*)::int as n from chunks where project_id = ${ws.project.id}::uuid and deleted_at is null`);
    const chunks = Number((Array.isArray(counted) ? counted : (counted as { rows: Array<{ n: number }> }).rows)[0]?.n ?? 0);
    const documentCount = (await app.store.knowledge.listDocuments(scope, { limit: 100_000 })).length;

    // What `rounds serve` runs: the API on a port, with the worker in this process (no chat channels configured).
    running = await startServer(app, { channels: false });
    const url = `${running.url}/v1/ask`;
    const random = rng(scripted ? 7 : 3);
    const asked = new Set<string>();
    const questions = [...demoQuestions];
    while (questions.length < questionCount) {
      const q = question(random);
      if (!asked.has(q)) { asked.add(q); questions.push(q); }
    }
    const timing = instrument(app);
    const ask = async (q: string) => {
      const t = performance.now();
      const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ projectId: ws.project.id, question: q }) });
      const body = await res.json() as { latencyMs: number; retrievalMs: number; generationMs: number | null; kind: string };
      if (res.status !== 200) throw new Error(`POST /v1/ask answered ${res.status}`);
      return { ms: performance.now() - t, body };
    };
    // Warm-up: other questions than the measured ones (plans, caches and the JIT, not answers).
    for (let i = 0; i < 20; i++) await ask(question(rng(1000 + i)));
    for (let i = 0; i < 5; i++) await ask(clinicalQuestion(rng(2000 + i)));
    timing.take();
    /** Asks each question once; wall and CPU time per request, and where the time went (mean per request). */
    const askAll = async (list: string[]) => {
      const total: number[] = []; const server: number[] = []; const retrieval: number[] = [];
      const parts = new Map<string, Array<{ ms: number; cpu: number }>>();
      let refused = 0;
      const cpuPerRequest: number[] = [];
      for (const q of list) {
        const before = process.cpuUsage();
        const { ms, body } = await ask(q);
        const used = process.cpuUsage(before);
        cpuPerRequest.push((used.user + used.system) / 1000);
        total.push(ms); server.push(body.latencyMs - (body.generationMs ?? 0)); retrieval.push(body.retrievalMs);
        if (body.kind === "refusal") refused++;
        let accounted = 0; let accountedCpu = 0;
        for (const [name, part] of timing.take()) {
          if (name.startsWith("jobs.") || name.startsWith("training.claimDueSchedules")) continue; // the in-process worker polling, not this request
          parts.set(name, [...(parts.get(name) ?? []), part]);
          accounted += part.ms; accountedCpu += part.cpu;
        }
        const rest = "rest: query analysis, ranking, sentence selection, HTTP, JSON";
        parts.set(rest, [...(parts.get(rest) ?? []), { ms: ms - accounted, cpu: cpuPerRequest.at(-1)! - accountedCpu }]);
      }
      const breakdown = [...parts.entries()].map(([name, xs]) => ({ name, ms: xs.reduce((a, b) => a + b.ms, 0) / list.length, cpu: xs.reduce((a, b) => a + b.cpu, 0) / list.length })).sort((a, b) => b.cpu - a.cpu);
      return { total, server, retrieval, refused, cpuPerRequest, breakdown };
    };
    const cpuStart = process.cpuUsage();
    const dbCpuStart = tier === "postgres" ? await databaseCpuSeconds(app) : undefined;
    const loadStart = loadavg()[0]!;
    const { total, server, retrieval, refused, cpuPerRequest, breakdown } = await askAll(questions);
    const cpu = process.cpuUsage(cpuStart);
    const dbCpuEnd = dbCpuStart === undefined ? undefined : await databaseCpuSeconds(app);
    const load = (loadStart + loadavg()[0]!) / 2;
    const suite = `POST /v1/ask (${tier}${redisUrl ? " + Redis" : ""}, ${scripted ? "instant model" : "extractive"}, ${Math.round(chunks / 1000)}k chunks${embedder ? `, embedder ${embedder}` : ""})`;
    const p95 = percentile(total, 95);
    const target = tier === "embedded" ? 60 : 100;
    const onTarget = tier === "embedded" ? chunks >= 10_000 : chunks >= 100_000;
    // Long clinical-style questions (30 to 50 words, a case described before what is asked), measured on their own after the others.
    const longRandom = rng(scripted ? 17 : 13);
    const longQuestions = Array.from({ length: longQuestionCount }, () => clinicalQuestion(longRandom));
    const long = longQuestions.length ? await askAll(longQuestions) : undefined;
    const longName = "long questions (30-50 words)";
    return [
      { suite, name: "machine load average (1 min) while measuring", value: load, unit: "", notes: `${cpus().length} cores, shared with other work` },
      { suite, name: "knowledge base", value: chunks, unit: "chunks", notes: `${documentCount} documents` },
      { suite, name: "questions (distinct, after 20 warm-up)", value: questions.length, unit: "", notes: `${refused} refused` },
      { suite, name: "end to end p50 (all but generation)", value: percentile(total, 50), unit: "ms" },
      { suite, name: "end to end p95 (all but generation)", value: p95, unit: "ms", ...(onTarget && { target: `<= ${target}`, passed: p95 <= target }), notes: `target set for ${tier === "embedded" ? "10k" : "100k"} chunks` },
      // Embedded: API, use case and PGlite all run in this one process, so its CPU time per request is what the request
      // costs on an idle core, whatever else the machine is doing (the wall-clock figures above include waiting for a core).
      ...(tier === "embedded" ? [
        { suite, name: "CPU time per request p50 (API + use case + PGlite, one process)", value: percentile(cpuPerRequest, 50), unit: "ms" },
        { suite, name: "CPU time per request p95", value: percentile(cpuPerRequest, 95), unit: "ms", notes: `process CPU over the whole run: ${((cpu.user + cpu.system) / 1000 / questions.length).toFixed(1)} ms per request incl. worker polling` },
      ] : []),
      ...(dbCpuStart !== undefined && dbCpuEnd !== undefined ? [
        { suite, name: "CPU time per request, mean (this process + the database's server processes)", value: ((cpu.user + cpu.system) / 1000 + (dbCpuEnd - dbCpuStart) * 1000) / questions.length, unit: "ms", notes: `of which PostgreSQL ${((dbCpuEnd - dbCpuStart) * 1000 / questions.length).toFixed(1)} ms` },
      ] : []),
      { suite, name: "server-side answer p50 (all but generation and the answer write)", value: percentile(server, 50), unit: "ms" },
      { suite, name: "server-side retrieval p50 (embed, search, load passages)", value: percentile(retrieval, 50), unit: "ms" },
      ...breakdown.map((b) => ({ suite, name: `mean per request: ${b.name}`, value: b.ms, unit: "ms", notes: `CPU ${b.cpu.toFixed(1)} ms${tier === "postgres" ? " in this process (the database's own CPU is in its server)" : ""}` })),
      { suite, name: "mean per request (sum of the above)", value: mean(total), unit: "ms" },
      ...(long ? [
        { suite, name: `${longName}: questions (distinct)`, value: longQuestions.length, unit: "", notes: `${long.refused} refused` },
        { suite, name: `${longName}: end to end p50 (all but generation)`, value: percentile(long.total, 50), unit: "ms" },
        { suite, name: `${longName}: end to end p95 (all but generation)`, value: percentile(long.total, 95), unit: "ms", ...(onTarget && { target: `<= ${target}`, passed: percentile(long.total, 95) <= target }) },
        ...(tier === "embedded" ? [
          { suite, name: `${longName}: CPU time per request p50`, value: percentile(long.cpuPerRequest, 50), unit: "ms" },
          { suite, name: `${longName}: CPU time per request p95`, value: percentile(long.cpuPerRequest, 95), unit: "ms" },
        ] : []),
        { suite, name: `${longName}: server-side retrieval p50 (embed, search, load passages)`, value: percentile(long.retrieval, 50), unit: "ms" },
        ...long.breakdown.map((b) => ({ suite, name: `${longName}: mean per request: ${b.name}`, value: b.ms, unit: "ms", notes: `CPU ${b.cpu.toFixed(1)} ms${tier === "postgres" ? " in this process" : ""}` })),
      ] : []),
    ];
  } finally {
    await running?.close();
    await app.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  // Configuration for benches is read here, the bench's entry point, like a CLI reads its flags.
  const env = process.env;
  const chunks = Number(env.BENCH_ASK_CHUNKS ?? 10_000);
  const questionCount = Number(env.BENCH_ASK_QUESTIONS ?? 200);
  const embedder = env.BENCH_ASK_EMBEDDER || undefined;
  const longQuestions = Number(env.BENCH_ASK_LONG_QUESTIONS ?? 50);
  const out: BenchResult[] = [];
  if (env.BENCH_ASK_TIERS !== "postgres") {
    // BENCH_ASK_DATA_DIR keeps the seeded embedded knowledge base between runs (seeding and the HNSW builds take minutes).
    const dataDir = env.BENCH_ASK_DATA_DIR ?? mkdtempSync(join(tmpdir(), "rounds-bench-ask-"));
    try {
      out.push(...await measure("embedded", undefined, chunks, false, dataDir, questionCount, undefined, embedder, longQuestions), ...await measure("embedded", undefined, chunks, true, dataDir, questionCount, undefined, embedder, longQuestions));
    } finally {
      if (!env.BENCH_ASK_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const pg = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
  if (pg && env.BENCH_ASK_TIERS !== "embedded") {
    const dataDir = mkdtempSync(join(tmpdir(), "rounds-bench-ask-pg-"));
    try {
      // BENCH_ASK_PG_URL: an existing database to seed once and reuse between runs; otherwise a fresh one each run.
      const url = env.BENCH_ASK_PG_URL ?? await freshDatabase(pg);
      out.push(...await measure("postgres", url, Number(env.BENCH_ASK_CHUNKS_PG ?? 100_000), true, dataDir, questionCount, env.BENCH_REDIS_URL ?? env.TEST_REDIS_URL, embedder, longQuestions));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  } else if (!pg) {
    process.stderr.write("  PostgreSQL not configured (BENCH_DATABASE_URL or TEST_DATABASE_URL): the 100k PostgreSQL run is skipped\n");
  }
  return out;
}
