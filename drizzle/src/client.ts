/**
 * Opens the database Rounds runs on: PGlite (embedded, file-backed under the
 * data folder, or in memory) or PostgreSQL + pgvector (server), chosen by
 * the URL. Both speak the same schema and migrations.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import * as schema from "./schema/index.ts";
import { acquireDataFolderLock, embeddedDataPath, type DataFolderLock } from "./data-folder-lock.ts";
import { preparedStatements, type ExecutePrepared } from "./prepared-statements.ts";
import { analyzeStaleTables } from "./table-statistics.ts";

export type Schema = typeof schema;
export type RoundsDb = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * Changes of the identity tables this process learns of as they commit, whoever made them: on the embedded
 * database, the `rounds_identity` notifications of migration 0017's triggers (PGlite delivers them with the
 * committing statement). Read by `repos/identity-cache.ts`.
 */
export interface IdentityChanges {
  /** How many have been seen so far. */
  count(): number;
}

export interface DatabaseHandle {
  db: RoundsDb;
  kind: "pglite" | "postgres";
  /** Applies committed migrations (idempotent). */
  migrate(): Promise<void>;
  /** Runs raw SQL (several statements allowed); for tests, benchmarks and index builds. */
  exec(sql: string): Promise<void>;
  /** Cheap liveness query for readiness. */
  ping(): Promise<boolean>;
  /** A file-backed PGlite's one-writer lock (absent for PostgreSQL and memory). */
  lock?: DataFolderLock;
  /** PGlite: runs a hot statement as a named prepared statement (its plan cached); not inside a transaction. */
  executePrepared?: ExecutePrepared;
  /**
   * PGlite: how many changes of the identity tables have committed (`identity-cache.ts`); no other process can write
   * an embedded database, and PGlite delivers each change's notification with the statement that commits it.
   */
  identityChanges?: IdentityChanges;
  /** Analyses the tables whose statistics are missing or stale (`table-statistics.ts`); resolves to their names. */
  refreshStatistics: () => Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Session settings of every connection: HNSW scans keep searching until the
 * scope filter has let enough rows through (iterative scan), with the
 * candidate list retrieval needs. Set once per connection rather than per
 * question (a transaction and two SETs were four extra round trips each).
 */
export const HNSW_EF_SEARCH = 100;
const sessionSettings = { "hnsw.ef_search": String(HNSW_EF_SEARCH), "hnsw.iterative_scan": "relaxed_order" };

/** The PGlite extensions every embedded database is opened with (an archive of a cluster is made with the same). */
export const pgliteExtensions = { vector };

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "..", "migrations");

export interface OpenDatabaseOptions {
  /** `postgres://…`, `memory://`, or unset for PGlite under `dataDir/db`. */
  url?: string;
  dataDir?: string;
  /** Max connections for PostgreSQL. */
  poolSize?: number;
  /** Who holds a file-backed PGlite's lock (`serve`, `worker`, `cli`…), shown to a process that is refused. */
  owner?: string;
  /**
   * `memory://` only: an archive of a PGlite data folder (PGlite's `dumpDataDir`) the database starts from, instead
   * of a new cluster made by initdb (seconds of CPU; loading an archive of a new cluster gives the same database in
   * about one, see `emptyClusterImage` in `@rounds/db/testing`).
   */
  memoryImage?: Blob;
}


/**
 * One run of `task` at a time: a call while one runs waits for it and then shares a single further run (the writes
 * it follows may have missed the first), so concurrent writers start at most one more.
 */
function coalesced<T>(task: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const start = (): Promise<T> => (running = task().finally(() => { running = undefined; }));
  return () => {
    if (!running) return start();
    return (next ??= running.catch(() => undefined).then(() => { next = undefined; return start(); }));
  };
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const url = options.url;
  if (options.memoryImage && url !== "memory://") throw new Error("memoryImage is for an in-memory database (memory://) only");
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    // Loaded only for PostgreSQL: an embedded command never needs the driver.
    const [{ default: postgres }, { drizzle: drizzlePostgres }, { migrate: migratePostgres }] = await Promise.all([
      import("postgres"), import("drizzle-orm/postgres-js"), import("drizzle-orm/postgres-js/migrator"),
    ]);
    const sql = postgres(url, { max: options.poolSize ?? 10, onnotice: () => {}, connection: sessionSettings });
    const db = drizzlePostgres({ client: sql, schema }) as unknown as RoundsDb;
    // Autovacuum analyses too, but only at its next round: a question right after an ingestion would be planned on old statistics.
    const refreshStatistics = coalesced(() => analyzeStaleTables(async (text) => ({ rows: await sql.unsafe(text) })));
    return {
      db,
      kind: "postgres",
      migrate: async () => {
        await migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder });
        await refreshStatistics();
      },
      exec: async (text) => { await sql.unsafe(text); },
      ping: async () => (await sql`select 1 as ok`)[0]?.ok === 1,
      refreshStatistics,
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const dataPath = embeddedDataPath(options);
  const lock = dataPath ? acquireDataFolderLock(dataPath, options.owner ?? "rounds") : undefined;
  let client: PGlite;
  let identityChanges = 0;
  try {
    if (dataPath) mkdirSync(dataPath, { recursive: true });
    client = await PGlite.create(dataPath ? { dataDir: dataPath, extensions: pgliteExtensions } : { extensions: pgliteExtensions, ...(options.memoryImage ? { loadDataDir: options.memoryImage } : {}) });
    await client.exec(Object.entries(sessionSettings).map(([k, v]) => `set ${k} = '${v}';`).join(" "));
    // Changes of who may do what (triggers of migration 0017), delivered with the statement that commits them.
    await client.listen("rounds_identity", () => { identityChanges++; });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as RoundsDb;
  const refreshStatistics = coalesced(() => analyzeStaleTables((text) => client.query(text)));
  return {
    db,
    kind: "pglite",
    // A data folder written before statistics were kept (or by a crashed run) is analysed on opening.
    migrate: async () => {
      await migratePglite(drizzlePglite({ client }), { migrationsFolder });
      await refreshStatistics();
    },
    exec: async (text) => { await client.exec(text); },
    ping: async () => (await client.query<{ ok: number }>("select 1 as ok")).rows[0]?.ok === 1,
    executePrepared: preparedStatements(client),
    identityChanges: { count: () => identityChanges },
    refreshStatistics,
    ...(lock ? { lock } : {}),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
