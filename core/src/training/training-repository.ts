/**
 * Persistence of the fine-tuning loop: verified Q&A, datasets, fine-tune
 * jobs, model versions, aliases and schedules. Implemented in
 * `drizzle/src/repos/training.ts`. Every method is scoped by organisation;
 * `projectId: null` means the organisation-wide scope.
 */
import type { RiskFlag } from "../notes/risk/screen-transcript.ts";
import type { TurnCitation } from "../notes/transcript-turns.ts";

export interface TrainingScope {
  organizationId: string;
  /** `null` for the organisation-wide model. */
  projectId: string | null;
}

export type ModelVersionStatus = "training" | "ready" | "failed" | "candidate" | "active" | "deprecated";
export type AliasName = "active" | "candidate" | "previous";

export interface ModelArtifact {
  kind: "remote-model" | "adapter" | "base";
  /** Remote fine-tuned model id, or the base model id for `base`. */
  modelId?: string;
  blobKey?: string;
  sha256?: string;
  loraAlpha?: number;
}

export interface ModelVersion {
  id: string;
  organizationId: string;
  projectId: string | null;
  version: number;
  baseModel: string;
  backend: string;
  artifact: ModelArtifact | null;
  parentVersionId: string | null;
  datasetId: string | null;
  datasetManifestSha256: string | null;
  hyperparameters: Record<string, unknown>;
  fineTuneJobId: string | null;
  metrics: Record<string, unknown> | null;
  gateVerdict: "pass" | "fail" | "manual" | null;
  status: ModelVersionStatus;
  triggeredByUserId: string | null;
  approvedByUserId: string | null;
  createdAt: Date;
}

export interface NewModelVersion {
  baseModel: string;
  backend: string;
  artifact?: ModelArtifact;
  parentVersionId?: string;
  datasetId?: string;
  datasetManifestSha256?: string;
  hyperparameters?: Record<string, unknown>;
  fineTuneJobId?: string;
  status?: ModelVersionStatus;
  triggeredByUserId?: string;
}

export type Aliases = Partial<Record<AliasName, ModelVersion>>;

export interface ScheduleParams {
  /** Only use answers/examples at or above this confidence (0..1). */
  minConfidence?: number;
  /** Only human-reviewed examples (verified Q&A, approved notes). */
  humanReviewedOnly?: boolean;
  epochs?: number;
  learningRateMultiplier?: number;
}

export interface Schedule {
  id: string;
  organizationId: string;
  projectId: string | null;
  cron: string | null;
  timezone: string;
  thresholdNewExamples: number | null;
  enabled: boolean;
  params: ScheduleParams;
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastResult: { status: "started" | "skipped" | "failed"; reason?: string; jobId?: string; at: string } | null;
  lockedUntil: Date | null;
}

export interface ScheduleInput {
  cron: string | null;
  timezone?: string;
  thresholdNewExamples: number | null;
  enabled: boolean;
  params: ScheduleParams;
  nextRunAt: Date | null;
}

/** One source row for the training export. Text is raw: the export de-identifies it. */
export type TrainingSource =
  | { kind: "chunk"; id: string; documentId: string; documentTitle: string; patientId: string | null; text: string; deleted: boolean; headings: string[] | null }
  | { kind: "qa"; id: string; patientId: string | null; question: string; answer: string }
  | { kind: "rated_answer"; id: string; question: string; answer: string; rating: "up" | "down"; patientIds: string[] }
  /**
   * A session note a clinician approved, with the transcript document it was written from, its format (`legacy`
   * for a note written before formats) and its risk flags (which turns its risk section was given).
   */
  | { kind: "note"; id: string; patientId: string; projectId: string; documentId: string | null; sections: Array<{ key: string; title: string; text: string; citations?: TurnCitation[] }>; format: string; riskFlags: RiskFlag[]; psychotherapy: boolean }
  /** An approved psychotherapy note whose patient has not authorised its use: counted, its content never read. */
  | { kind: "psychotherapy_note_withheld"; id: string; patientId: string };

export interface DatasetRecord {
  id: string;
  organizationId: string;
  projectId: string | null;
  format: "openai-chat" | "dpo" | "vertex";
  manifest: Record<string, unknown>;
  manifestSha256: string;
  blobKeys: { train: string; validation?: string; metadata: string };
  counts: Record<string, number>;
  createdAt: Date;
}

export type FineTuneState = "validating" | "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface FineTuneJob {
  id: string;
  organizationId: string;
  projectId: string | null;
  datasetId: string;
  trainer: string;
  externalId: string | null;
  baseModel: string;
  method: "supervised" | "dpo";
  hyperparameters: Record<string, unknown>;
  status: FineTuneState;
  progress: number | null;
  events: Array<{ at: string; level: string; message: string }>;
  error: string | null;
  triggeredByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TrainingRepository {
  /** The held-out verified Q&A of a scope: the evaluation set, never exported. */
  listHeldOut(scope: TrainingScope): Promise<Array<{ id: string; question: string; answer: string }>>;
  createFineTuneJob(scope: TrainingScope, input: Pick<FineTuneJob, "datasetId" | "trainer" | "baseModel" | "method" | "hyperparameters"> & { triggeredByUserId?: string }): Promise<FineTuneJob>;
  getFineTuneJob(organizationId: string, id: string): Promise<FineTuneJob | undefined>;
  updateFineTuneJob(organizationId: string, id: string, patch: Partial<Pick<FineTuneJob, "externalId" | "status" | "progress" | "events" | "error">>): Promise<FineTuneJob>;
  /** Jobs not yet finished in a scope (at most one should exist: the training lock). */
  listActiveFineTuneJobs(scope: TrainingScope): Promise<FineTuneJob[]>;
  listFineTuneJobs(organizationId: string, limit?: number): Promise<FineTuneJob[]>;

  createDataset(scope: TrainingScope, input: Omit<DatasetRecord, "id" | "organizationId" | "projectId" | "createdAt"> & { id?: string; createdByUserId?: string }): Promise<DatasetRecord>;
  getDataset(organizationId: string, id: string): Promise<DatasetRecord | undefined>;

  /**
   * Streams export sources of a scope in stable order, in pages (bounded
   * memory): approved documents' chunks (soft-deleted ones of earlier
   * versions when asked), verified Q&A that is not held out, and answers with
   * clinician feedback.
   */
  /**
   * Approved progress notes always. The psychotherapy store is read only when
   * `includePsychotherapyNotes` (an export that names them), and a note's
   * content only when its patient's latest `psychotherapy_notes` and
   * `training_use` consent events are grants; the others come back as
   * `psychotherapy_note_withheld`, without content.
   */
  iterateTrainingSources(scope: TrainingScope, options: { includeDeleted: boolean; includePsychotherapyNotes?: boolean; pageSize?: number }): AsyncIterable<TrainingSource>;

  /** One schedule per scope: creates or replaces it. */
  upsertSchedule(scope: TrainingScope, input: ScheduleInput): Promise<Schedule>;
  listSchedules(organizationId: string): Promise<Schedule[]>;
  getSchedule(organizationId: string, id: string): Promise<Schedule | undefined>;
  deleteSchedule(organizationId: string, id: string): Promise<void>;
  /**
   * Leases every enabled schedule that may fire now (cron due, or a
   * threshold trigger to check) and is not leased by another process.
   * Each lease is exclusive until `leaseMs` passes or the run completes.
   */
  claimDueSchedules(now: Date, owner: string, leaseMs: number): Promise<Schedule[]>;
  /** Records a run (or a skip) and releases the lease held by `owner`. */
  completeScheduleRun(id: string, owner: string, input: { lastResult: NonNullable<Schedule["lastResult"]>; lastRunAt?: Date; nextRunAt: Date | null }): Promise<void>;
  /** New approved training material in a scope since a time: live approved chunks, verified Q&A, helpful answers. */
  countNewExamples(scope: TrainingScope, since: Date | null): Promise<number>;

  /** Creates a version with the next number in its scope. */
  createModelVersion(scope: TrainingScope, input: NewModelVersion): Promise<ModelVersion>;
  getModelVersion(organizationId: string, id: string): Promise<ModelVersion | undefined>;
  listModelVersions(scope: TrainingScope): Promise<ModelVersion[]>;
  updateModelVersion(organizationId: string, id: string, patch: Partial<Pick<ModelVersion, "status" | "metrics" | "gateVerdict" | "artifact" | "approvedByUserId">>): Promise<ModelVersion>;
  getAliases(scope: TrainingScope): Promise<Aliases>;
  /**
   * Moves aliases atomically, serialised per scope (concurrent promotions
   * queue behind each other). `fn` sees the current aliases and returns the
   * new assignment (`null` removes an alias) and status changes.
   */
  moveAliases(
    scope: TrainingScope,
    fn: (current: Aliases) => { set: Partial<Record<AliasName, string | null>>; statuses?: Record<string, ModelVersionStatus> },
  ): Promise<Aliases>;
}
