import type { AppContext } from "../app/app-context.ts";
import { requireCareTeam } from "../consent/care-team.ts";
import { consentedPatients } from "../consent/require-consent.ts";
import { releasePatientText } from "../consent/release-patient-text.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { locatorOf } from "./retrieve-passages.ts";

export interface Passage {
  chunkId: string;
  documentId: string;
  title: string;
  fileName: string;
  kind: "document" | "transcript";
  /** Page, section path, or speaker and time. */
  locator: string | null;
  page: number | null;
  speaker: string | null;
  startMs: number | null;
  endMs: number | null;
  text: string;
}

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/**
 * One passage a citation points at, with its document and where in it, if
 * the caller could have been served it by a question: a live chunk of an
 * approved document of the project; a patient's passage only to that patient
 * or to staff, while the patient consents to AI analysis; in a public
 * conversation, only public general knowledge. Every read is audited
 * (`passage.read`, with the patient when there is one).
 */
export async function readPassage(app: AppContext, actor: Actor, input: { projectId: string; chunkId: string; visibility: "public" | "private" }): Promise<Passage> {
  const missing = () => new RoundsError("NOT_FOUND", "No such passage in this knowledge base.");
  const chunkId = input.chunkId.trim();
  if (!uuid.test(chunkId)) throw new RoundsError("BAD_REQUEST", "Give the passage id (chunkId) a search result or citation names.");
  const scope = { organizationId: actor.organizationId, projectId: input.projectId, reader: { userId: actor.userId } };
  const [chunk] = await app.store.knowledge.getChunks(scope, [chunkId]);
  if (!chunk || chunk.deletedAt) throw missing();
  const doc = await app.store.knowledge.getDocument(scope, chunk.documentId);
  if (!doc || doc.deletedAt || doc.status !== "approved") throw missing();
  if (input.visibility === "public" && (doc.visibility !== "public" || chunk.patientId)) throw missing();
  if (chunk.patientId) {
    if (actor.role === "patient" && actor.patientId !== chunk.patientId) throw missing();
    await requireCareTeam(app, actor, { patientIds: [chunk.patientId], projectId: input.projectId, targetType: "chunk", targetId: chunk.id });
    const consented = await consentedPatients(app, actor.organizationId, [chunk.patientId], "ai_analysis");
    if (!consented.has(chunk.patientId)) throw new RoundsError("CONSENT_REQUIRED", "This passage is from a patient's session, and the patient has not consented to AI analysis of their sessions.", { details: { missing: ["ai_analysis"] } });
  }
  await releasePatientText(app, actor, [{ patientIds: [chunk.patientId], action: "passage.read", targetType: "chunk", targetId: chunk.id, projectId: input.projectId }]);
  return {
    chunkId: chunk.id, documentId: chunk.documentId, title: chunk.documentTitle, fileName: chunk.fileName, kind: chunk.documentKind,
    locator: locatorOf(chunk) ?? null, page: chunk.page ?? null, speaker: chunk.speaker ?? null, startMs: chunk.startMs ?? null, endMs: chunk.endMs ?? null, text: chunk.text,
  };
}
