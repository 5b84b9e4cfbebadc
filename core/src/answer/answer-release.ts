import type { PatientTextRelease } from "../consent/release-patient-text.ts";
import type { CitableChunk } from "../ingest/knowledge-repository.ts";
import type { AnswerRecord } from "./answer-repository.ts";

/**
 * A stored answer as a patient-text release: the patients it was asked about
 * and those whose sessions it cites, and the custodians of the restricted
 * sources it quotes (read the chunks `unrestricted`: the gate refuses them).
 */
export function answerRelease(answer: AnswerRecord, chunks: Pick<CitableChunk, "patientId" | "custodianUserId">[]): PatientTextRelease {
  return { patientIds: [...answer.patientIds, ...chunks.map((c) => c.patientId)], action: "answer.read", targetType: "answer", targetId: answer.id, projectId: answer.projectId, custodians: chunks.map((c) => c.custodianUserId) };
}
