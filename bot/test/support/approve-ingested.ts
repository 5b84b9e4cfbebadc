import { type Actor, reviewDocument } from "@rounds/core";
import type { RoundsApp } from "../../src/app/create-app.ts";
import { waitForJobs } from "../../src/cli/wait-for-jobs.ts";

/**
 * For suites whose ingested files are all knowledge: waits for processing, approves every document the relevance check
 * did not (it may hold pages back for review), then waits for indexing. `limit` reads past listDocuments' default page.
 */
export async function approveIngested(app: RoundsApp, actor: Actor, projectId: string, limit?: number): Promise<void> {
  await waitForJobs(app);
  for (const d of await app.store.knowledge.listDocuments({ organizationId: actor.organizationId, projectId }, limit ? { limit } : undefined)) {
    if (d.status !== "approved") await reviewDocument(app, { actor, projectId, documentId: d.id, action: "approve" });
  }
  await waitForJobs(app);
}
