// A worker killed (SIGKILL) in the middle of a 50-document batch: after a new
// worker starts, every document ends indexed exactly once — no duplicate
// chunks or vectors, BM25 statistics consistent — on both tiers.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { type RoundsConfigInput, ingestFile } from "@rounds/core";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);
const DOCS = 50;
const topics = ["dosing", "monitoring", "consent", "integration", "nausea", "blood pressure", "esketamine", "preparation", "interactions", "measurement"];
const doc = (i: number) => new TextEncoder().encode(
  `# Ketamine protocol note ${i}\n\n${Array.from({ length: 12 }, (_, p) => `Section ${p} on ketamine ${topics[(i + p) % topics.length]} for infusion sessions and patient monitoring, note ${i}-${p}. ${"Clinicians review dose, dissociation and vital signs during ketamine-assisted therapy. ".repeat(6)}`).join("\n\n")}`);

function startChild(config: RoundsConfigInput): { killAfter(done: number): Promise<number> } {
  const child = spawn(process.execPath, ["--conditions=rounds-source", "--import", "tsx", resolve(import.meta.dirname, "support/worker-child.ts"), JSON.stringify(config)], { stdio: ["ignore", "pipe", "inherit"] });
  return {
    killAfter: (target) => new Promise((ok, fail) => {
      const timer = setTimeout(() => { child.kill("SIGKILL"); fail(new Error("worker child made no progress")); }, 90_000);
      child.stdout.on("data", (d: Buffer) => {
        const counts = [...d.toString().matchAll(/DONE (\d+)/g)].map((m) => Number(m[1]));
        if (counts.some((n) => n >= target)) {
          clearTimeout(timer);
          child.once("exit", () => ok(Math.max(...counts)));
          child.kill("SIGKILL");
        }
      });
      child.once("exit", (code, signal) => { if (signal !== "SIGKILL") { clearTimeout(timer); fail(new Error(`worker child exited (${code})`)); } });
    }),
  };
}

for (const target of appTargets()) {
  describe(`worker killed mid-batch (${target.name})`, () => {
    it("every document ends indexed exactly once", async () => {
      const env = { ...(await target.environment()), queue: { leaseMs: 8000, concurrency: 2 } } as RoundsConfigInput; // a lease long enough that a busy CI machine does not expire live locks
      if (target.name === "server") Object.assign(env.queue!, { redisUrl: process.env.TEST_REDIS_URL, prefix: `rounds-crash-${process.pid}` });
      // Enqueue the batch without running it here.
      const { silentLogger } = await import("@rounds/core");
      const { loadRoundsConfig } = await import("../src/app/load-rounds-config.ts");
      const { createApp } = await import("../src/app/create-app.ts");
      const setup = await createApp(loadRoundsConfig({ env: {}, cwd: process.cwd(), overrides: { ...env, log: { level: "silent" } } as never }), { migrate: true, logger: silentLogger() });
      const ws = await ensureWorkspace(setup, { org: "crash", project: "kat" });
      await setup.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
      const actor = await localOperator(setup, ws.organization.id);
      for (let i = 0; i < DOCS; i++) await ingestFile(setup, { actor, projectId: ws.project.id, fileName: `note-${i}.md`, bytes: doc(i) });
      await setup.close(); // the embedded database is single-process: hand it to the child

      const finishedBeforeKill = await startChild(env).killAfter(25);
      expect(finishedBeforeKill).toBeLessThan(2 * DOCS);

      const app = await startApp(env);
      try {
        await waitForJobs(app);
        const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
        const docs = await app.store.knowledge.listDocuments(scope, { limit: 500 });
        expect(docs).toHaveLength(DOCS);
        // Every document indexed; if not, the failure names each one's state and what the queue still held.
        const notIndexed = docs.filter((d) => !(d.status === "approved" && d.indexState === "indexed")).map((d) => ({ id: d.id, status: d.status, indexState: d.indexState, failedStep: d.failedStep, failureReason: d.failureReason }));
        expect(notIndexed, `unfinished jobs when the wait returned: ${JSON.stringify(await app.jobs.counts())}`).toEqual([]);
        let chunkTotal = 0;
        for (const d of docs) {
          const chunks = await app.store.knowledge.listChunks(scope, d.id);
          expect(new Set(chunks.map((c) => c.position)).size).toBe(chunks.length);
          expect(chunks.length).toBeGreaterThan(0);
          chunkTotal += chunks.length;
        }
        const count = async (q: ReturnType<typeof sql>) => {
          const r = await app.database.db.execute(q);
          return Number(((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows)[0] as { n: number | string }).n);
        };
        expect(await count(sql`select count(*) as n from chunks where project_id = ${scope.projectId}::uuid`)).toBe(chunkTotal);
        expect(await count(sql`select count(*) as n from embeddings e join chunks c on c.id = e.chunk_id where c.project_id = ${scope.projectId}::uuid`)).toBe(chunkTotal);
        expect(await count(sql`select df as n from term_stats where project_id = ${scope.projectId}::uuid and term = ''`)).toBe(chunkTotal);
      } finally {
        await app.close();
      }
    }, 180_000);
  });
}
