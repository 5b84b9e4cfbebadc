import { createTestStore, type TestStore } from "@rounds/db";
import { afterAll, beforeAll } from "vitest";
import type { AppContext } from "../app/app-context.ts";
import { silentLogger } from "../logging/logger.ts";
import { createDatabaseQueue } from "./database-queue.ts";
import { describeJobQueueConformance } from "./job-queue.conformance.ts";

let ts: TestStore;
beforeAll(async () => { ts = await createTestStore(); });
afterAll(async () => ts?.close());

describeJobQueueConformance("database queue on PGlite", async () =>
  createDatabaseQueue({ store: ts.store, logger: silentLogger(), app: () => ({}) as AppContext, pollMs: 20, leaseMs: 2000, shutdownGraceMs: 3000 }));
