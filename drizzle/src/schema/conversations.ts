import { index, integer, jsonb, pgTable, real, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";

export const conversations = pgTable("conversations", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id").notNull(),
  userId: uuid("user_id").notNull(),
  channel: text("channel").notNull(),
  externalConversationId: text("external_conversation_id"),
  createdAt: createdAt(),
}, (t) => [index("conversations_user").on(t.organizationId, t.userId)]);

export const messages = pgTable("messages", {
  id: id(),
  conversationId: uuid("conversation_id").notNull().references(() => conversations.id),
  role: text("role", { enum: ["user", "assistant"] }).notNull(),
  text: text("text").notNull(),
  createdAt: createdAt(),
}, (t) => [index("messages_conv").on(t.conversationId, t.createdAt)]);

/** An answer (or refusal) with what it was built from and how long it took. */
export const answers = pgTable("answers", {
  id: id(),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id").notNull(),
  conversationId: uuid("conversation_id"),
  userId: uuid("user_id").notNull(),
  question: text("question").notNull(),
  rewrittenQuery: text("rewritten_query"),
  text: text("text").notNull(),
  kind: text("kind", { enum: ["generated", "extractive", "refusal"] }).notNull(),
  refusalReason: text("refusal_reason"),
  modelId: text("model_id"),
  modelVersionId: uuid("model_version_id"),
  spaceId: uuid("space_id"),
  /** Patients whose material this answer was allowed to draw on (audit). */
  patientIds: jsonb("patient_ids").$type<string[]>().notNull().default([]),
  channel: text("channel"),
  latencyMs: integer("latency_ms"),
  retrievalMs: integer("retrieval_ms"),
  generationMs: integer("generation_ms"),
  createdAt: createdAt(),
}, (t) => [index("answers_org_at").on(t.organizationId, t.createdAt)]);

export const citations = pgTable("citations", {
  id: id(),
  answerId: uuid("answer_id").notNull().references(() => answers.id),
  n: integer("n").notNull(),
  chunkId: uuid("chunk_id").notNull(),
  documentId: uuid("document_id").notNull(),
  score: real("score"),
}, (t) => [index("citations_answer").on(t.answerId)]);

export const feedback = pgTable("feedback", {
  id: id(),
  answerId: uuid("answer_id").notNull().references(() => answers.id),
  organizationId: uuid("organization_id").notNull(),
  userId: uuid("user_id").notNull(),
  rating: text("rating", { enum: ["up", "down"] }).notNull(),
  comment: text("comment"),
  createdAt: createdAt(),
}, (t) => [index("feedback_answer").on(t.answerId)]);
