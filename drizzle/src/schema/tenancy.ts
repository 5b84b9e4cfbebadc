import type { ProjectPolicy, ProjectProfile } from "@rounds/core";
import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";

/** A clinic or practice: the tenant. Every patient-scoped row carries its id. */
export const organizations = pgTable("organizations", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

/** A knowledge base inside an organisation. */
export const projects = pgTable("projects", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  slug: text("slug").notNull(),
  name: text("name").notNull(),
  profile: jsonb("profile").$type<ProjectProfile>().notNull(),
  policy: jsonb("policy").$type<ProjectPolicy>().notNull().default({ deidentifyOnIngest: false, deidentifyBeforeCloud: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("projects_org_slug").on(t.organizationId, t.slug)]);

/** Which project a chat conversation answers from, and its visibility policy. */
export const channelBindings = pgTable("channel_bindings", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  projectId: uuid("project_id").notNull().references(() => projects.id),
  channel: text("channel").notNull(),
  workspaceId: text("workspace_id").notNull(),
  /** Conversation id, or `*` for the whole workspace's default. */
  conversationId: text("conversation_id").notNull(),
  visibility: text("visibility", { enum: ["public", "private"] }).notNull().default("public"),
  /** Files dropped here are ingested. */
  adminChannel: boolean("admin_channel").notNull().default(false),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex("channel_bindings_conv").on(t.channel, t.workspaceId, t.conversationId),
  index("channel_bindings_org").on(t.organizationId),
]);

/**
 * Which organisation a chat workspace (Slack team, Teams tenant, Discord
 * guild) belongs to. Claimed once, by the first binding or account link the
 * installation can vouch for (its own report of the workspaces it is in), or
 * by the operator at the CLI; other organisations can then neither bind its
 * conversations nor link its accounts.
 */
export const workspaceClaims = pgTable("workspace_claims", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  channel: text("channel").notNull(),
  workspaceId: text("workspace_id").notNull(),
  /** How the claim was proven: `installation` (the channel plugin reported the workspace) or `operator` (the CLI at the server). */
  proof: text("proof", { enum: ["installation", "operator", "existing"] }).notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("workspace_claims_ws").on(t.channel, t.workspaceId)]);
