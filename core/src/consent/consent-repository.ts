/**
 * The append-only consent ledger. Implemented in drizzle/src/repos/consent.ts. Owned by identity and access.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConsentRepository {}
