import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { indexDocumentJob, processDocumentJob } from "./jobs.ts";
import type { DocumentRecord } from "./knowledge-repository.ts";

export type DocumentAction = "approve" | "reject" | "delete" | "retry";

/**
 * An admin's decision on a document. Approve indexes it (also an
 * `irrelevant` one, when the admin overrules the classifier); reject keeps it
 * out; delete soft-deletes it (kept for training, never answered from);
 * retry re-runs a failed document from the start.
 */
export async function reviewDocument(app: AppContext, input: { actor: Actor; projectId: string; documentId: string; action: DocumentAction }): Promise<DocumentRecord> {
  const { actor, action } = input;
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can review documents.");
  const scope = { organizationId: actor.organizationId, projectId: input.projectId };
  const doc = await app.store.knowledge.getDocument(scope, input.documentId);
  if (!doc || doc.deletedAt) throw new RoundsError("NOT_FOUND", "No such document in this project.");
  const payload = { ...scope, documentId: doc.id };
  let result: DocumentRecord | undefined;
  switch (action) {
    case "approve":
      result = await app.store.knowledge.transition(scope, doc.id, ["pending", "irrelevant", "rejected"], { status: "approved", reviewedByUserId: actor.userId, reviewedAt: app.now() });
      if (result) await app.jobs.enqueue(indexDocumentJob, payload, { idempotencyKey: `index:${doc.id}:${result.updatedAt.getTime()}` });
      break;
    case "reject":
      result = await app.store.knowledge.transition(scope, doc.id, ["pending", "irrelevant"], { status: "rejected", reviewedByUserId: actor.userId, reviewedAt: app.now() });
      break;
    case "retry":
      result = await app.store.knowledge.transition(scope, doc.id, ["failed"], { status: "processing", indexState: "none", failedStep: null, failureReason: null });
      if (result) await app.jobs.enqueue(processDocumentJob, payload, { idempotencyKey: `process:${doc.id}:${result.updatedAt.getTime()}` });
      break;
    case "delete":
      await app.store.knowledge.softDeleteDocument(scope, doc.id, app.now());
      result = { ...doc, deletedAt: app.now() };
      break;
  }
  if (!result) throw new RoundsError("CONFLICT", `Cannot ${action} a document that is ${doc.status}.`, { details: { status: doc.status } });
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: `document.${action}`, targetType: "document", targetId: doc.id });
  return result;
}
