import type { Store } from "@rounds/core";
import { serviceFromEnv } from "@rounds/core/testing";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle, type OpenDatabaseOptions } from "./client.ts";
import { createStore } from "./repos/index.ts";

export interface TestStore {
  store: Store;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** A migrated in-memory PGlite store, or PostgreSQL when `url` is given. For tests. */
export async function createTestStore(url = "memory://"): Promise<TestStore> {
  const handle = await openDatabase({ url });
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
  const targets: DatabaseTarget[] = [{ name: "pglite", open: async () => ({ url: "memory://" }) }];
  const url = serviceFromEnv("TEST_DATABASE_URL", "the PostgreSQL runs of these suites", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
  if (url) targets.push({ name: "postgres", open: async () => ({ url: await freshDatabase(url) }) });
  return targets;
}

/** Creates an empty database next to `url`'s and returns its URL. */
export async function freshDatabase(url: string): Promise<string> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `rounds_test_${process.pid}_${Date.now()}_${counter++}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
