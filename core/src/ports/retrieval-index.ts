/** Who may see a chunk. Every search carries one; implementations filter inside the query. */
export interface RetrievalScope {
  organizationId: string;
  projectId: string;
  /**
   * Patient scope. `undefined`: only chunks with no patient (general
   * knowledge). A list: general knowledge plus those patients' chunks.
   */
  patientIds?: string[];
  /** Channel policy: when set, only documents whose visibility allows this channel class. */
  visibility?: "public" | "private";
  /**
   * Who asks. Restricted documents (sensitivity other than `ordinary`, e.g. a
   * psychotherapy note's transcript) are searched only for their custodian;
   * without a reader, none are.
   */
  reader?: { userId: string };
}

export interface IndexedChunk {
  chunkId: string;
  documentId: string;
  organizationId: string;
  projectId: string;
  /** The patient a session chunk belongs to; `null` for general knowledge. */
  patientId: string | null;
  text: string;
  /** Dense vector in the index's embedding space. */
  vector: number[];
}

export interface SearchHit {
  chunkId: string;
  documentId: string;
  /** Fused score, higher is better. */
  score: number;
  /** Rank in the vector list and in the lexical list (1-based) when present there. */
  vectorRank?: number;
  lexicalRank?: number;
  /** Cosine similarity to the query vector (-1..1) when in the vector list. */
  similarity?: number;
  /** BM25 score when in the lexical list. */
  bm25?: number;
  /**
   * Share of the query's terms this chunk contains, weighted by their IDF
   * in the caller's scope (0..1): evidence that the chunk is about the
   * question, not just near it.
   */
  coverage?: number;
  /** The same share over the query's subject words only (`SearchQuery.subject`); equals `coverage` without one. */
  subjectCoverage?: number;
}

export interface SearchQuery {
  scope: RetrievalScope;
  /** Embedding space id of `vector`. */
  spaceId: string;
  text: string;
  /** The query in `spaceId`'s embedding space; omitted (or `vectorWeight` 0): the lexical list alone, no vector search. */
  vector?: number[];
  /** Hits to return after fusion. */
  k: number;
  /** Candidates taken from each list before fusion (default `max(4k, 40)`). */
  candidates?: number;
  /** The words of `text` that name what it is about (not how it asks); scored as `subjectCoverage`. */
  subject?: string;
  /**
   * Other names for some of the query's words (`words` stands for `for`, e.g.
   * "hypertension" for "high blood pressure"): searched with the query, and a
   * chunk holding all of an alternative's words counts as holding the words
   * it stands for in `coverage` and `subjectCoverage`.
   */
  alternatives?: Array<{ words: string; for: string }>;
  /** Weight of the vector list in reciprocal rank fusion (lexical is 1). Default 1; 0 searches the lexical list alone. */
  vectorWeight?: number;
}

/**
 * Hybrid (vector + lexical) search over approved, live chunks. Scope,
 * document status and soft delete are filtered inside the query, never
 * afterwards.
 *
 * Version history: v1 (initial).
 */
export interface RetrievalIndex {
  readonly specificationVersion: "v1";
  /** Stores vectors for chunks in an embedding space (idempotent per chunk + space). */
  upsert(spaceId: string, chunks: IndexedChunk[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchHit[]>;
}
