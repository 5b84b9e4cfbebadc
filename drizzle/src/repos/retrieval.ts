import type { RetrievalIndex } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import type { RoundsDb } from "../client.ts";

/** Hybrid (pgvector HNSW + BM25) retrieval inside SQL. Owned by retrieval and answers. */
export function createRetrievalIndex(_db: RoundsDb): RetrievalIndex {
  const notYet = async (): Promise<never> => { throw new RoundsError("INTERNAL", "Retrieval index is not implemented yet."); };
  return { specificationVersion: "v1", upsert: notYet, search: notYet };
}
