import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { documentState, enqueueDocumentJob, moveDocument } from "./document-lifecycle.ts";
import type { DocumentRecord } from "./knowledge-repository.ts";

export type DocumentAction = "approve" | "reject" | "delete" | "retry";

/**
 * An admin's decision on a document. Approve indexes it (also an
 * `irrelevant` one, when the admin overrules the classifier); reject keeps it
 * out; delete soft-deletes it (kept for training, never answered from);
 * retry re-runs a failed document from the step that failed. The moves
 * allowed from each state are in `document-lifecycle.ts`.
 */
export async function reviewDocument(app: AppContext, input: { actor: Actor; projectId: string; documentId: string; action: DocumentAction }): Promise<DocumentRecord> {
  const { actor, action } = input;
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins can review documents.");
  const scope = { organizationId: actor.organizationId, projectId: input.projectId, reader: { userId: actor.userId } };
  const doc = await app.store.knowledge.getDocument(scope, input.documentId);
  if (!doc || doc.deletedAt) throw new RoundsError("NOT_FOUND", "No such document in this project.");
  let result: DocumentRecord | undefined;
  switch (action) {
    case "approve":
      // Approving a document already queued repeats only the enqueue (idempotent): it repairs an approval whose job was lost.
      result = documentState(doc) === "queued" ? doc : await moveDocument(app, scope, doc.id, "approve", "queued", { reviewedByUserId: actor.userId, reviewedAt: app.now() });
      if (result) await enqueueDocumentJob(app, result);
      break;
    case "reject":
      result = await moveDocument(app, scope, doc.id, "reject", "rejected", { reviewedByUserId: actor.userId, reviewedAt: app.now() });
      break;
    case "retry":
      // From the step that failed: a failed indexing is indexed again (the approval stands); any earlier step starts over.
      result = await moveDocument(app, scope, doc.id, "retry", doc.failedStep === "index" ? "queued" : "processing");
      if (result) await enqueueDocumentJob(app, result);
      break;
    case "delete":
      await app.store.knowledge.softDeleteDocument(scope, doc.id, app.now());
      result = { ...doc, deletedAt: app.now() };
      break;
  }
  if (!result) throw new RoundsError("CONFLICT", `Cannot ${action} a document that is ${documentState(doc)}.`, { details: { status: doc.status, state: documentState(doc) } });
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: `document.${action}`, targetType: "document", targetId: doc.id });
  return result;
}
