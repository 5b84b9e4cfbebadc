import { PGlite } from "@electric-sql/pglite";
import { DEMO_SCHEMA_SQL, demoPractice, demoSeedSql } from "@rounds/core/testing";
import type { SourceSettings } from "../source-settings.ts";

/** The demo practice's allow list and metrics for one organisation, read from the PGlite folder `dataDir`. */
export function demoSource(input: { organizationId: string; dataDir: string; tenantId: string; k?: number }): SourceSettings {
  return { ...demoPractice(input), dataDir: input.dataDir };
}

/** A demo practice folder: the shared schema, seeded for both tenants (`DEMO_TENANTS`). */
export interface DemoFolder {
  dataDir: string;
  /**
   * Opens the folder as its owner (PGlite's superuser), runs `f`, closes it.
   * Only while the data source has it closed (PGlite: one process per folder).
   */
  asOwner<T>(f: (db: PGlite) => Promise<T>): Promise<T>;
  /** A digest of every row of every table and the count of relations (as the owner), to prove nothing changed. */
  fingerprint(): Promise<string>;
}

/** Creates the demo practice in `dataDir` (an empty or missing folder). */
export async function createDemoFolder(dataDir: string, now: Date): Promise<DemoFolder> {
  const asOwner = async <T>(f: (db: PGlite) => Promise<T>): Promise<T> => {
    const db = await PGlite.create(dataDir);
    try {
      return await f(db);
    } finally {
      await db.close();
    }
  };
  await asOwner(async (db) => {
    for (const s of [...DEMO_SCHEMA_SQL, ...demoSeedSql(now)]) await db.exec(s);
  });
  const fingerprint = () => asOwner(async (db) => {
    const r = await db.query<{ digest: string }>(`SELECT md5(string_agg(t, '|' ORDER BY t)) AS digest FROM (
      SELECT 'p' || p::text AS t FROM patients p UNION ALL SELECT 'a' || a::text FROM appointments a UNION ALL SELECT 't' || x::text FROM treatments x
      UNION ALL SELECT 's' || s::text FROM stock s UNION ALL SELECT 'l' || l::text FROM sales l
      UNION ALL SELECT 'c' || count(*)::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') rows`);
    return String(r.rows[0]!.digest);
  });
  return { dataDir, asOwner, fingerprint };
}
