import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { accessSetupSql } from "../access-setup-sql.ts";
import { DEMO_SCHEMA_SQL, DEMO_TENANTS, demoSeedSql, demoSource } from "./demo-practice.ts";

/** A demo practice database on a real PostgreSQL server, with Rounds' read-only role set up. */
export interface DemoDatabase {
  /** The owner's connection (superuser in tests): for checking that nothing changed. */
  ownerUrl: string;
  /** The read-only role's connection: what the data source uses. */
  readerUrl: string;
  role: string;
  /** Runs one statement as the owner (to change the database behind Rounds' back in a test). */
  asOwner(statement: string): Promise<void>;
  /** A digest of every row of every table, to prove a run changed nothing. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * Creates a fresh database beside `serverUrl`'s (a superuser's), the demo
 * schema and seed for both tenants, and a login role limited as the README's
 * setup says (`accessSetupSql`). `close` drops the database and the role.
 * With `access: false` the role is not created: `data connect` (the
 * source's `connect`) is to set it up, for the `readerUrl` given.
 */
export async function createDemoDatabase(serverUrl: string, now: Date, options: { access?: boolean } = {}): Promise<DemoDatabase> {
  const name = `rounds_data_${process.pid}_${Date.now()}_${counter}`;
  const role = `rounds_reader_${process.pid}_${counter++}`;
  const password = randomBytes(12).toString("hex");
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const ownerUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const reader = new URL(ownerUrl);
  reader.username = role;
  reader.password = password;
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  for (const s of [...DEMO_SCHEMA_SQL, ...demoSeedSql(now)]) await owner.unsafe(s);
  // Same allow list for both tenants: set up once.
  const source = demoSource({ organizationId: "00000000-0000-4000-8000-000000000000", url: "unused", tenantId: DEMO_TENANTS[0]!.tenantId });
  if (options.access !== false) for (const s of accessSetupSql(source, role, password)) await owner.unsafe(s);
  return {
    ownerUrl, readerUrl: reader.toString(), role,
    async asOwner(statement) {
      await owner.unsafe(statement);
    },
    async fingerprint() {
      const rows = await owner.unsafe(`SELECT md5(string_agg(t, '|' ORDER BY t)) AS digest FROM (
        SELECT 'p' || p::text AS t FROM patients p UNION ALL SELECT 'a' || a::text FROM appointments a UNION ALL SELECT 't' || x::text FROM treatments x
        UNION ALL SELECT 's' || s::text FROM stock s UNION ALL SELECT 'l' || l::text FROM sales l
        UNION ALL SELECT 'c' || count(*)::text FROM pg_class WHERE relnamespace = 'public'::regnamespace) rows`);
      return String(rows[0]!.digest);
    },
    async close() {
      await owner.end({ timeout: 5 });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      // A role that owned nothing but was granted things in the dropped database only: nothing left to reassign.
      await admin.unsafe(`DROP ROLE IF EXISTS ${role}`);
      await admin.end({ timeout: 5 });
    },
  };
}
