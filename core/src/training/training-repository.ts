/**
 * Persistence of the fine-tuning loop: verified Q&A, datasets, fine-tune
 * jobs, model versions, aliases and schedules. Implemented in
 * `drizzle/src/repos/training.ts`. Every method is scoped by organisation;
 * `projectId: null` means the organisation-wide scope.
 */

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

export interface TrainingRepository {
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
