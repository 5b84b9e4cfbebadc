import type { ChannelIdentity, Role } from "../ports/index.ts";

/** Users, their chat identities, patients, API keys and admin sessions. Scoped by organisation. */
export interface User {
  id: string;
  organizationId: string;
  role: Role;
  displayName: string;
  email: string | null;
  patientId: string | null;
  disabled: boolean;
}

export interface Patient {
  id: string;
  organizationId: string;
  displayName: string;
  externalRef: string | null;
  clinicianUserId: string | null;
}

export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  userId: string | null;
  role: Role;
  /** The one project a limited key reaches; null for an organisation-wide key. */
  projectId: string | null;
  name: string;
  prefix: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface AdminSession {
  id: string;
  userId: string;
  /** The API key the session was opened with (null: a single sign-on login); the session ends with it. */
  apiKeyId: string | null;
  /** The sign-on provider id the session was opened through; null for an API-key login. */
  signOnProvider: string | null;
  /** The user's role when the session was opened; a change ends the session. */
  role: Role;
  csrfToken: string;
  expiresAt: Date;
}

export interface IdentityRepository {
  createUser(input: { organizationId: string; role: Role; displayName: string; email?: string; patientId?: string }): Promise<User>;
  getUser(organizationId: string, id: string): Promise<User | undefined>;
  /** Unscoped lookup, only for resolving an authenticated session to its user. */
  getUserById(id: string): Promise<User | undefined>;
  /** For login: by email across organisations (emails are unique per organisation; the first match wins only when unique). */
  findUsersByEmail(email: string): Promise<User[]>;
  listUsers(organizationId: string): Promise<User[]>;
  /** Scoped: the organisation's user with this email (emails are unique per organisation). */
  findUserByEmail(organizationId: string, email: string): Promise<User | undefined>;
  /** Changes a user's role, or disables them (removal keeps the row, for the audit trail). Scoped; `undefined` when not found. */
  updateUser(organizationId: string, id: string, change: { role?: Role; disabled?: boolean }): Promise<User | undefined>;
  /** Adds one to a fixed-window counter and returns the window's count (rate limits on the embedded tier). */
  hitRateWindow(key: string, windowStart: Date): Promise<number>;
  /**
   * Adds one to each key's counter in turn, in one statement, stopping after the first whose
   * count passes its limit; returns the counts of the keys it added to (the keys after one over
   * its limit are not counted).
   */
  hitRateWindows(hits: ReadonlyArray<{ key: string; limit: number }>, windowStart: Date): Promise<number[]>;
  linkChannelIdentity(input: { userId: string; organizationId: string; identity: Pick<ChannelIdentity, "channel" | "workspaceId" | "userId"> }): Promise<void>;
  /** The user a chat account acts as; a disabled (removed) user is `undefined`: their chat accounts act as nobody. */
  findUserByChannelIdentity(identity: Pick<ChannelIdentity, "channel" | "workspaceId" | "userId">): Promise<User | undefined>;
  createPatient(input: { organizationId: string; displayName: string; externalRef?: string; clinicianUserId?: string }): Promise<Patient>;
  getPatient(organizationId: string, id: string): Promise<Patient | undefined>;
  findPatientByRef(organizationId: string, ref: string): Promise<Patient | undefined>;
  listPatients(organizationId: string, options?: { clinicianUserId?: string }): Promise<Patient[]>;
  createApiKey(input: { organizationId: string; userId?: string; role: Role; projectId?: string; name: string; prefix: string; keyHash: string }): Promise<ApiKeyRecord>;
  /**
   * Looks a key up by its hash, with the user of its organisation it acts as (one read; every request
   * authenticated by a key makes it). Revoked keys are returned with `revokedAt` set.
   */
  findApiKeyByHash(keyHash: string): Promise<{ key: ApiKeyRecord; user?: User } | undefined>;
  /** Scoped: another organisation's key is `undefined`. */
  getApiKey(organizationId: string, id: string): Promise<ApiKeyRecord | undefined>;
  /** Revokes every live key of a user; returns how many. */
  revokeApiKeysOfUser(organizationId: string, userId: string, at: Date): Promise<number>;
  touchApiKey(id: string, at: Date): Promise<void>;
  revokeApiKey(organizationId: string, id: string, at: Date): Promise<boolean>;
  listApiKeys(organizationId: string): Promise<ApiKeyRecord[]>;
  /**
   * Links a sign-on subject (issuer + subject) to a user of the organisation,
   * replacing the user's earlier subject at that issuer. A subject linked to
   * another user of this organisation moves; one linked in another
   * organisation is refused (`FORBIDDEN`).
   */
  linkSignOnIdentity(input: { userId: string; organizationId: string; issuer: string; subject: string }): Promise<void>;
  /** Scoped: removes the user's sign-on subjects; returns how many. */
  unlinkSignOnIdentities(organizationId: string, userId: string): Promise<number>;
  /** The user a sign-on subject acts as (disabled users included: the caller refuses them by name). */
  findUserBySignOnIdentity(issuer: string, subject: string): Promise<User | undefined>;
  createSession(input: { userId: string; apiKeyId?: string; signOnProvider?: string; role: Role; tokenHash: string; csrfToken: string; expiresAt: Date }): Promise<AdminSession>;
  /** The session with this token hash unless it has expired at `at`. */
  findSessionByTokenHash(tokenHash: string, at: Date): Promise<AdminSession | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of a user (role change, removal). */
  deleteSessionsOfUser(userId: string): Promise<void>;
}
