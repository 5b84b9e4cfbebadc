import { bigserial, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.ts";
import { patients, users } from "./people.ts";
import { organizations } from "./tenancy.ts";

export const consentTypes = ["recording", "transcription", "ai_analysis", "training_use", "psychotherapy_notes"] as const;

/**
 * The consent ledger: append-only (a trigger refuses UPDATE and DELETE).
 * Current status is derived: the latest event per patient and type wins.
 */
export const consentEvents = pgTable("consent_events", {
  seq: bigserial("seq", { mode: "number" }).primaryKey(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  patientId: uuid("patient_id").notNull().references(() => patients.id),
  type: text("type", { enum: consentTypes }).notNull(),
  action: text("action", { enum: ["granted", "revoked"] }).notNull(),
  recordedByUserId: uuid("recorded_by_user_id"),
  method: text("method", { enum: ["chat", "admin_web", "api", "cli"] }).notNull(),
  channel: text("channel"),
  ip: text("ip"),
  userAgent: text("user_agent"),
  details: jsonb("details").$type<Record<string, unknown>>(),
  at: createdAt(),
}, (t) => [index("consent_events_patient").on(t.organizationId, t.patientId, t.type, t.seq)]);

/** Audit log: every read of patient data and every admin action. Append-only. */
export const auditLog = pgTable("audit_log", {
  seq: bigserial("seq", { mode: "number" }).primaryKey(),
  organizationId: uuid("organization_id").notNull(),
  actorUserId: uuid("actor_user_id"),
  actorRole: text("actor_role"),
  action: text("action").notNull(),
  targetType: text("target_type"),
  targetId: text("target_id"),
  patientId: uuid("patient_id"),
  channel: text("channel"),
  details: jsonb("details").$type<Record<string, unknown>>(),
  at: createdAt(),
}, (t) => [index("audit_log_org_at").on(t.organizationId, t.at), index("audit_log_patient").on(t.patientId)]);

/**
 * The care team: which clinicians treat which patient, per organisation.
 * Where a project's policy requires it (`careTeam`, default "required"), a
 * clinician reaches a patient's material only while a row names them. An
 * admin adds and removes rows; each change is in the audit log.
 */
export const careTeamMembers = pgTable("care_team_members", {
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  patientId: uuid("patient_id").notNull().references(() => patients.id),
  userId: uuid("user_id").notNull().references(() => users.id),
  assignedByUserId: uuid("assigned_by_user_id"),
  assignedAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.organizationId, t.patientId, t.userId] }), index("care_team_members_user").on(t.organizationId, t.userId)]);
