import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/index.ts";
import { embeddingSpaces } from "../src/schema/index.ts";
import { databaseTargets } from "./targets.ts";

for (const target of databaseTargets()) {
  describe(`migrations on ${target.name}`, () => {
    let handle: DatabaseHandle;
    afterAll(async () => handle?.close());

    it("apply from empty, twice, and create every table with pgvector available", async () => {
      handle = await openDatabase(await target.open());
      await handle.migrate();
      await handle.migrate();
      const tables = await handle.db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public'`);
      const names = rowsOf<{ table_name: string }>(tables).map((r) => r.table_name);
      for (const t of ["organizations", "projects", "documents", "chunks", "embeddings", "consent_events", "audit_log", "model_aliases", "schedules", "jobs"]) {
        expect(names).toContain(t);
      }
      const ext = rowsOf<{ extname: string }>(await handle.db.execute(sql`select extname from pg_extension where extname = 'vector'`));
      expect(ext).toHaveLength(1);
    });

    it("round-trips a vector column and builds an HNSW index", async () => {
      const [space] = await handle.db.insert(embeddingSpaces).values({ modelId: `t-${Date.now()}`, dimensions: 3 }).returning();
      await handle.exec(`create temp table vt (v vector(3)); insert into vt values ('[1,2.5,-3]');
        create index vt_hnsw on vt using hnsw (v vector_cosine_ops);`);
      const back = rowsOf<{ v: string }>(await handle.db.execute(sql`select v::text as v from vt`));
      expect(back[0]!.v).toBe("[1,2.5,-3]");
      const idx = rowsOf<{ indexdef: string }>(await handle.db.execute(sql`select indexdef from pg_indexes where indexname = 'vt_hnsw'`));
      expect(idx[0]!.indexdef).toMatch(/USING hnsw/);
      expect(space!.dimensions).toBe(3);
    });

    it("refuses to rewrite the consent ledger", async () => {
      await expect(handle.exec(`update consent_events set action = 'granted'`)).resolves.toBeUndefined();
      const org = rowsOf<{ id: string }>(await handle.db.execute(sql`insert into organizations (slug, name) values (${"o" + Date.now()}, 'O') returning id`))[0]!;
      const pat = rowsOf<{ id: string }>(await handle.db.execute(sql`insert into patients (organization_id, display_name) values (${org.id}, 'P') returning id`))[0]!;
      await handle.db.execute(sql`insert into consent_events (organization_id, patient_id, type, action, method) values (${org.id}, ${pat.id}, 'recording', 'granted', 'cli')`);
      await expect(handle.exec(`update consent_events set action = 'revoked'`)).rejects.toThrow(/append-only/);
      await expect(handle.exec(`delete from consent_events`)).rejects.toThrow(/append-only/);
    });
  });
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
