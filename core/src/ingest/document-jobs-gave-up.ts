import type { JobFailure } from "../jobs/job-definition.ts";
import { moveDocument } from "./document-lifecycle.ts";
import type { KnowledgeScope } from "./knowledge-repository.ts";

/**
 * The queue gave up on a document's job (every attempt failed, or its
 * workers kept dying): the document moves to `failed`, naming the step and a
 * PHI-free reason, where the admin sees it and can retry it. A document that
 * already moved on (deleted, or finished by another run) is left alone.
 */
export async function documentJobGaveUp(step: "process" | "index", payload: KnowledgeScope & { documentId: string }, failure: JobFailure): Promise<void> {
  const { app } = failure;
  const scope = { organizationId: payload.organizationId, projectId: payload.projectId };
  const reason = `gave up after ${failure.attempts} attempt(s): ${failure.reason}`.slice(0, 500);
  const moved = await moveDocument(app, scope, payload.documentId, step === "process" ? "processFailed" : "indexFailed", "failed", { failedStep: step, failureReason: reason });
  if (moved) app.logger.warn({ documentId: payload.documentId, step, attempts: failure.attempts }, "document failed");
}
