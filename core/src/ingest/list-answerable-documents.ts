import type { AppContext } from "../app/app-context.ts";
import { releasePatientText, servablePatientText } from "../consent/release-patient-text.ts";
import type { Actor } from "../ports/index.ts";
import type { DocumentRecord } from "./knowledge-repository.ts";

export interface AnswerableDocument {
  id: string;
  title: string;
  kind: "document" | "transcript";
  mediaType: string;
  pageCount: number | null;
  /** True for a patient's session material (its patient is not named). */
  patientMaterial: boolean;
  approvedAt: string | null;
}

/**
 * The documents questions in this project may draw on, as this caller sees
 * them: approved and live; a patient sees general knowledge and their own
 * sessions, staff also patients' sessions while the patient consents to AI
 * analysis (an admin under audit, as for every patient text); a public
 * conversation sees public general knowledge only. The listing is audited
 * (`documents.list`, one row per patient whose material it names).
 */
export async function listAnswerableDocuments(app: AppContext, actor: Actor, input: { projectId: string; visibility: "public" | "private"; limit?: number }): Promise<AnswerableDocument[]> {
  const projectId = input.projectId;
  let docs = (await app.store.knowledge.listDocuments({ organizationId: actor.organizationId, projectId, reader: { userId: actor.userId } }, { status: "approved", limit: Math.min(input.limit ?? 100, 500) }))
    .filter((d) => !d.deletedAt);
  if (input.visibility === "public") docs = docs.filter((d) => d.visibility === "public" && !d.patientId);
  if (actor.role === "patient") docs = docs.filter((d) => !d.patientId || d.patientId === actor.patientId);
  const release = (patientId: string | null) => ({ patientIds: [patientId], action: "documents.list", targetType: "project", targetId: projectId, projectId, patientId });
  const patients = [...new Set(docs.flatMap((d) => (d.patientId ? [d.patientId] : [])))];
  const { served } = await servablePatientText(app, actor, [release(null), ...patients.map(release)]);
  await releasePatientText(app, actor, served);
  const shown = new Set(served.map((r) => r.patientId));
  return docs.filter((d) => shown.has(d.patientId)).map((d: DocumentRecord) => ({
    id: d.id, title: d.title, kind: d.kind, mediaType: d.mediaType, pageCount: d.pageCount, patientMaterial: d.patientId !== null, approvedAt: d.reviewedAt?.toISOString() ?? null,
  }));
}
