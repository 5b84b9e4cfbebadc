/**
 * Latency of a data question end to end over a PGlite practice folder
 * (`@rounds/plugin-datasource-pglite`, the embedded tier: no PostgreSQL
 * anywhere), through the user path (`runCommand("data", …)`): Rounds' own
 * store embedded, the demo practice seeded for two tenants in one folder.
 * Measures the first question (the worker opens the folder, sets it up and
 * checks row-level security as the role), then named metrics (match, guard,
 * EXPLAIN, the query in the worker, k, audit) and a free-form question whose
 * SQL an instant in-process model writes. No target yet: first figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, silentLogger, type Actor } from "@rounds/core";
import { DEMO_TENANTS, FakeLanguageModel } from "@rounds/core/testing";
import { createDemoFolder, demoSource } from "@rounds/plugin-datasource-pglite/testing";
import type { BenchResult } from "../../bench/run.ts";
import { percentile } from "../../bench/stats.ts";
import { createApp } from "../src/app/create-app.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";

const RUNS = 40;
const FREE = "Which category has the most units sold across all time, ranked?";
const QUESTIONS = [
  "How many ketamine infusions did we run last month?",
  "Which lens coatings are low on stock?",
  "How many patients aged 60-69 had a follow-up within 30 days?",
  "Revenue by category this year",
];

export default async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-bench-pglite-data-"));
  const practice = join(dataDir, "practice");
  await createDemoFolder(practice, new Date());
  const base = { dataDir: join(dataDir, "store"), log: { level: "silent" as const }, plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-datasource-pglite"] };
  try {
    const setup = await createApp(loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: base }), { migrate: true, logger: silentLogger() });
    const ws = await ensureWorkspace(setup, { org: "bench-data", project: "ops" });
    const user = await setup.store.identity.createUser({ organizationId: ws.organization.id, role: "clinician", displayName: "Bench clinician" });
    await setup.close();
    const actor: Actor = { userId: user.id, organizationId: ws.organization.id, role: "clinician" };
    const model = new FakeLanguageModel("SELECT category, sum(quantity) AS units FROM sales GROUP BY category ORDER BY units DESC");
    const app = await createApp(loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: {
      ...base, models: { answer: "instant" },
      pluginSettings: { "@rounds/plugin-datasource-pglite": { sources: [demoSource({ organizationId: ws.organization.id, dataDir: practice, tenantId: DEMO_TENANTS[0]!.tenantId })] } },
    } }), {
      migrate: true, logger: silentLogger(),
      plugins: [{ name: "bench-instant-model", version: "0", manifest: { displayName: "Instant model", contributes: { languageModels: [{ id: "instant" }] } }, module: { activate: (ctx) => ctx.register("languageModels", "instant", model) } }],
    });
    try {
      const ask = async (args: string) => {
        const started = performance.now();
        const r = await runCommand(app, "data", { actor, projectId: ws.project.id, args, visibility: "private", origin: "chat" });
        const data = r.data as { mode?: string; result?: { rows: unknown[][] } };
        return { ms: performance.now() - started, mode: data.mode, rows: data.result?.rows };
      };
      const first = await ask(QUESTIONS[0]!);
      const a = DEMO_TENANTS[0]!;
      if (JSON.stringify(first.rows) !== JSON.stringify([[a.infusionsLastMonth, a.infusionPatientsLastMonth]])) throw new Error("the first question's figures are wrong");
      for (const q of QUESTIONS.slice(1)) await ask(q);
      if ((await ask(FREE)).mode !== "sql") throw new Error("the free-form question matched a metric: choose another");
      const metric: number[] = [];
      for (let i = 0; i < RUNS; i++) metric.push((await ask(QUESTIONS[i % QUESTIONS.length]!)).ms);
      const free: number[] = [];
      for (let i = 0; i < RUNS; i++) free.push((await ask(FREE)).ms);
      const notes = `${RUNS} runs; Rounds' store embedded, practice data in a PGlite folder (worker thread, SET LOCAL ROLE, RLS); after ${QUESTIONS.length + 1} warm-up questions`;
      return [
        { suite: "data-pglite", name: "first question (opens the folder, setup and RLS check)", value: first.ms, unit: "ms", notes: "one run: the cost paid once per process and after a query is stopped at the time limit" },
        { suite: "data-pglite", name: "metric question p50", value: percentile(metric, 50), unit: "ms", notes },
        { suite: "data-pglite", name: "metric question p95", value: percentile(metric, 95), unit: "ms", notes },
        { suite: "data-pglite", name: "free-form question p50 (all but generation)", value: percentile(free, 50), unit: "ms", notes: `${notes}; an instant in-process model writes the SQL` },
        { suite: "data-pglite", name: "free-form question p95 (all but generation)", value: percentile(free, 95), unit: "ms", notes: `${notes}; an instant in-process model writes the SQL` },
      ];
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
