import { customType, timestamp, uuid } from "drizzle-orm/pg-core";

export const id = () => uuid("id").primaryKey().defaultRandom();
export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A pgvector column without fixed dimensions: one table holds every
 * embedding space, and each space gets its own partial HNSW index over
 * `embedding::vector(<dims>)` (see `embedding-spaces.ts`).
 */
export const anyVector = customType<{ data: number[]; driverData: string }>({
  dataType: () => "vector",
  toDriver: (value) => `[${value.join(",")}]`,
  fromDriver: (value) => (typeof value === "string" ? (JSON.parse(value) as number[]) : (value as number[])),
});

/** Postgres full-text vector, used by lexical (BM25) search. */
export const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => "tsvector",
});

/** Dimensions of the hashed BM25 term space (lexemes hashed into 1..2^20). */
export const LEXICAL_DIMENSIONS = 1_048_576;

/** pgvector sparse vector of BM25 term weights, searched by inner product. */
export const sparsevec = customType<{ data: string; driverData: string }>({
  dataType: () => `sparsevec(${LEXICAL_DIMENSIONS})`,
});
