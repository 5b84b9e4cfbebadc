import { createTestStore, type TestStore } from "../../src/testing.ts";
import { afterAll, beforeAll } from "vitest";
import { type AppContext, createDatabaseQueue, silentLogger } from "@rounds/core";
import { describeJobQueueConformance } from "@rounds/core/testing";

let ts: TestStore;
beforeAll(async () => { ts = await createTestStore(); });
afterAll(async () => ts?.close());

describeJobQueueConformance("database queue on PGlite", async () =>
  createDatabaseQueue({ store: ts.store, logger: silentLogger(), app: () => ({}) as AppContext, pollMs: 20, leaseMs: 2000, shutdownGraceMs: 3000 }));
