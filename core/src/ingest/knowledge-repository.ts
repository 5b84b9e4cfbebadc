/**
 * Documents, chunks and embedding spaces. Implemented in drizzle/src/repos/knowledge.ts. Owned by the ingestion flow.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KnowledgeRepository {}
