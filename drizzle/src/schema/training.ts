import { boolean, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts, updatedAt } from "./columns.ts";

/** Admin-verified question/answer pairs; `heldOut` ones form the evaluation set and are never exported. */
export const qaPairs = pgTable("qa_pairs", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id").notNull(),
  patientId: uuid("patient_id"),
  question: text("question").notNull(),
  answer: text("answer").notNull(),
  verifiedByUserId: uuid("verified_by_user_id"),
  heldOut: boolean("held_out").notNull().default(false),
  createdAt: createdAt(),
}, (t) => [index("qa_pairs_scope").on(t.organizationId, t.projectId)]);

export const datasets = pgTable("datasets", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id"),
  format: text("format", { enum: ["openai-chat", "dpo", "vertex"] }).notNull(),
  manifest: jsonb("manifest").$type<Record<string, unknown>>().notNull(),
  manifestSha256: text("manifest_sha256").notNull(),
  blobKeys: jsonb("blob_keys").$type<{ train: string; validation?: string; metadata: string }>().notNull(),
  counts: jsonb("counts").$type<Record<string, number>>().notNull(),
  createdByUserId: uuid("created_by_user_id"),
  createdAt: createdAt(),
});

export const fineTuneStates = ["validating", "queued", "running", "succeeded", "failed", "cancelled"] as const;

export const fineTuneJobs = pgTable("fine_tune_jobs", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id"),
  datasetId: uuid("dataset_id").notNull().references(() => datasets.id),
  trainer: text("trainer").notNull(),
  externalId: text("external_id"),
  baseModel: text("base_model").notNull(),
  method: text("method", { enum: ["supervised", "dpo"] }).notNull().default("supervised"),
  hyperparameters: jsonb("hyperparameters").$type<Record<string, unknown>>().notNull().default({}),
  status: text("status", { enum: fineTuneStates }).notNull().default("validating"),
  progress: real("progress"),
  events: jsonb("events").$type<Array<{ at: string; level: string; message: string }>>().notNull().default([]),
  error: text("error"),
  triggeredByUserId: uuid("triggered_by_user_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const modelVersionStatuses = ["training", "ready", "failed", "candidate", "active", "deprecated"] as const;

export const modelVersions = pgTable("model_versions", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id"),
  version: integer("version").notNull(),
  baseModel: text("base_model").notNull(),
  backend: text("backend").notNull(),
  /** `{kind:"remote-model", modelId}` or `{kind:"adapter", blobKey, sha256, loraAlpha}`. */
  artifact: jsonb("artifact").$type<Record<string, unknown>>(),
  parentVersionId: uuid("parent_version_id"),
  datasetId: uuid("dataset_id"),
  datasetManifestSha256: text("dataset_manifest_sha256"),
  hyperparameters: jsonb("hyperparameters").$type<Record<string, unknown>>().notNull().default({}),
  fineTuneJobId: uuid("fine_tune_job_id"),
  metrics: jsonb("metrics").$type<Record<string, unknown>>(),
  gateVerdict: text("gate_verdict", { enum: ["pass", "fail", "manual"] }),
  status: text("status", { enum: modelVersionStatuses }).notNull().default("training"),
  triggeredByUserId: uuid("triggered_by_user_id"),
  approvedByUserId: uuid("approved_by_user_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex("model_versions_scope_version").on(t.organizationId, t.projectId, t.version)]);

/** `active`, `candidate`, `previous` per scope; moved atomically on promotion and rollback. */
export const modelAliases = pgTable("model_aliases", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  /** Project id, or `org` for the organisation-wide alias. */
  scopeKey: text("scope_key").notNull(),
  alias: text("alias", { enum: ["active", "candidate", "previous"] }).notNull(),
  modelVersionId: uuid("model_version_id").notNull().references(() => modelVersions.id),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex("model_aliases_scope").on(t.organizationId, t.scopeKey, t.alias)]);

export const schedules = pgTable("schedules", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id"),
  cron: text("cron"),
  timezone: text("timezone").notNull().default("UTC"),
  /** Train when this many new approved examples arrived since the last run. */
  thresholdNewExamples: integer("threshold_new_examples"),
  enabled: boolean("enabled").notNull().default(true),
  params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
  nextRunAt: ts("next_run_at"),
  lastRunAt: ts("last_run_at"),
  lastResult: jsonb("last_result").$type<Record<string, unknown>>(),
  lockedUntil: ts("locked_until"),
  lockOwner: text("lock_owner"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex("schedules_scope").on(t.organizationId, t.projectId)]);
