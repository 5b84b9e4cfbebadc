import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Store } from "@rounds/core";
import { serviceFromEnv } from "@rounds/core/testing";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDatabase, pgliteExtensions, type DatabaseHandle, type OpenDatabaseOptions } from "./client.ts";
import { createStore } from "./repos/index.ts";

export interface TestStore {
  store: Store;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** A migrated in-memory PGlite store, or PostgreSQL when `url` is given. For tests. */
export async function createTestStore(url = "memory://"): Promise<TestStore> {
  const handle = await openDatabase(url === "memory://" ? await memoryDatabase() : { url });
  await handle.migrate();
  return { store: createStore(handle), handle, close: () => handle.close() };
}

/**
 * The databases a suite runs on: PGlite always; PostgreSQL when
 * TEST_DATABASE_URL is set. Under CI (CI=1 or CI=true) a missing PostgreSQL fails the
 * run instead of skipping. Each PostgreSQL target gets a fresh database.
 */

export interface DatabaseTarget {
  name: "pglite" | "postgres";
  open(): Promise<OpenDatabaseOptions>;
}

let counter = 0;

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: "pglite", open: memoryDatabase }];
  const url = serviceFromEnv("TEST_DATABASE_URL", "the PostgreSQL runs of these suites", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
  if (url) targets.push({ name: "postgres", open: async () => ({ url: await freshDatabase(url) }) });
  return targets;
}

/**
 * The prefix of the PostgreSQL databases this test run makes: one per run
 * (from TEST_RUN_FOLDER's name), so the run's global teardown drops exactly
 * its own. Without it a session's runs left hundreds of databases behind
 * (976, 9.8 GB), and PostgreSQL's start after an unclean stop, which syncs
 * every file of the data directory, outlasted pg_ctl's wait and failed CI.
 */
export function runDatabasePrefix(): string {
  const folder = process.env.TEST_RUN_FOLDER;
  const tag = folder ? basename(folder).replace(/^rounds-test-run-/, "").toLowerCase().replace(/[^a-z0-9]/g, "") : "";
  return `rounds_test_${tag || "solo"}_`;
}

/** Drops the databases this test run made next to `url`'s (see runDatabasePrefix); returns how many. */
export function dropRunDatabases(url: string): Promise<number> {
  return asAdmin(url, async (admin) => {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where starts_with(datname, ${runDatabasePrefix()})`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    return rows.length;
  });
}

/** One connection to `url`'s server for `work`, closed after it. */
async function asAdmin<T>(url: string, work: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Creates an empty database next to `url`'s and returns its URL. */
export async function freshDatabase(url: string): Promise<string> {
  const name = `${runDatabasePrefix()}${process.pid}_${Date.now()}_${counter++}`;
  await asAdmin(url, (admin) => admin.unsafe(`create database ${name}`));
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A migrated PGlite database folder made once per test run, copied for each
 * database a test opens. Creating a PGlite database runs initdb, which with
 * the migrations took 10–30 s per database on a loaded machine (80 s at load
 * 50), most of many suites' time; a copy takes a second or two. The template
 * is made by the same `openDatabase` + `migrate` Rounds runs, and whoever
 * opens a copy still migrates it (a no-op check), so a copy is the folder a
 * fresh start would have made. Suites about creating a data folder (the
 * CLI's init, the data-folder lock) make their own.
 *
 * The run's worker processes share it through TEST_RUN_FOLDER (set by
 * the global setup, scripts/test-run-folder.ts, which removes it at the end):
 * the first to need it builds it aside and renames it into place; one that
 * loses that race uses the winner's. Without that folder it is made per process.
 */
let template: Promise<string> | undefined;
let ownFolder: string | undefined;

function runFolder(): string {
  const shared = process.env.TEST_RUN_FOLDER;
  if (shared) return shared;
  if (!ownFolder) {
    const folder = mkdtempSync(join(tmpdir(), "rounds-test-run-"));
    process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
    ownFolder = folder;
  }
  return ownFolder;
}

/** The run's migrated PGlite template folder, made on first call; a suite may await it in a hook so no test pays for it. */
export function migratedTemplate(): Promise<string> {
  return (template ??= (async () => {
    const ready = join(runFolder(), "pglite-template");
    if (existsSync(join(ready, "db"))) return ready;
    const building = mkdtempSync(join(runFolder(), "pglite-building-"));
    const handle = await openDatabase({ dataDir: building, owner: "test-template" });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
    try {
      renameSync(building, ready);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
      rmSync(building, { recursive: true, force: true });
    }
    return ready;
  })());
}

/**
 * A migrated database on `target`, opened: on PGlite a copy of the run's migrated template (`migratedPgliteCopy`),
 * on PostgreSQL a fresh database migrated from empty. For suites about the repositories over a migrated schema, not
 * about creating one (migrations.test.ts is). The caller closes the handle.
 */
export async function openMigrated(target: DatabaseTarget): Promise<DatabaseHandle> {
  const handle = await openDatabase(target.name === "pglite" ? { dataDir: await migratedPgliteCopy() } : await target.open());
  await handle.migrate();
  return handle;
}

/**
 * Puts a migrated PGlite database (`<dataDir>/db`) into `dataDir`, a new folder
 * under the run's folder unless given; returns `dataDir`.
 */
export async function migratedPgliteCopy(dataDir: string = mkdtempSync(join(runFolder(), "pglite-"))): Promise<string> {
  const from = join(await migratedTemplate(), "db");
  mkdirSync(dataDir, { recursive: true });
  cpSync(from, join(dataDir, "db"), { recursive: true, errorOnExist: true, force: false });
  return dataDir;
}

/**
 * A new, empty in-memory PGlite database (`memory://`), started from the run's archive of a new cluster
 * (`emptyClusterImage`) rather than by initdb: the same database, without initdb's seconds of CPU.
 */
export async function memoryDatabase(): Promise<OpenDatabaseOptions> {
  return { url: "memory://", memoryImage: await emptyClusterImage() };
}

let emptyClusterFile: Promise<string> | undefined;
let emptyCluster: Promise<Blob> | undefined;

/**
 * The archive (PGlite's `dumpDataDir`) of a new, empty PGlite cluster, opened with the extensions `openDatabase`
 * gives every embedded database and nothing run in it: what a `memory://` database is when it opens. A new in-memory
 * database runs initdb, 4–7 s of CPU on this machine (2026-12-07, `memoryDatabase` vs `{ url: "memory://" }`);
 * one loaded from this archive opens in about 1.2 s, and then migrates from empty as before. Read once per process.
 */
export function emptyClusterImage(): Promise<Blob> {
  return (emptyCluster ??= emptyClusterImageFile().then((file) => new Blob([readFileSync(file)])));
}

/**
 * The file of `emptyClusterImage`, made once per test run in the run's folder (the global setup makes it beside the
 * migrated template; built aside and renamed into place, as that is).
 */
export function emptyClusterImageFile(): Promise<string> {
  return (emptyClusterFile ??= (async () => {
    const file = join(runFolder(), "pglite-empty-cluster.tar");
    if (existsSync(file)) return file;
    const client = await PGlite.create({ extensions: pgliteExtensions });
    try {
      const building = join(mkdtempSync(join(runFolder(), "pglite-image-")), "cluster.tar");
      writeFileSync(building, new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer()));
      renameSync(building, file);
    } finally {
      await client.close();
    }
    return file;
  })());
}
