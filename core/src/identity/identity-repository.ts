/**
 * Users, channel identities, patients, API keys, admin sessions, rate-limit windows. Implemented in drizzle/src/repos/identity.ts. Owned by identity and access.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IdentityRepository {}
