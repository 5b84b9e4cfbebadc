/**
 * Turns text into dense vectors stored in pgvector. An embedding space is
 * identified by `modelId` + `dimensions`; changing either creates a new space.
 *
 * Version history: v1 (initial).
 */
export interface Embedder {
  readonly specificationVersion: "v1";
  /** Stable model id, e.g. `openai:text-embedding-3-small` or `rounds:hash-ngram-384`. */
  readonly modelId: string;
  readonly dimensions: number;
  /**
   * How much retrieval should trust this embedder's ranking relative to BM25
   * (the weight of its list in rank fusion, 0..4). Default 1; a weights-free
   * embedder says less.
   */
  readonly fusionWeight?: number;
  /**
   * Cosine similarity of the best passage at which this embedder's match counts
   * as evidence on its own (with no passage about the question's subject),
   * overriding `answers.minSimilarity`. Above 1: never, for an embedder whose
   * similarities do not tell an absent topic from a covered one.
   */
  readonly evidenceSimilarity?: number;
  /** Most texts per `embed` call the implementation accepts. */
  readonly maxBatchSize: number;
  /** Embeds document passages. */
  embedDocuments(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  /** Embeds a search query (some models embed queries differently). */
  embedQuery(text: string, options?: { signal?: AbortSignal }): Promise<number[]>;
}
