import type { Store } from "@rounds/core";
import { openDatabase, type DatabaseHandle } from "./client.ts";
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
