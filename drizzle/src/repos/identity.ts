import type { AdminSession, ApiKeyRecord, IdentityRepository, Patient, User } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { generationColumn, type IdentityCaches } from "./identity-cache.ts";
import { adminSessions, apiKeys, channelIdentities, patients, rateLimitWindows, signOnIdentities, users } from "../schema/index.ts";
import { rowsOf } from "./rows.ts";

const toUser = (r: typeof users.$inferSelect): User => ({
  id: r.id, organizationId: r.organizationId, role: r.role, displayName: r.displayName, email: r.email, patientId: r.patientId, disabled: r.disabledAt !== null,
});
const toPatient = (r: typeof patients.$inferSelect): Patient => ({
  id: r.id, organizationId: r.organizationId, displayName: r.displayName, externalRef: r.externalRef, clinicianUserId: r.clinicianUserId,
});
const toKey = (r: typeof apiKeys.$inferSelect): ApiKeyRecord => ({
  id: r.id, organizationId: r.organizationId, userId: r.userId, role: r.role, projectId: r.projectId, name: r.name, prefix: r.prefix,
  lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt, createdAt: r.createdAt,
});
const toSession = (r: typeof adminSessions.$inferSelect): AdminSession => ({ id: r.id, userId: r.userId, apiKeyId: r.apiKeyId, signOnProvider: r.signOnProvider, role: r.role, csrfToken: r.csrfToken, expiresAt: r.expiresAt });

/** `caches`: outside transactions, the API key read is served from the process while the identity tables are unchanged (identity-cache.ts). */
export function createIdentityRepository(db: RoundsDb, caches?: IdentityCaches): IdentityRepository {
  const keyCache = caches?.cache<{ key: ApiKeyRecord; user?: User }>();
  return {
    async createUser(input) {
      const [row] = await db.insert(users).values({ ...input, ...(input.email ? { email: input.email.toLowerCase() } : {}) }).returning();
      return toUser(row!);
    },
    async getUser(organizationId, id) {
      const [row] = await db.select().from(users).where(and(eq(users.organizationId, organizationId), eq(users.id, id)));
      return row ? toUser(row) : undefined;
    },
    async getUserById(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row ? toUser(row) : undefined;
    },
    async findUsersByEmail(email) {
      return (await db.select().from(users).where(eq(users.email, email.toLowerCase()))).map(toUser);
    },
    async listUsers(organizationId) {
      return (await db.select().from(users).where(eq(users.organizationId, organizationId)).orderBy(asc(users.displayName))).map(toUser);
    },
    async findUserByEmail(organizationId, email) {
      const [row] = await db.select().from(users).where(and(eq(users.organizationId, organizationId), eq(users.email, email.toLowerCase())));
      return row ? toUser(row) : undefined;
    },
    async updateUser(organizationId, id, change) {
      const set = {
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? new Date() : null }),
      };
      if (Object.keys(set).length === 0) return this.getUser(organizationId, id);
      const [row] = await db.update(users).set(set).where(and(eq(users.organizationId, organizationId), eq(users.id, id))).returning();
      return row ? toUser(row) : undefined;
    },
    async hitRateWindow(key, windowStart) {
      const [row] = await db.insert(rateLimitWindows).values({ key, windowStart, count: 1 })
        .onConflictDoUpdate({ target: [rateLimitWindows.key, rateLimitWindows.windowStart], set: { count: sql`${rateLimitWindows.count} + 1` } })
        .returning({ count: rateLimitWindows.count });
      return row!.count;
    },
    async hitRateWindows(hits, windowStart) {
      if (hits.length === 0) return [];
      // One data-modifying CTE per key, each inserting only when the previous key's count is within its limit.
      const upsert = sql`on conflict (key, window_start) do update set count = ${rateLimitWindows}.count + 1 returning count`;
      const steps = hits.map((h, i) => i === 0
        ? sql`${sql.raw(`h${i}`)} as (insert into ${rateLimitWindows} (key, window_start, count) values (${h.key}, ${windowStart.toISOString()}::timestamptz, 1) ${upsert})`
        : sql`${sql.raw(`h${i}`)} as (insert into ${rateLimitWindows} (key, window_start, count) select ${h.key}, ${windowStart.toISOString()}::timestamptz, 1 from ${sql.raw(`h${i - 1}`)} where ${sql.raw(`h${i - 1}`)}.count <= ${hits[i - 1]!.limit} ${upsert})`);
      const counts = hits.map((_, i) => sql`(select count from ${sql.raw(`h${i}`)}) as ${sql.raw(`c${i}`)}`);
      const result = await db.execute(sql`with ${sql.join(steps, sql`, `)} select ${sql.join(counts, sql`, `)}`);
      const [row] = rowsOf<Record<string, number | null>>(result);
      const out: number[] = [];
      for (let i = 0; i < hits.length && row?.[`c${i}`] != null; i++) out.push(Number(row[`c${i}`]));
      return out;
    },

    async linkChannelIdentity({ userId, organizationId, identity }) {
      const rows = await db.insert(channelIdentities).values({ userId, organizationId, channel: identity.channel, workspaceId: identity.workspaceId, externalUserId: identity.userId })
        .onConflictDoUpdate({
          target: [channelIdentities.channel, channelIdentities.workspaceId, channelIdentities.externalUserId], set: { userId },
          // Never moves another organisation's account to this one.
          setWhere: eq(channelIdentities.organizationId, organizationId),
        }).returning({ id: channelIdentities.id });
      if (rows.length === 0) throw new RoundsError("FORBIDDEN", "That chat account is linked in another organisation.");
    },
    async findUserByChannelIdentity(identity) {
      const [row] = await db.select({ user: users }).from(channelIdentities).innerJoin(users, eq(users.id, channelIdentities.userId))
        .where(and(eq(channelIdentities.channel, identity.channel), eq(channelIdentities.workspaceId, identity.workspaceId), eq(channelIdentities.externalUserId, identity.userId), isNull(users.disabledAt)));
      return row ? toUser(row.user) : undefined;
    },
    async linkSignOnIdentity({ userId, organizationId, issuer, subject }) {
      await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        const [taken] = await tx.select().from(signOnIdentities).where(and(eq(signOnIdentities.issuer, issuer), eq(signOnIdentities.subject, subject)));
        // Never moves another organisation's account to this one.
        if (taken && taken.organizationId !== organizationId) throw new RoundsError("FORBIDDEN", "That sign-on account is linked in another organisation.");
        if (taken) await tx.delete(signOnIdentities).where(eq(signOnIdentities.id, taken.id));
        await tx.delete(signOnIdentities).where(and(eq(signOnIdentities.organizationId, organizationId), eq(signOnIdentities.userId, userId), eq(signOnIdentities.issuer, issuer)));
        await tx.insert(signOnIdentities).values({ userId, organizationId, issuer, subject });
      });
    },
    async unlinkSignOnIdentities(organizationId, userId) {
      const r = await db.delete(signOnIdentities).where(and(eq(signOnIdentities.organizationId, organizationId), eq(signOnIdentities.userId, userId))).returning({ id: signOnIdentities.id });
      return r.length;
    },
    async findUserBySignOnIdentity(issuer, subject) {
      const [row] = await db.select({ user: users }).from(signOnIdentities).innerJoin(users, eq(users.id, signOnIdentities.userId))
        .where(and(eq(signOnIdentities.issuer, issuer), eq(signOnIdentities.subject, subject), eq(users.organizationId, signOnIdentities.organizationId)));
      return row ? toUser(row.user) : undefined;
    },
    async createPatient(input) {
      const [row] = await db.insert(patients).values(input).returning();
      return toPatient(row!);
    },
    async getPatient(organizationId, id) {
      const [row] = await db.select().from(patients).where(and(eq(patients.organizationId, organizationId), eq(patients.id, id)));
      return row ? toPatient(row) : undefined;
    },
    async findPatientByRef(organizationId, ref) {
      const [row] = await db.select().from(patients).where(and(eq(patients.organizationId, organizationId), eq(patients.externalRef, ref)));
      return row ? toPatient(row) : undefined;
    },
    async listPatients(organizationId, options = {}) {
      const where = options.clinicianUserId
        ? and(eq(patients.organizationId, organizationId), eq(patients.clinicianUserId, options.clinicianUserId))
        : eq(patients.organizationId, organizationId);
      return (await db.select().from(patients).where(where).orderBy(asc(patients.createdAt))).map(toPatient);
    },
    async createApiKey(input) {
      const [row] = await db.insert(apiKeys).values(input).returning();
      return toKey(row!);
    },
    async findApiKeyByHash(keyHash) {
      const load = async () => {
        const [row] = await db.select({ key: apiKeys, user: users, generation: generationColumn() }).from(apiKeys)
          .leftJoin(users, and(eq(users.id, apiKeys.userId), eq(users.organizationId, apiKeys.organizationId))).where(eq(apiKeys.keyHash, keyHash));
        return { generation: row?.generation ?? Number.NaN, value: row && { key: toKey(row.key), ...(row.user && { user: toUser(row.user) }) } };
      };
      return keyCache ? keyCache.get(keyHash, load) : (await load()).value;
    },
    async getApiKey(organizationId, id) {
      const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, id)));
      return row ? toKey(row) : undefined;
    },
    async revokeApiKeysOfUser(organizationId, userId, at) {
      const r = await db.update(apiKeys).set({ revokedAt: at })
        .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
      return r.length;
    },
    async touchApiKey(id, at) {
      await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
      // The last use bumps no generation (it changes no one's rights): the cached key learns it here.
      keyCache?.update((v) => { if (v.key.id === id) v.key.lastUsedAt = at; });
    },
    async revokeApiKey(organizationId, id, at) {
      const r = await db.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.id, id))).returning({ id: apiKeys.id });
      return r.length === 1;
    },
    async listApiKeys(organizationId) {
      return (await db.select().from(apiKeys).where(eq(apiKeys.organizationId, organizationId)).orderBy(asc(apiKeys.createdAt))).map(toKey);
    },
    async createSession(input) {
      const [row] = await db.insert(adminSessions).values(input).returning();
      return toSession(row!);
    },
    async findSessionByTokenHash(tokenHash, at) {
      const [row] = await db.select().from(adminSessions).where(and(eq(adminSessions.tokenHash, tokenHash), gt(adminSessions.expiresAt, at)));
      return row ? toSession(row) : undefined;
    },
    async deleteSession(tokenHash) {
      await db.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
    },
    async deleteSessionsOfUser(userId) {
      await db.delete(adminSessions).where(eq(adminSessions.userId, userId));
    },
  };
}
