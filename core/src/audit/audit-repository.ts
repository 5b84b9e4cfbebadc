/**
 * The append-only audit log. Implemented in drizzle/src/repos/audit.ts. Owned by identity and access.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditRepository {}
