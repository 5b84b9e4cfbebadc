// A question runs no DDL. The embedding space's HNSW index is created once
// per process (at start-up for serve and worker); before, every question ran
// `create index if not exists` on `embeddings`, whose SHARE lock waits for
// any open write to that table, so questions queued behind ingest. Here a
// second connection holds the lock an ingest write holds (ROW EXCLUSIVE)
// while a question is asked: the answer must come back while it is held.
// PostgreSQL only: embedded PGlite has one connection, so no such wait.
import { readFileSync } from "node:fs";
import { answerQuestion, ingestFile, reviewDocument } from "@rounds/core";
import { openDatabase } from "@rounds/db";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);
const server = appTargets().find((t) => t.name === "server");

describe.skipIf(!server)("the question path (server tier)", () => {
  let app: RoundsApp | undefined;
  afterAll(async () => app?.close());

  it("answers while another transaction writes to embeddings", async () => {
    const env = await server!.environment();
    app = await startApp(env);
    const ws = await ensureWorkspace(app, { org: "ddl-clinic", project: "kat", domain: "ketamine-assisted therapy" });
    const actor = await localOperator(app, ws.organization.id);
    const projectId = ws.project.id;
    const { document } = await ingestFile(app, { actor, projectId, fileName: "09-interactions.md", bytes: new Uint8Array(readFileSync(`${demoCorpus}/09-interactions.md`)) });
    await waitForJobs(app);
    await reviewDocument(app, { actor, projectId, documentId: document.id, action: "approve" });
    await waitForJobs(app);
    const ask = () => answerQuestion(app!, { actor, projectId, question: "Should a benzodiazepine dose be avoided before an infusion?", visibility: "private" });
    expect((await ask()).kind).not.toBe("refusal");

    const other = await openDatabase({ url: (env as { database: { url: string } }).database.url, poolSize: 1 });
    try {
      let answeredWhileLocked = false;
      await other.db.transaction(async (tx) => {
        await tx.execute(sql`lock table embeddings in row exclusive mode`);
        // Without the fix the question waits here until this transaction ends; 30 s only bounds a failing run.
        answeredWhileLocked = await Promise.race([
          ask().then((a) => a.kind !== "refusal"),
          new Promise<boolean>((ok) => setTimeout(() => ok(false), 30_000)),
        ]);
      });
      expect(answeredWhileLocked).toBe(true);
    } finally {
      await other.close();
    }
  }, 180_000);
});
