// SIGTERM to a `rounds worker` process while a long indexing job is in
// flight: the worker stops taking work, gives the job its grace period,
// stops it, returns it to the queue and exits 0; the next worker process
// completes it and the document is indexed exactly once. On the server tier
// the second worker runs alongside; on the embedded tier (PGlite is one
// process per data folder) it starts after the first has exited.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { ingestFile, silentLogger } from "@rounds/core";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { runCli, startCli, type CliProcess } from "./support/cli-process.ts";
import { operatorEnvironment } from "./support/operator-env.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";

afterAll(cleanupTargets);

const slowEmbedder = resolve(import.meta.dirname, "fixtures/slow-embedder");
// The slow embedder is a TypeScript test plugin: its workers run the CLI from the sources (cli-process.ts).
const fromSources = { sources: true };
const GRACE_MS = 1000;
// About 100 chunks at 2 a batch. The job is in flight at SIGTERM because the embedder holds it after its third batch
// (holdFile), not because embedding is slow: at 200 ms a batch, the second worker's full run waited ~10 s per tier.
const bigDocument = `# Ketamine infusion handbook\n\n${Array.from({ length: 100 }, (_, i) => `## Part ${i}\n\nDuring ketamine-assisted therapy part ${i}, clinicians check blood pressure, dissociation and nausea, record the dose and review consent. ${"Observation continues until the patient is alert and vital signs are stable. ".repeat(6)}`).join("\n\n")}`;

const logged = (p: CliProcess, msg: string) => p.logRecords().filter((r) => r.msg === msg);

for (const target of appTargets()) {
  describe(`SIGTERM during an ingest (${target.name})`, () => {
    const processes: CliProcess[] = [];
    afterAll(async () => {
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
      await Promise.all(processes.map((p) => p.exited()));
    });

    it("returns the in-flight job, exits 0, and the next worker completes it once", async () => {
      // The job is held in flight after its third batch until worker-1 has exited: on a busy machine
      // the second worker can take longer to start than the whole document takes to embed.
      const holdFile = join(mkdtempSync(join(tmpdir(), "rounds-hold-")), "hold");
      writeFileSync(holdFile, "hold");
      // The job goes back through the explicit return at shutdown, never through its lease running
      // out, so the lease is the default's 30 s: with a short one, a renewal delayed on a loaded
      // machine looked like a crashed worker and let worker-2 take the job while worker-1 held it.
      const env = await operatorEnvironment(target, {
        queue: { leaseMs: 30_000, shutdownGraceMs: GRACE_MS },
        models: { embedder: "slow-hash" },
        pluginSettings: { "@rounds-test/slow-embedder": { delayMs: 20, maxBatchSize: 2, holdFile } },
      }, [slowEmbedder]);
      await runCli(["migrate"], env, fromSources);
      const config = () => loadRoundsConfig({ env, cwd: tmpdir(), overrides: { log: { level: "silent" } } });

      // Enqueue the document from a short-lived process of our own (no worker in it).
      const setup = await createApp(config(), { migrate: false, logger: silentLogger() });
      const ws = await ensureWorkspace(setup, { org: "sigterm", project: "kat" });
      await setup.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
      const { document } = await ingestFile(setup, { actor: await localOperator(setup, ws.organization.id), projectId: ws.project.id, fileName: "handbook.md", bytes: new TextEncoder().encode(bigDocument) });
      await setup.close();

      const first = startCli("worker-1", ["worker"], env, fromSources);
      processes.push(first);
      await first.waitFor(/"batch":3,.*"msg":"slow embedder batch"/, 90_000);
      // Server tier: the next worker is already up and idle; embedded: it can only open the data folder after the first exits.
      let second = target.name === "server" ? startCli("worker-2", ["worker"], env, fromSources) : undefined;
      if (second) {
        processes.push(second);
        await second.waitFor(/Worker started/);
      }
      const stopped = Date.now();
      first.child.kill("SIGTERM");
      const exit = await first.exited();
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopped).toBeLessThan(GRACE_MS + 10_000);
      expect(logged(first, "job returned to the queue at shutdown").map((r) => r.job)).toEqual(["ingest.index"]);
      expect(logged(first, "document indexed")).toHaveLength(0);
      rmSync(holdFile);

      if (!second) {
        second = startCli("worker-2", ["worker"], env, fromSources);
        processes.push(second);
      }
      await second.waitFor(/"msg":"document indexed"/, 90_000);
      second.child.kill("SIGTERM");
      expect(await second.exited()).toEqual({ code: 0, signal: null });
      expect(logged(second, "document indexed")).toHaveLength(1);
      const batches = logged(second, "slow embedder batch").length;

      const check = await createApp(config(), { migrate: false, logger: silentLogger() });
      try {
        const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
        const doc = await check.store.knowledge.getDocument(scope, document.id);
        expect(doc).toMatchObject({ status: "approved", indexState: "indexed" });
        const chunks = await check.store.knowledge.listChunks(scope, document.id);
        expect(chunks.length).toBeGreaterThan(40);
        expect(new Set(chunks.map((c) => c.position)).size).toBe(chunks.length);
        // The second worker embedded the whole document again, from the start.
        expect(batches).toBe(Math.ceil(chunks.length / 2));
        const count = async (q: ReturnType<typeof sql>) => {
          const r = await check.database.db.execute(q);
          return Number(((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows)[0] as { n: number | string }).n);
        };
        expect(await count(sql`select count(*) as n from chunks where project_id = ${scope.projectId}::uuid`)).toBe(chunks.length);
        expect(await count(sql`select count(*) as n from embeddings e join chunks c on c.id = e.chunk_id where c.project_id = ${scope.projectId}::uuid`)).toBe(chunks.length);
        expect(await count(sql`select df as n from term_stats where project_id = ${scope.projectId}::uuid and term = ''`)).toBe(chunks.length);
        // Nothing left over but the scheduler's next tick.
        expect(Object.keys(await check.jobs.counts()).filter((name) => name !== "training.schedules-tick")).toEqual([]);
      } finally {
        await check.close();
      }
    }, 180_000);
  });
}
