// The document state machine where jobs go wrong, on both tiers (embedded:
// PGlite + database queue; server: PostgreSQL + BullMQ on Redis + S3):
// - the embedding service is down for longer than the index job's five
//   attempts: the document ends `failed` at step `index` with a PHI-free
//   reason, the admin's `docs list failed` shows it, and `retry` (use case,
//   chat/CLI command, HTTP API) indexes it once the service is back, keeping
//   the approval;
// - the approval of a document is committed but its index job is never
//   enqueued (the queue refused the enqueue at that instant, as when Redis
//   drops a connection or the worker dies between the two): the process
//   job's next attempt enqueues it, and the document ends indexed.
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createApiKey, indexDocumentJob, ingestFile, reviewDocument, runCommand } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { afterAll, describe, expect, it } from "vitest";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";

afterAll(cleanupTargets);

const failingEmbedder = resolve(import.meta.dirname, "fixtures/failing-embedder");
const DOC = `# Ketamine infusion monitoring\n\n${"During ketamine-assisted therapy sessions clinicians check blood pressure every 15 minutes and watch for dissociation. ".repeat(20)}`;
const SECRET_WORD = "dissociation";

for (const target of appTargets()) {
  describe(`document lifecycle when jobs fail (${target.name})`, () => {
    it("an index job that uses every attempt leaves the document failed with a reason; retry indexes it", async () => {
      const environment = await target.environment();
      const outageFile = join(environment.dataDir!, "embedder-outage");
      writeFileSync(outageFile, "down");
      const app = await startApp(environment, {
        plugins: [...(environment.plugins ?? defaultPlugins), failingEmbedder],
        models: { embedder: "outage-hash" },
        pluginSettings: { "@rounds-test/failing-embedder": { outageFile } },
      });
      try {
        const ws = await ensureWorkspace(app, { org: "lifecycle", project: "kat" });
        await app.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
        const admin = await localOperator(app, ws.organization.id);
        const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
        // The index job's own five attempts, with a 50 ms base instead of its 2 s between them (2 + 4 + 8 + 16 s of
        // waiting per tier, which this test asserts nothing about; the attempts, the give-up and the retry are the product's).
        const enqueue = app.jobs.enqueue.bind(app.jobs);
        app.jobs.enqueue = (definition, payload, options) => enqueue(definition.name === indexDocumentJob.name ? { ...definition, backoffMs: 50 } : definition, payload, options);
        const { document } = await ingestFile(app, { actor: admin, projectId: ws.project.id, fileName: "monitoring.md", bytes: new TextEncoder().encode(DOC) });
        await waitForJobs(app);

        const failed = await app.store.knowledge.getDocument(scope, document.id);
        expect(failed).toMatchObject({ status: "failed", indexState: "none", failedStep: "index", reviewedAt: expect.any(Date) });
        expect(failed!.failureReason).toMatch(/^gave up after 5 attempt\(s\): /);
        expect(failed!.failureReason).not.toContain(SECRET_WORD);
        const listed = await runCommand(app, "docs", { actor: admin, projectId: ws.project.id, args: "list failed", visibility: "private" });
        expect(JSON.stringify(listed.blocks)).toContain("index: gave up after 5 attempt(s)");

        // The service is back; the admin retries through the HTTP API (the admin page's action).
        rmSync(outageFile);
        const api = await createApiServer(app);
        try {
          const { key } = await createApiKey(app, admin, { organizationId: ws.organization.id, role: "admin", name: "lifecycle", userId: admin.userId });
          const response = await api.inject({ method: "POST", url: `/v1/projects/${ws.project.id}/documents/${document.id}/retry`, headers: { authorization: `Bearer ${key}` } });
          expect(response.statusCode).toBe(200);
          expect(response.json()).toMatchObject({ status: "approved", indexState: "none", failedStep: null, failureReason: null });
        } finally {
          await api.close();
        }
        await waitForJobs(app);
        const indexed = await app.store.knowledge.getDocument(scope, document.id);
        expect(indexed).toMatchObject({ status: "approved", indexState: "indexed", reviewedAt: failed!.reviewedAt });
        expect((await app.store.knowledge.listChunks(scope, document.id)).length).toBeGreaterThan(0);
        // Indexed is not a failed state: a second retry is refused, naming the state.
        await expect(reviewDocument(app, { actor: admin, projectId: ws.project.id, documentId: document.id, action: "retry" })).rejects.toThrow(/Cannot retry a document that is indexed/);
      } finally {
        await app.close();
      }
    }, 240_000);

    it("an approval whose index job was never enqueued is repaired by the process job's next attempt", async () => {
      const app = await startApp(await target.environment());
      try {
        const ws = await ensureWorkspace(app, { org: "lifecycle-lost", project: "kat" });
        await app.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
        const admin = await localOperator(app, ws.organization.id);
        const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
        // The queue refuses the first index enqueue, after the approval is committed (the worker's jobs see this same app).
        const enqueue = app.jobs.enqueue.bind(app.jobs);
        let refused = 0;
        app.jobs.enqueue = (async (definition, payload, options) => {
          if (definition.name === indexDocumentJob.name && refused++ === 0) throw new Error("connection to the queue lost");
          return enqueue(definition, payload, options);
        });
        const { document } = await ingestFile(app, { actor: admin, projectId: ws.project.id, fileName: "monitoring.md", bytes: new TextEncoder().encode(DOC) });
        await waitForJobs(app);
        expect(refused).toBeGreaterThanOrEqual(2);
        expect(await app.store.knowledge.getDocument(scope, document.id)).toMatchObject({ status: "approved", indexState: "indexed" });
        expect((await app.store.knowledge.listChunks(scope, document.id)).length).toBeGreaterThan(0);
      } finally {
        await app.close();
      }
    }, 120_000);
  });
}
