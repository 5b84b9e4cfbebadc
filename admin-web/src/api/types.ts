// The shapes of the Rounds API's JSON answers that the admin page reads.
// They mirror the routes in core/src/api (the page imports nothing from core:
// it is browser code and depends on the HTTP contract only).

export type Role = "admin" | "auditor" | "clinician" | (string & {});

export interface SessionUser {
  id?: string;
  role: Role;
}

export interface Session {
  csrfToken: string;
  user: SessionUser;
}

export interface Me {
  organization?: { name: string } | null;
}

export interface Project {
  id: string;
  name: string;
}

/** A problem+json error document (RFC 9457) with Rounds' extra members. */
export interface Problem {
  title?: string;
  detail?: string;
  /** The request field a validation error is about. */
  field?: string;
  /** Why a login was refused (`role`) and the role that may not log in. */
  reason?: string;
  role?: string;
}

export interface TrainingParams {
  minConfidence?: number;
  humanReviewedOnly?: boolean;
  epochs?: number;
  learningRateMultiplier?: number;
}

export interface Schedule {
  id: string;
  projectId: string | null;
  cron: string | null;
  timezone: string;
  description: string | null;
  thresholdNewExamples: number | null;
  enabled: boolean;
  params?: TrainingParams | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastResult?: { at?: string; status?: string; reason?: string } | null;
}

export interface ScheduleInput {
  cron: string | null;
  timezone: string;
  thresholdNewExamples: number | null;
  enabled: boolean;
  params: TrainingParams;
}

type DocumentStatus = "pending" | "approved" | "rejected" | "irrelevant" | "failed" | "processing" | (string & {});

export interface DocumentRow {
  id: string;
  title: string;
  fileName: string;
  status: DocumentStatus;
  createdAt: string;
  failedStep?: string | null;
  failureReason?: string | null;
  classifierScore?: number | string | null;
  classifierReason?: string | null;
}

export interface UploadResult {
  deduplicated?: boolean;
}

export interface Metrics {
  rougeL: number;
  bleu: number;
  citationValidity: number;
}

interface Evaluation {
  n: number;
  verdict: "pass" | "regressed" | (string & {});
  candidate: Metrics;
  active: Metrics;
  regressions: string[];
}

export interface ModelVersion {
  id: string;
  version: number;
  baseModel: string;
  status: string;
  aliases: string[];
  lineage: { parentVersion: number | null; baseModel: string };
  gateVerdict: string | null;
  createdAt: string;
  evaluation: Evaluation | null;
}

export interface TrainingJob {
  id: string;
  status: string;
  trainer: string;
  createdAt: string;
  progress: number | string | null;
  events: { message: string }[];
}

export interface ModelsView {
  aliases: { active: string | null; candidate: string | null; previous: string | null };
  versions: ModelVersion[];
  jobs: TrainingJob[];
}

interface ExampleCounts {
  exported: number;
  train: number;
  validation: number;
  excluded?: number;
}

export interface TrainingData {
  counts: ExampleCounts;
  minimum: { met: boolean; required: number };
  threshold: { reached: boolean; enabled: boolean; newExamples: number; threshold: number; since: string | null } | null;
  bySource: Partial<Record<string, number>>;
  placeholders?: Record<string, number>;
}

export interface ExportResult {
  metadata: { counts: ExampleCounts };
  files: { name: string; url: string }[];
}

export type StartTrainingResult =
  | { status: "started"; version: { version: number } }
  | { status: "not-enough-data"; missing: number };

export interface Patient {
  id: string;
  displayName: string;
  externalRef: string | null;
}

export interface ConsentView {
  status: Record<string, string>;
  history: { at: string; type: string; action: string; method: string }[];
}

export interface CareTeamView {
  members: { userId: string; displayName: string | null; assignedAt: string }[];
  /** For an admin: the organisation's clinicians not on the team, who could be added. */
  candidates: { userId: string; displayName: string }[];
}

interface AuditEntry {
  at: string;
  action: string;
  actorRole: string | null;
  actorUserId: string | null;
  targetType: string | null;
  targetId: string | null;
  patientId: string | null;
  channel: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The keyset cursor for older entries (the last entry's sequence number). */
  next: number | null;
}

export interface Usage {
  perDay: { day: string; questions: number; refusals: number }[];
  feedbackRatio: number | null;
  feedback: { up: number; down: number };
  latencyMs: { p50: number | null; p95: number | null };
  refusalReasons: Record<string, number>;
}

/** What `POST /v1/commands/:id` answers; `data` is the command's structured result. */
export interface CommandResult {
  data?: unknown;
}

export interface RefusedQuestion {
  createdAt: string;
  question: string;
  refusalReason: string | null;
}

/** One plugin setting as `GET /v1/plugins` lists it: whether it is set, never its value. */
interface PluginSettingInfo {
  name: string;
  type: "string" | "number" | "boolean" | "list";
  description?: string;
  /** The environment variable that sets it, when the manifest names one. */
  env?: string;
  set: boolean;
}

export interface PluginInfo {
  name: string;
  version: string;
  displayName: string;
  state: "inactive" | "activating" | "active" | "failed" | "refused";
  egress: boolean;
  error?: string;
  /** Contribution ids by kind (embedders, parsers, channels, …). */
  contributes: Record<string, string[]>;
  settings: PluginSettingInfo[];
}

/** A named metric of the practice database (`data metrics`; the SQL only for admins). */
export interface DataMetric {
  id: string;
  title: string;
  description: string;
  phrases: string[];
  parameters: Array<{ name: string; type: string; description?: string; values?: string[]; default?: string | number | boolean | null; role?: string; unit?: string }>;
  sql?: string;
  /** `configured`: from the data source's settings; `stored`: added or edited on this page. */
  origin: "configured" | "stored";
  /** Set when the metric uses a table or column an admin hid: it is refused until that is restored. */
  usesHidden?: string;
}

/** The allow list of the practice database (`data sources`). */
export interface DataSourcesView {
  sourceId: string;
  title: string;
  k: number;
  tables: Array<{ name: string; description: string; patientLinked: boolean; columns: Array<{ name: string; type: string; description?: string; unit?: string }> }>;
  relations: Array<{ from: string; to: string; description?: string }>;
}

/** `data allow-list`: what the practice database grants, each table and column marked hidden for this organisation. */
export interface AllowListView {
  sourceId: string;
  title: string;
  tables: Array<{ name: string; description: string; patientLinked: boolean; hidden: boolean; columns: Array<{ name: string; type: string; unit?: string; hidden: boolean; fixed?: boolean }> }>;
}
