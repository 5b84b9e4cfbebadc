import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { patientScope, retrievePassages, type AnswerSource } from "./retrieve-passages.ts";

export interface SearchInput {
  actor: Actor;
  projectId: string;
  query: string;
  visibility: "public" | "private";
  /** Patients whose sessions may be searched (staff; consent is checked), as for a question. */
  patientIds?: string[];
  /** Passages to return (default: the answer path's top k). */
  limit?: number;
  channel?: string;
}

/**
 * Ranked passages for a query, with their citations (document, page or
 * section, speaker and time), from the same retrieval, inside the same
 * scope (organisation, project, patients with consent, visibility) as a
 * question. Nothing is generated and no answer is stored; every passage
 * drawn from a patient's sessions is audited as a read of that patient.
 */
export async function searchPassages(app: AppContext, input: SearchInput): Promise<{ passages: AnswerSource[] }> {
  const { actor } = input;
  const query = input.query.trim();
  if (!query) throw new RoundsError("BAD_REQUEST", "Say what to search for, e.g. search infusion monitoring");
  if (query.length > 4000) throw new RoundsError("BAD_REQUEST", "Searches are limited to 4000 characters.");
  const project = await app.store.tenancy.getProject(actor.organizationId, input.projectId);
  if (!project) throw new RoundsError("NOT_FOUND", "No such project in your organisation.");
  const patientIds = await patientScope(app, actor, input.patientIds, input.visibility, project.id);
  const limit = Math.min(Math.max(1, input.limit ?? app.config.answers.topK), 50);
  const { passages, byId } = await retrievePassages(app, { organizationId: actor.organizationId, projectId: project.id, patientIds, visibility: input.visibility, query, k: limit, reader: { userId: actor.userId } });
  const shownByPatient = new Map<string, number>();
  for (const p of passages) {
    const patient = byId.get(p.chunkId)?.patientId;
    if (patient) shownByPatient.set(patient, (shownByPatient.get(patient) ?? 0) + 1);
  }
  for (const [patientId, count] of shownByPatient) {
    await recordAudit(app, { organizationId: actor.organizationId, actor, action: "search.patient_read", targetType: "project", targetId: project.id, patientId, ...(input.channel && { channel: input.channel }), details: { passages: count } });
  }
  return { passages: passages.slice(0, limit) };
}
