/**
 * The append-only consent ledger. Implemented in drizzle/src/repos/consent.ts. Owned by identity and access.
 */
 
export interface ConsentRepository {}
