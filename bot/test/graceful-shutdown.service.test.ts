// SIGTERM during an ingest, on the server tier: the real `rounds worker` CLI
// process is stopped while it works on a large document; it exits cleanly
// (code 0, well inside its 20 s shutdown limit), the in-flight job goes back
// to the queue instead of being lost, and the next worker process completes
// it: the document ends indexed exactly once.
// (The embedded tier's PGlite database is single-process, so a second
// process cannot watch the first one's queue there; in-process worker
// shutdown on that tier is covered by core/src/jobs tests.)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { answerQuestion, ingestFile, loadConfig, silentLogger } from "@rounds/core";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);
const root = resolve(import.meta.dirname, "../..");
const server = appTargets().find((t) => t.name === "server");
if (!server && process.env.CI === "true") throw new Error("CI=true needs the server tier for the graceful shutdown test.");

/** About 6 MB of Markdown: long enough to be in flight when the signal comes. */
const bigDocument = () => new TextEncoder().encode(`# Ketamine infusion handbook\n\n${Array.from({ length: 2400 }, (_, i) =>
  `## Section ${i}\n\nDuring ketamine-assisted therapy session ${i}, clinicians check blood pressure, heart rate and dissociation every 15 minutes, record the dose in mg per kg, and review nausea, emergence reactions and integration goals with the patient before discharge. ${"Monitoring continues for thirty minutes after the infusion ends. ".repeat(30)}`).join("\n\n")}`);

describe.skipIf(!server)("SIGTERM during an ingest (server tier)", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("returns the in-flight job; the next worker completes it, indexed once", async () => {
    const env = { ...(await server!.environment()), log: { level: "info" as const } };
    // This process only enqueues and watches: no worker here.
    const watcher = await createApp(loadConfig({ env: {}, cwd: root, overrides: { ...env, log: { level: "silent" } } as never }), { migrate: true, logger: silentLogger() });
    const ws = await ensureWorkspace(watcher, { org: "sigterm", project: "kat" });
    const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
    await watcher.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
    const actor = await localOperator(watcher, ws.organization.id);
    const { document, jobId } = await ingestFile(watcher, { actor, projectId: ws.project.id, fileName: "handbook.md", bytes: bigDocument() });

    const configFile = join(mkdtempSync(join(tmpdir(), "rounds-sigterm-")), "rounds.config.json");
    writeFileSync(configFile, JSON.stringify(env));
    child = spawn(process.execPath, ["--import", "tsx", "bot/src/cli/main.ts", "--config", configFile, "worker", "--concurrency", "1"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((done) => child!.once("exit", (code) => done(code)));

    // Wait until the worker is busy with the document (processing or indexing), then stop it.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await watcher.jobs.get(jobId!))?.state !== "active") await new Promise((r) => setTimeout(r, 50));
    expect((await watcher.jobs.get(jobId!))?.state).toBe("active");
    const stoppedAt = Date.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    const shutdownMs = Date.now() - stoppedAt;
    expect(shutdownMs).toBeLessThan(20_000);
    expect(output).toMatch(/Worker started/);
    expect(output).not.toMatch(/took longer than 20 s/);
    // The stopped worker did not finish it, and did not lose it: it is waiting for the next worker.
    const halfway = await watcher.store.knowledge.getDocument(scope, document.id);
    expect(halfway!.indexState).not.toBe("indexed");
    const returned = await watcher.jobs.get(jobId!);
    expect(returned).toMatchObject({ state: "waiting", attempts: 1, error: expect.stringMatching(/NOT_READY: The worker is shutting down/) });
    await watcher.close();

    // The next worker takes the returned job and completes it.
    const next = await startApp(env);
    try {
      await waitForJobs(next, () => {}, 120_000);
      const doc = await next.store.knowledge.getDocument(scope, document.id);
      expect(doc).toMatchObject({ status: "approved", indexState: "indexed" });
      const chunks = await next.store.knowledge.listChunks(scope, document.id);
      expect(chunks.length).toBeGreaterThan(100);
      expect(new Set(chunks.map((c) => c.position)).size).toBe(chunks.length); // exactly once
      const embedded = await next.database.db.execute(sql`select count(*)::int as n from embeddings e join chunks c on c.id = e.chunk_id where c.document_id = ${document.id}::uuid`);
      expect(Number(((embedded as unknown as { rows?: Array<{ n: number }> }).rows ?? (embedded as unknown as Array<{ n: number }>))[0]!.n)).toBe(chunks.length);
      const answer = await answerQuestion(next, { actor, projectId: ws.project.id, question: "How often is blood pressure checked during ketamine sessions?", visibility: "private" });
      expect(answer.sources.some((s) => s.documentId === document.id)).toBe(true);
    } finally {
      await next.close();
    }
  }, 240_000);
});
