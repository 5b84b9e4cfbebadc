/**
 * Persistence for the database-backed job queue (embedded tier).
 * Implemented in `drizzle/src/repos/jobs.ts`. Owned by the jobs layer.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobStore {}
