// The identity reads every API request makes (API key with its user, project), cached in the
// process while identity_generation is unchanged (src/repos/identity-cache.ts). Each change of
// rights must be seen by the very next read, whoever made it: this store, another store (another
// process's cache), a transaction, plain SQL. On both targets; on PostgreSQL the other store is
// on its own connection pool, as another process would be.
import { randomUUID } from "node:crypto";
import type { Store } from "@rounds/core";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/client.ts";
import { createStore } from "../src/repos/index.ts";
import { databaseTargets, type DatabaseTarget, migratedPgliteCopy, migratedTemplate } from "../src/testing.ts";

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});
beforeAll(async () => {
  await migratedTemplate();
}, 180_000);

/** This process's store, and a writer that is someone else: another process on PostgreSQL, another store (its own caches) over the one embedded database. */
async function open(target: DatabaseTarget): Promise<{ handle: DatabaseHandle; store: Store; other: Store; otherHandle: DatabaseHandle }> {
  if (target.name === "pglite") {
    const handle = await openDatabase({ dataDir: await migratedPgliteCopy() });
    await handle.migrate();
    closers.push(() => handle.close());
    return { handle, store: createStore(handle), other: createStore(handle), otherHandle: handle };
  }
  const options = await target.open();
  const handle = await openDatabase(options);
  await handle.migrate();
  const otherHandle = await openDatabase(options);
  closers.push(() => handle.close(), () => otherHandle.close());
  return { handle, store: createStore(handle), other: createStore(otherHandle), otherHandle };
}

const profile = { domain: "ketamine-assisted therapy", description: "Ketamine therapy guidance", seeds: [] };

async function seed(store: Store) {
  const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
  const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile });
  const user = await store.identity.createUser({ organizationId: org.id, role: "clinician", displayName: "Asker" });
  const keyHash = `hash-${randomUUID()}`;
  const key = await store.identity.createApiKey({ organizationId: org.id, userId: user.id, role: "clinician", name: "k", prefix: "rk_abc", keyHash });
  return { org, project, user, key, keyHash };
}

for (const target of databaseTargets()) {
  describe(`identity cache (${target.name})`, () => {
    it("reads the key with its user in one statement, and serves it from the process while nothing changed (a write that skips the triggers goes unseen: the cache is what answers)", async () => {
      const { handle, store } = await open(target);
      const { org, user, key, keyHash } = await seed(store);
      expect(await store.identity.findApiKeyByHash(keyHash)).toEqual({ key, user });
      expect(await store.identity.findApiKeyByHash("no-such-hash")).toBeUndefined();
      // Without triggers (replica mode) the generation stays: the cached key is served, proving the hit path reads nothing else.
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql.raw("set local session_replication_role = replica"));
        await tx.execute(sql`update api_keys set name = 'renamed' where id = ${key.id}::uuid`);
      });
      expect((await store.identity.findApiKeyByHash(keyHash))?.key.name).toBe("k");
      // A key of a user of another organisation acts as no user (as getUser(organizationId, id) read it).
      const other = await store.tenancy.createOrganization({ slug: `x-${randomUUID().slice(0, 8)}`, name: "Other" });
      const stranger = await store.identity.createUser({ organizationId: other.id, role: "admin", displayName: "Stranger" });
      const crossHash = `hash-${randomUUID()}`;
      await store.identity.createApiKey({ organizationId: org.id, userId: stranger.id, role: "clinician", name: "cross", prefix: "rk_x", keyHash: crossHash });
      const cross = await store.identity.findApiKeyByHash(crossHash);
      expect(cross?.key.userId).toBe(stranger.id);
      expect(cross?.user).toBeUndefined();
      expect(user.organizationId).toBe(org.id);
    });

    it("sees a revoked key, a removed or re-roled user and a changed project on the very next read, whoever wrote", async () => {
      const { store, other, otherHandle } = await open(target);
      const { org, project, user, key, keyHash } = await seed(store);
      expect((await store.identity.findApiKeyByHash(keyHash))?.key.revokedAt).toBeNull();
      expect((await store.tenancy.getProject(org.id, project.id))?.policy.sharedTranscripts).toBeFalsy();

      // Another writer (another process on PostgreSQL) changes the user's role, then the project's policy.
      await other.identity.updateUser(org.id, user.id, { role: "auditor" });
      expect((await store.identity.findApiKeyByHash(keyHash))?.user?.role).toBe("auditor");
      await other.tenancy.updateProjectPolicy(org.id, project.id, { sharedTranscripts: true });
      expect((await store.tenancy.getProject(org.id, project.id))?.policy.sharedTranscripts).toBe(true);

      // In a transaction (its writes count at commit, and only then).
      await other.transaction(async (tx) => { await tx.identity.updateUser(org.id, user.id, { disabled: true }); });
      expect((await store.identity.findApiKeyByHash(keyHash))?.user?.disabled).toBe(true);

      // Plain SQL, through no repository.
      await otherHandle.db.execute(sql`update api_keys set revoked_at = now() where id = ${key.id}::uuid`);
      expect((await store.identity.findApiKeyByHash(keyHash))?.key.revokedAt).toBeInstanceOf(Date);

      // A project removed by plain SQL is gone at once (its key first: api_keys.project_id refers to it).
      const limited = await store.tenancy.createProject({ organizationId: org.id, slug: "gone", name: "Gone", profile });
      expect(await store.tenancy.getProject(org.id, limited.id)).toBeDefined();
      await otherHandle.db.execute(sql`delete from projects where id = ${limited.id}::uuid`);
      expect(await store.tenancy.getProject(org.id, limited.id)).toBeUndefined();
    });

    it("a key's last use changes no one's rights: the cache keeps serving it, with the new time", async () => {
      const { handle, store } = await open(target);
      const { org, project, key, keyHash } = await seed(store);
      await store.identity.findApiKeyByHash(keyHash);
      await store.tenancy.getProject(org.id, project.id);
      const generation = async () => Number(((r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))(await handle.db.execute(sql`select n from identity_generation`)).map((x) => (x as { n: number }).n)[0]);
      const before = await generation();
      const at = new Date("2026-12-07T12:00:00Z");
      await store.identity.touchApiKey(key.id, at);
      expect(await generation()).toBe(before);
      expect((await store.identity.findApiKeyByHash(keyHash))?.key.lastUsedAt).toEqual(at);
      // A caller changing what it was given changes nothing cached.
      const read = await store.tenancy.getProject(org.id, project.id);
      read!.policy.sharedTranscripts = true;
      expect((await store.tenancy.getProject(org.id, project.id))?.policy.sharedTranscripts).toBeFalsy();
    });
  });
}
