/**
 * Documents, chunks and embedding spaces. Implemented in
 * `drizzle/src/repos/knowledge.ts`. Owned by the ingestion flow. Every read
 * takes the tenant scope and filters on it inside the query.
 */
import type { Chunk } from "./chunker.ts";

export type DocumentStatus = "processing" | "pending" | "approved" | "rejected" | "irrelevant" | "failed";
export type IndexState = "none" | "indexing" | "indexed";
/** A status, or a status with one index state (compare-and-set condition of `transition`). */
export type DocumentStateMatch = DocumentStatus | { status: DocumentStatus; indexState: IndexState };

/**
 * Who reads: a user (sees ordinary documents and the restricted ones they are
 * custodian of), or `unrestricted`: the ingest pipeline itself (parses,
 * indexes, re-judges), or a read whose text then passes the release gate
 * with the chunks' custodians (`releasePatientText`), which refuses it to
 * anyone else. No reader: ordinary documents only.
 */
export type DocumentReader = { userId: string } | "unrestricted";

export interface KnowledgeScope {
  organizationId: string;
  projectId: string;
  /** Reads only: which restricted documents (`sensitivity` other than `ordinary`) the read may see. Writes ignore it. */
  reader?: DocumentReader;
}

/**
 * `ordinary`, or `psychotherapy`: the transcript a psychotherapy note was
 * written from (HIPAA 45 CFR 164.501), which only its custodian (the note's
 * author) may read, search or be quoted; never exported without the patient's
 * authorisation.
 */
export type DocumentSensitivity = "ordinary" | "psychotherapy";

export interface DocumentRecord {
  id: string;
  organizationId: string;
  projectId: string;
  patientId: string | null;
  kind: "document" | "transcript";
  title: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  contentHash: string;
  blobKey: string;
  version: number;
  previousVersionId: string | null;
  status: DocumentStatus;
  indexState: IndexState;
  pageCount: number | null;
  classifierVerdict: "relevant" | "irrelevant" | null;
  classifierScore: number | null;
  classifierReason: string | null;
  failedStep: string | null;
  failureReason: string | null;
  visibility: "public" | "private";
  sensitivity: DocumentSensitivity;
  /** For a restricted document: the one user who may read it. */
  custodianUserId: string | null;
  sourceChannel: string | null;
  uploadedByUserId: string | null;
  reviewedByUserId: string | null;
  reviewedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an upload sets of a document; the rest starts at its default. */
export interface NewDocument extends KnowledgeScope,
  Pick<DocumentRecord, "kind" | "title" | "fileName" | "mediaType" | "sizeBytes" | "contentHash" | "blobKey">,
  Partial<Pick<DocumentRecord, "patientId" | "visibility" | "sourceChannel" | "uploadedByUserId">> {}

export type DocumentPatch = Partial<Pick<DocumentRecord,
  "title" | "status" | "indexState" | "pageCount" | "kind" | "classifierVerdict" | "classifierScore" | "classifierReason" |
  "failedStep" | "failureReason" | "reviewedByUserId" | "reviewedAt">>;

/** A chunk as the chunker cut it, with the context it is searched with. */
export interface NewChunk extends Chunk {
  /** Document title and section path, searched with the text but not quoted. */
  context?: string;
}

export interface ChunkRecord extends NewChunk {
  id: string;
  documentId: string;
  organizationId: string;
  projectId: string;
  patientId: string | null;
  documentVersion: number;
  deletedAt: Date | null;
}

/** Where a chunk sits in its document, without its text. */
export type ChunkSection = Pick<ChunkRecord, "id" | "position" | "documentVersion" | "patientId" | "context">;

/** A chunk with what a citation shows about its document. */
export interface CitableChunk extends ChunkRecord {
  documentTitle: string;
  fileName: string;
  documentKind: "document" | "transcript";
  /** The one user who may read the chunk's document when it is restricted (a psychotherapy note's transcript); null when ordinary. */
  custodianUserId: string | null;
}

export interface EmbeddingSpace {
  id: string;
  modelId: string;
  dimensions: number;
  status: "building" | "ready" | "retired";
  readyAt: Date | null;
}

export interface KnowledgeRepository {
  /**
   * Creates a document row. Identical content already live in the project
   * returns `{ duplicateOf }` instead; a live document with the same file
   * name makes this the next version (`previousVersionId`), which replaces
   * the old one when it is indexed.
   */
  createDocument(input: NewDocument): Promise<{ document: DocumentRecord; duplicateOf?: undefined } | { document?: undefined; duplicateOf: DocumentRecord }>;
  getDocument(scope: KnowledgeScope, id: string): Promise<DocumentRecord | undefined>;
  /** Ids of live documents in scope that start with `prefix` (hex and dashes, at least 4 characters); at most `limit`. */
  findDocumentIdsByPrefix(scope: KnowledgeScope, prefix: string, limit: number): Promise<string[]>;
  /** Live (not soft-deleted) documents, newest first. */
  listDocuments(scope: KnowledgeScope, filter?: { status?: DocumentStatus; limit?: number }): Promise<DocumentRecord[]>;
  updateDocument(scope: KnowledgeScope, id: string, patch: DocumentPatch): Promise<DocumentRecord>;
  /**
   * Moves a live document to a new state only if it is still in one of
   * `from` (compare-and-set), so two admins or two workers cannot both act.
   * A bare status matches any index state. Callers go through
   * `document-lifecycle.ts`, which owns the allowed moves.
   */
  transition(scope: KnowledgeScope, id: string, from: ReadonlyArray<DocumentStateMatch>, patch: DocumentPatch & { status: DocumentStatus }): Promise<DocumentRecord | undefined>;
  /**
   * Puts a document in a restricted sensitivity class with one custodian.
   * Idempotent for the same custodian; a document already restricted to
   * another user is left as it is and returned (the caller refuses).
   */
  restrictDocument(scope: KnowledgeScope, id: string, sensitivity: Exclude<DocumentSensitivity, "ordinary">, custodianUserId: string): Promise<DocumentRecord | undefined>;
  /** Soft-deletes a document and its chunks (kept for training, never answered from). */
  softDeleteDocument(scope: KnowledgeScope, id: string, at: Date): Promise<void>;
  /**
   * Replaces the chunks of a document version in one transaction
   * (idempotent: a retried indexing job never leaves two copies).
   */
  replaceChunks(scope: KnowledgeScope, documentId: string, chunks: NewChunk[]): Promise<ChunkRecord[]>;
  /** Live chunks of a document in order. */
  listChunks(scope: KnowledgeScope, documentId: string): Promise<ChunkRecord[]>;
  /** A document's outline: its live chunks in order without their text, to pick the few worth loading. */
  listSections(scope: KnowledgeScope, documentId: string): Promise<ChunkSection[]>;
  /** Chunks by id inside the scope (others are silently absent), with document titles. */
  getChunks(scope: KnowledgeScope, chunkIds: string[]): Promise<CitableChunk[]>;
  /** Chunks including soft-deleted ones: the training-data view. */
  listChunksForTraining(scope: KnowledgeScope, options?: { limit?: number }): Promise<ChunkRecord[]>;
  /**
   * The project's vocabulary: in how many indexed chunks each word occurs
   * (as the lexical index stems it; stop words are left out) and how many
   * indexed chunks there are. Tells a question about something the
   * knowledge base never mentions from one it words differently.
   */
  termFrequencies(scope: KnowledgeScope, words: string[]): Promise<{ chunks: number; frequencies: Map<string, number> }>;
  /** Counts per status of live documents. */
  countByStatus(scope: KnowledgeScope): Promise<Record<string, number>>;

  /** The space for a model + dimensions, created (with its HNSW index) if new. */
  ensureSpace(modelId: string, dimensions: number): Promise<EmbeddingSpace>;
  listSpaces(): Promise<EmbeddingSpace[]>;
  setSpaceStatus(spaceId: string, status: EmbeddingSpace["status"], at?: Date): Promise<void>;
  /** Live, indexed chunks (any tenant) with no vector in `spaceId` yet: the re-embedding backlog. */
  chunksMissingEmbedding(spaceId: string, limit: number): Promise<ChunkRecord[]>;
}
