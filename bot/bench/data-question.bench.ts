/**
 * Latency of a data question end to end (issue #20), through the user path
 * (`runCommand("data", …)`, as chat, the CLI and the API run it): Rounds'
 * own store on the embedded tier, the demo practice database (two tenants,
 * the read-only role) on PostgreSQL at BENCH_DATABASE_URL or
 * TEST_DATABASE_URL. Measures a named metric (matching, parameter reading,
 * guard, EXPLAIN, the query, k-suppression, audit) and a free-form question
 * whose SQL an instant in-process model writes (everything but generation),
 * and a hybrid question (a metric plus the cited passage of an ingested
 * protocol, the observation time read from it). No target yet: these are
 * first figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestFile, reviewDocument, runCommand, silentLogger, type Actor } from "@rounds/core";
import { FakeLanguageModel } from "@rounds/core/testing";
import { createDemoDatabase, DEMO_TENANTS, demoSource } from "@rounds/plugin-datasource-postgres/testing";
import type { BenchResult } from "../../bench/run.ts";
import { percentile } from "../../bench/stats.ts";
import { createApp } from "../src/app/create-app.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";

const RUNS = 40;
const FREE = "Which category has the most units sold across all time, ranked?";
const HYBRID = "How many patients missed the observation period our protocol requires after an infusion?";
const PROTOCOL = "# Ketamine infusion protocol\n\n## Observation after the infusion\n\nAfter every ketamine infusion the patient must be observed in the clinic for at least 2 hours before discharge.\n\n## Stock\n\nVials are counted every Friday.\n";
const QUESTIONS = [
  "How many ketamine infusions did we run last month?",
  "Which lens coatings are low on stock?",
  "How many patients aged 60-69 had a follow-up within 30 days?",
  "Revenue by category this year",
];

export default async function run(): Promise<BenchResult[]> {
  const pg = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!pg) return [{ suite: "data", name: "data question latency", value: 0, unit: "skipped", notes: "needs BENCH_DATABASE_URL or TEST_DATABASE_URL (the practice database is PostgreSQL)" }];
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-bench-data-"));
  const db = await createDemoDatabase(pg, new Date());
  const base = { dataDir, log: { level: "silent" as const }, plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-datasource-postgres"] };
  try {
    const setup = await createApp(loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: base }), { migrate: true, logger: silentLogger() });
    const ws = await ensureWorkspace(setup, { org: "bench-data", project: "ops" });
    const user = await setup.store.identity.createUser({ organizationId: ws.organization.id, role: "clinician", displayName: "Bench clinician" });
    const adminUser = await setup.store.identity.createUser({ organizationId: ws.organization.id, role: "admin", displayName: "Bench admin" });
    await setup.close();
    const actor: Actor = { userId: user.id, organizationId: ws.organization.id, role: "clinician" };
    const sql = "SELECT category, sum(quantity) AS units FROM sales GROUP BY category ORDER BY units DESC";
    const model = new FakeLanguageModel(sql);
    const app = await createApp(loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: {
      ...base, models: { answer: "instant" },
      pluginSettings: { "@rounds/plugin-datasource-postgres": { sources: [demoSource({ organizationId: ws.organization.id, url: db.readerUrl, tenantId: DEMO_TENANTS[0]!.tenantId })] } },
    } }), {
      migrate: true, logger: silentLogger(),
      plugins: [{ name: "bench-instant-model", version: "0", manifest: { displayName: "Instant model", contributes: { languageModels: [{ id: "instant" }] } }, module: { activate: (ctx) => ctx.register("languageModels", "instant", model) } }],
    });
    try {
      const ask = async (args: string) => {
        const started = performance.now();
        await runCommand(app, "data", { actor, projectId: ws.project.id, args, visibility: "private", origin: "chat" });
        return performance.now() - started;
      };
      // The protocol the hybrid question cites, ingested and approved like any document.
      const admin: Actor = { userId: adminUser.id, organizationId: ws.organization.id, role: "admin" };
      await app.jobs.startWorker({ concurrency: 1 });
      const doc = await ingestFile(app, { actor: admin, projectId: ws.project.id, fileName: "ketamine-protocol.md", bytes: new TextEncoder().encode(PROTOCOL) });
      await waitForJobs(app);
      await reviewDocument(app, { actor: admin, projectId: ws.project.id, documentId: doc.document.id, action: "approve" });
      await waitForJobs(app);
      for (const q of [...QUESTIONS, HYBRID]) await ask(q); // warm: pools, parser, plugin activation, search
      const check = await runCommand(app, "data", { actor, projectId: ws.project.id, args: FREE, visibility: "private", origin: "chat" });
      if ((check.data as { mode?: string }).mode !== "sql") throw new Error("the free-form question matched a metric: choose another");
      const hybridCheck = await runCommand(app, "data", { actor, projectId: ws.project.id, args: HYBRID, visibility: "private", origin: "chat" });
      if (!(hybridCheck.data as { protocol?: unknown }).protocol) throw new Error("the hybrid question cited no passage");
      const metric: number[] = [];
      for (let i = 0; i < RUNS; i++) metric.push(await ask(QUESTIONS[i % QUESTIONS.length]!));
      const free: number[] = [];
      for (let i = 0; i < RUNS; i++) free.push(await ask(FREE));
      const hybrid: number[] = [];
      for (let i = 0; i < RUNS; i++) hybrid.push(await ask(HYBRID));
      const notes = `${RUNS} runs; Rounds' store embedded (PGlite), practice database PostgreSQL as the read-only role; after ${QUESTIONS.length + 1} warm-up questions (one hybrid)`;
      return [
        { suite: "data", name: "metric question p50", value: percentile(metric, 50), unit: "ms", notes },
        { suite: "data", name: "metric question p95", value: percentile(metric, 95), unit: "ms", notes },
        { suite: "data", name: "free-form question p50 (all but generation)", value: percentile(free, 50), unit: "ms", notes: `${notes}; an instant in-process model writes the SQL` },
        { suite: "data", name: "free-form question p95 (all but generation)", value: percentile(free, 95), unit: "ms", notes: `${notes}; an instant in-process model writes the SQL` },
        { suite: "data", name: "hybrid question p50 (metric + cited protocol passage)", value: percentile(hybrid, 50), unit: "ms", notes: `${notes}; one ingested protocol, lexical retrieval` },
        { suite: "data", name: "hybrid question p95 (metric + cited protocol passage)", value: percentile(hybrid, 95), unit: "ms", notes: `${notes}; one ingested protocol, lexical retrieval` },
      ];
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
