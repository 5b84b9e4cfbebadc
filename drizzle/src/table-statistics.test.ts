import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "./client.ts";
import { createStore } from "./repos/index.ts";
import { staleTables } from "./table-statistics.ts";
import { memoryDatabase } from "./testing.ts";

const rows = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe("planner statistics on the embedded database (no autovacuum daemon)", () => {
  let handle: DatabaseHandle;
  const statsOf = async (table: string) => rows<{ reltuples: number; analysed: number }>(await handle.db.execute(sql`
    select c.reltuples::float8 as reltuples, (select count(*)::int from pg_statistic s where s.starelid = c.oid) as analysed
    from pg_class c where c.oid = ${table}::regclass`))[0]!;
  const stale = () => staleTables(async (text) => ({ rows: rows(await handle.db.execute(sql.raw(text))) }));

  beforeAll(async () => {
    handle = await openDatabase(await memoryDatabase());
    await handle.migrate();
  }, 300_000);
  afterAll(async () => {
    await handle.close();
  });

  it("analyses the tables ingestion writes, and again as they grow", async () => {
    const store = createStore(handle);
    const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
    const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile: { domain: "ketamine-assisted therapy", description: "d", seeds: [] } });
    const scope = { organizationId: org.id, projectId: project.id };
    const addDocument = async (i: number) => {
      const doc = (await store.knowledge.createDocument({ ...scope, kind: "document", title: `d${i}`, fileName: `d${i}.txt`, mediaType: "text/plain", sizeBytes: 1, contentHash: randomUUID(), blobKey: `k/${i}` })).document!;
      const text = `Observe blood pressure ${i} times after the ketamine infusion; ${"monitoring notes ".repeat(100)}`;
      await store.knowledge.replaceChunks(scope, doc.id, Array.from({ length: 5 }, (_, position) => ({ text, tokenCount: 60, position })));
    };
    // Never analysed until ingestion wrote chunks: then the chunk and document tables have statistics.
    expect((await statsOf("chunks")).reltuples).toBeLessThan(0);
    await addDocument(0);
    expect(await statsOf("chunks")).toMatchObject({ reltuples: 5 });
    expect((await statsOf("chunks")).analysed).toBeGreaterThan(0);
    expect((await statsOf("documents")).reltuples).toBe(1);
    expect(await stale()).toEqual([]);
    // Growing past a tenth of its pages since the last ANALYZE makes a table stale; the next write analyses it again.
    for (let i = 1; i <= 20; i++) await addDocument(i);
    expect((await statsOf("chunks")).reltuples).toBeGreaterThan(5);
    expect(await stale()).toEqual([]);
  });

  it("analyses a table whose rows changed in place, by the change counters (its size did not move)", async () => {
    const store = createStore(handle);
    const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
    const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile: { domain: "ketamine-assisted therapy", description: "d", seeds: [] } });
    const scope = { organizationId: org.id, projectId: project.id };
    const ids: string[] = [];
    for (let i = 0; i < 80; i++) ids.push((await store.knowledge.createDocument({ ...scope, kind: "document", title: `p${i}`, fileName: `p${i}.txt`, mediaType: "text/plain", sizeBytes: 1, contentHash: randomUUID(), blobKey: `p/${i}` })).document!.id);
    const statusValues = async () => rows<{ mcv: string | null }>(await handle.db.execute(sql`select most_common_vals::text as mcv from pg_stats where tablename = 'documents' and attname = 'status'`))[0]?.mcv ?? "";
    expect(await statusValues()).not.toContain("approved");
    // Approving them rewrites rows in place: a few pages at most, but more than 50 rows plus a tenth of the table.
    for (const id of ids) await store.knowledge.updateDocument(scope, id, { status: "approved", indexState: "indexed" });
    expect(await statusValues()).toContain("approved");
    expect(await stale()).toEqual([]);
  });

  it("reads the same change counters as pg_stat_user_tables (staleTables calls the function behind the view)", async () => {
    const store = createStore(handle);
    const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
    await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile: { domain: "ketamine-assisted therapy", description: "d", seeds: [] } });
    await handle.db.execute(sql`select pg_stat_force_next_flush()`);
    const counters = rows<{ relname: string; view: number; direct: number }>(await handle.db.execute(sql`
      select c.relname, coalesce(t.n_mod_since_analyze, 0)::int as view, pg_stat_get_mod_since_analyze(c.oid)::int as direct
      from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_stat_user_tables t on t.relid = c.oid
      where c.relkind = 'r' and n.nspname = current_schema()`));
    expect(counters.length).toBeGreaterThan(10);
    // Rows were written since the last ANALYZE (the organisation and project above), so the comparison is not of zeros only.
    expect(counters.some((c) => c.view > 0)).toBe(true);
    expect(counters.filter((c) => c.view !== c.direct)).toEqual([]);
  });

  it("analyses a data folder's stale tables when it is opened (migrate)", async () => {
    await handle.db.execute(sql`create table stale_probe (n int)`);
    await handle.db.execute(sql`insert into stale_probe select generate_series(1, 1000)`);
    expect(await stale()).toContain("public.stale_probe");
    await handle.migrate();
    expect(await stale()).not.toContain("public.stale_probe");
    expect((await statsOf("stale_probe")).reltuples).toBe(1000);
  });
});
