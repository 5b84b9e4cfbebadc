import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts } from "./columns.ts";
import { organizations, projects } from "./tenancy.ts";

export const roles = ["admin", "clinician", "patient", "auditor"] as const;

/** A patient of an organisation. Names are PHI: never logged, de-identified on export. */
export const patients = pgTable("patients", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  displayName: text("display_name").notNull(),
  externalRef: text("external_ref"),
  /** The clinician whose caseload this patient is in (optional policy). */
  clinicianUserId: uuid("clinician_user_id"),
  createdAt: createdAt(),
}, (t) => [index("patients_org").on(t.organizationId)]);

export const users = pgTable("users", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  role: text("role", { enum: roles }).notNull(),
  displayName: text("display_name").notNull(),
  email: text("email"),
  /** Set for role `patient`: the patient record this user is. */
  patientId: uuid("patient_id").references(() => patients.id),
  disabledAt: ts("disabled_at"),
  createdAt: createdAt(),
}, (t) => [index("users_org").on(t.organizationId), uniqueIndex("users_org_email").on(t.organizationId, t.email)]);

/** A chat account (Slack/Teams/Discord) mapped to a Rounds user. */
export const channelIdentities = pgTable("channel_identities", {
  id: id(),
  userId: uuid("user_id").notNull().references(() => users.id),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  channel: text("channel").notNull(),
  workspaceId: text("workspace_id").notNull(),
  externalUserId: text("external_user_id").notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("channel_identities_ext").on(t.channel, t.workspaceId, t.externalUserId)]);

/**
 * A single sign-on account (issuer + subject of an OpenID Connect provider)
 * mapped to a Rounds user by an admin (`users sign-on`). One subject acts as
 * one user; a user has at most one subject per issuer.
 */
export const signOnIdentities = pgTable("sign_on_identities", {
  id: id(),
  userId: uuid("user_id").notNull().references(() => users.id),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  issuer: text("issuer").notNull(),
  subject: text("subject").notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("sign_on_identities_subject").on(t.issuer, t.subject), uniqueIndex("sign_on_identities_user").on(t.userId, t.issuer)]);

/** API keys: shown once, stored as HMAC-SHA256 with the server secret. */
export const apiKeys = pgTable("api_keys", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  userId: uuid("user_id").references(() => users.id),
  role: text("role", { enum: roles }).notNull(),
  /** Set for a key limited to one project of its organisation (null: the whole organisation). */
  projectId: uuid("project_id").references(() => projects.id),
  name: text("name").notNull(),
  /** First characters of the key, for people to recognise it. */
  prefix: text("prefix").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  lastUsedAt: ts("last_used_at"),
  revokedAt: ts("revoked_at"),
  createdAt: createdAt(),
});

/**
 * Admin web sessions (cookie holds the token; only its hash is stored). A
 * session ends with the API key it was opened with, with a change of the
 * user's role from the one it was opened with, and with the user's removal.
 */
export const adminSessions = pgTable("admin_sessions", {
  id: id(),
  userId: uuid("user_id").notNull().references(() => users.id),
  /** The key the session was opened with; null for a single sign-on login. */
  apiKeyId: uuid("api_key_id").references(() => apiKeys.id),
  /** The sign-on provider the session was opened through (null: API key); logout also ends the provider's session. */
  signOnProvider: text("sign_on_provider"),
  /** The user's role when the session was opened. */
  role: text("role", { enum: roles }).notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  csrfToken: text("csrf_token").notNull(),
  expiresAt: ts("expires_at").notNull(),
  createdAt: createdAt(),
});
