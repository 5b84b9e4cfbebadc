import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { type DatasetFormat, exportDataset, type ExportMetadata } from "./export-dataset.ts";
import type { DatasetRecord, TrainingScope } from "./training-repository.ts";
import { trainingDeps } from "./training-deps.ts";

export interface ExportTrainingDataInput {
  scope: TrainingScope;
  format?: DatasetFormat;
  includeDeleted?: boolean;
  humanReviewedOnly?: boolean;
  /** The explicit authorisation flag: approved psychotherapy notes of patients who authorised it (`psychotherapy_notes`) are included. */
  includePsychotherapyNotes?: boolean;
  seed?: string;
  validationFraction?: number;
  onProgress?: (read: number) => void;
}

export interface ExportedFile {
  /** File name inside the dataset (`train.jsonl`, `validation.jsonl`, `metadata.json`). */
  name: string;
  blobKey: string;
  kind: string;
}

/**
 * `export` (command and API): the scope's training data as de-identified,
 * consent-filtered JSONL plus `metadata.json` in the blob store; audited.
 */
export async function exportTrainingData(app: AppContext, actor: Actor, input: ExportTrainingDataInput): Promise<{ dataset: DatasetRecord; metadata: ExportMetadata; files: ExportedFile[] }> {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only admins export training data.");
  const { scope } = input;
  if (actor.organizationId !== scope.organizationId) throw new RoundsError("NOT_FOUND", "Project not found.");
  const project = scope.projectId ? await app.store.tenancy.getProject(actor.organizationId, scope.projectId) : undefined;
  if (scope.projectId && !project) throw new RoundsError("NOT_FOUND", "Project not found.");
  const deps = await trainingDeps(app, actor.organizationId);
  const { dataset, metadata } = await exportDataset(app, {
    scope, format: input.format ?? "openai-chat", includeDeleted: input.includeDeleted ?? false, humanReviewedOnly: input.humanReviewedOnly ?? false,
    ...(input.seed ? { seed: input.seed } : {}), ...(input.validationFraction !== undefined ? { validationFraction: input.validationFraction } : {}),
    ...(project ? { systemPrompt: project.profile.systemPrompt ?? `You are a clinical knowledge assistant for ${project.profile.domain}. Answer only from the clinic's approved guidance and cite it.` } : {}),
    deidentifier: deps.deidentifier, gazetteer: deps.gazetteer, patientsWithTrainingConsent: deps.patientsWithTrainingConsent,
    ...(input.includePsychotherapyNotes ? { includePsychotherapyNotes: true, patientsWithPsychotherapyAuthorisation: deps.patientsWithPsychotherapyAuthorisation } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}), createdByUserId: actor.userId,
  });
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "training.export", targetType: "dataset", targetId: dataset.id, ...(input.includePsychotherapyNotes ? { details: { includePsychotherapyNotes: true, psychotherapyNotes: metadata.notes.psychotherapy, psychotherapySections: metadata.bySource.psychotherapy_note ?? 0 } } : {}) });
  const files = Object.entries(dataset.blobKeys).filter(([, key]) => key).map(([kind, key]) => ({ name: String(key).split("/").pop()!, blobKey: String(key), kind }));
  return { dataset, metadata, files };
}
