import type { NoteSection, RiskFlag } from "@rounds/core";
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { anyVector, createdAt, id, sparsevec, ts, tsvector, updatedAt } from "./columns.ts";
import { patients, users } from "./people.ts";
import { organizations, projects } from "./tenancy.ts";

export const documentStatuses = ["processing", "pending", "approved", "rejected", "irrelevant", "failed"] as const;

/**
 * An uploaded document version. A re-upload of the same file name creates a
 * new version and soft-deletes the previous one (kept for training).
 */
export const documents = pgTable("documents", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  projectId: uuid("project_id").notNull().references(() => projects.id),
  /** Set for session transcripts: whose session this is. */
  patientId: uuid("patient_id").references(() => patients.id),
  sessionId: uuid("session_id"),
  kind: text("kind", { enum: ["document", "transcript"] }).notNull().default("document"),
  title: text("title").notNull(),
  fileName: text("file_name").notNull(),
  mediaType: text("media_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  contentHash: text("content_hash").notNull(),
  blobKey: text("blob_key").notNull(),
  version: integer("version").notNull().default(1),
  previousVersionId: uuid("previous_version_id"),
  status: text("status", { enum: documentStatuses }).notNull().default("processing"),
  /** none → indexing → indexed, once approved. */
  indexState: text("index_state", { enum: ["none", "indexing", "indexed"] }).notNull().default("none"),
  pageCount: integer("page_count"),
  classifierVerdict: text("classifier_verdict", { enum: ["relevant", "irrelevant"] }),
  classifierScore: real("classifier_score"),
  classifierReason: text("classifier_reason"),
  failedStep: text("failed_step"),
  failureReason: text("failure_reason"),
  /** Channel policy: public documents may be quoted in public channels. */
  visibility: text("visibility", { enum: ["public", "private"] }).notNull().default("public"),
  /**
   * Sensitivity class. `psychotherapy`: the transcript behind a psychotherapy
   * note (HIPAA 45 CFR 164.501), readable only by its custodian, the note's
   * author; every document and chunk read and every search filters on it.
   */
  sensitivity: text("sensitivity", { enum: ["ordinary", "psychotherapy"] }).notNull().default("ordinary"),
  custodianUserId: uuid("custodian_user_id").references(() => users.id),
  sourceChannel: text("source_channel"),
  uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id),
  reviewedByUserId: uuid("reviewed_by_user_id").references(() => users.id),
  reviewedAt: ts("reviewed_at"),
  deletedAt: ts("deleted_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index("documents_scope").on(t.organizationId, t.projectId, t.status),
  uniqueIndex("documents_live_hash").on(t.projectId, t.contentHash).where(sql`${t.deletedAt} is null`),
  index("documents_file").on(t.projectId, t.fileName),
]);

/** A passage of a document version, with everything a citation needs. */
export const chunks = pgTable("chunks", {
  id: id(),
  documentId: uuid("document_id").notNull().references(() => documents.id),
  organizationId: uuid("organization_id").notNull(),
  projectId: uuid("project_id").notNull(),
  patientId: uuid("patient_id"),
  documentVersion: integer("document_version").notNull(),
  position: integer("position").notNull(),
  text: text("text").notNull(),
  tokenCount: integer("token_count").notNull(),
  page: integer("page"),
  headings: jsonb("headings").$type<string[]>(),
  /** The text was recognised from an image (a scanned page), not read from a text layer. */
  ocr: boolean("ocr").notNull().default(false),
  /** Document title and section path: searched with the text (a page-3 passage still matches its document's subject). */
  context: text("context").notNull().default(""),
  speaker: text("speaker"),
  startMs: integer("start_ms"),
  endMs: integer("end_ms"),
  /** Lexical index (english stemming) of context + text, searched with BM25 scoring. */
  tsv: tsvector("tsv").generatedAlwaysAs(sql`to_tsvector('english', "context" || ' ' || "text")`),
  /**
   * BM25 term weights of the chunk's lexemes (hashed), tf-saturated and
   * length-normalised; the query vector carries the IDFs, so the inner
   * product is the BM25 score. Set when the chunk is indexed.
   */
  lexical: sparsevec("lexical"),
  deletedAt: ts("deleted_at"),
  createdAt: createdAt(),
}, (t) => [
  index("chunks_scope").on(t.organizationId, t.projectId, t.patientId),
  index("chunks_lexical_hnsw").using("hnsw", sql`${t.lexical} sparsevec_ip_ops`),
  index("chunks_document").on(t.documentId, t.position),
  index("chunks_tsv").using("gin", t.tsv),
]);

/**
 * Document frequencies of lexemes among a project's indexed, live chunks
 * (the empty term holds the chunk count), for BM25's IDF at query time.
 */
export const termStats = pgTable("term_stats", {
  projectId: uuid("project_id").notNull(),
  term: text("term").notNull(),
  df: integer("df").notNull(),
}, (t) => [primaryKey({ columns: [t.projectId, t.term] })]);

/** An embedding space: one embedder model at one dimension. */
export const embeddingSpaces = pgTable("embedding_spaces", {
  id: id(),
  modelId: text("model_id").notNull(),
  dimensions: integer("dimensions").notNull(),
  status: text("status", { enum: ["building", "ready", "retired"] }).notNull().default("building"),
  createdAt: createdAt(),
  readyAt: ts("ready_at"),
}, (t) => [uniqueIndex("embedding_spaces_model").on(t.modelId, t.dimensions)]);

/** Vectors per chunk per space; each space has a partial HNSW index on `embedding::vector(dims)`. */
export const embeddings = pgTable("embeddings", {
  chunkId: uuid("chunk_id").notNull().references(() => chunks.id),
  spaceId: uuid("space_id").notNull().references(() => embeddingSpaces.id),
  embedding: anyVector("embedding").notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.chunkId, t.spaceId] })]);

/** Therapy sessions: recordings/transcripts of one patient. */
export const sessions = pgTable("sessions", {
  id: id(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  projectId: uuid("project_id").notNull().references(() => projects.id),
  patientId: uuid("patient_id").notNull().references(() => patients.id),
  clinicianUserId: uuid("clinician_user_id").references(() => users.id),
  status: text("status", { enum: ["uploaded", "transcribing", "transcribed", "indexed", "failed"] }).notNull().default("uploaded"),
  recordedAt: ts("recorded_at"),
  documentId: uuid("document_id"),
  failureReason: text("failure_reason"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index("sessions_patient").on(t.organizationId, t.patientId)]);

/**
 * The columns a progress note and a psychotherapy note share, written once so
 * the two tables cannot drift apart; each table adds its own scope columns.
 * A function, as drizzle builds every column builder into one table.
 */
const noteColumns = () => ({
  id: id(),
  sessionId: uuid("session_id").notNull().references(() => sessions.id),
  /** Null for a note written before authors were recorded. */
  authorUserId: uuid("author_user_id"),
  sections: jsonb("sections").$type<NoteSection[]>().notNull(),
  /** soap, dap, birp, girp; `legacy` for notes written before formats. */
  format: text("format", { enum: ["soap", "dap", "birp", "girp", "legacy"] }).notNull().default("legacy"),
  riskFlags: jsonb("risk_flags").$type<RiskFlag[]>().notNull().default([]),
  riskAcknowledgedByUserId: uuid("risk_acknowledged_by_user_id"),
  riskAcknowledgedAt: ts("risk_acknowledged_at"),
  modelId: text("model_id").notNull(),
  generationMs: integer("generation_ms"),
  status: text("status", { enum: ["draft", "approved"] }).notNull().default("draft"),
  approvedByUserId: uuid("approved_by_user_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A structured progress note of a session (psychotherapy notes live in `psychotherapy_notes`). */
export const notes = pgTable("notes", {
  ...noteColumns(),
  organizationId: uuid("organization_id").notNull(),
  patientId: uuid("patient_id").notNull(),
}, (t) => [index("notes_session").on(t.sessionId)]);

/**
 * Psychotherapy notes (HIPAA 45 CFR 164.501): the clinician's process notes,
 * stored apart from the record's progress notes. Read, listed and changed by
 * their author only (every query filters on organisation and author), and
 * read by a training export only for patients whose authorisation is recorded.
 * `author_user_id` is null only for a row moved from `notes` that had no
 * author (such a row is visible to nobody, as it was before the move).
 */
export const psychotherapyNotes = pgTable("psychotherapy_notes", {
  ...noteColumns(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  projectId: uuid("project_id").notNull().references(() => projects.id),
  patientId: uuid("patient_id").notNull().references(() => patients.id),
}, (t) => [index("psychotherapy_notes_author").on(t.organizationId, t.authorUserId, t.patientId)]);
