// The same conformance suite on real services (BullMQ on Redis, the database
// queue on PostgreSQL), plus the killed-worker test on every backend,
// including the embedded one (a file-backed PGlite the killed process had open).
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStore, openDatabase } from "../../src/index.ts";
import { databaseTargets } from "../../src/testing.ts";
import { describe, expect, it } from "vitest";
import { startHangingWorker } from "../support/killed-worker.ts";
import { type AppContext, createBullmqQueue, createDatabaseQueue, type JobQueue, silentLogger } from "@rounds/core";
import { describeJobQueueConformance, markerJob, serviceFromEnv } from "@rounds/core/testing";

const redisUrl = serviceFromEnv("TEST_REDIS_URL", "the BullMQ queue suites", "redis://127.0.0.1:6379");
const app = () => ({}) as AppContext;
const pgTarget = databaseTargets().find((t) => t.name === "postgres");

if (redisUrl) {
  const prefix = `rounds-test-${process.pid}-${Date.now()}`;
  describeJobQueueConformance("BullMQ on Redis", async () => createBullmqQueue({ redisUrl, prefix, logger: silentLogger(), app, lockDurationMs: 5000, stalledIntervalMs: 2000, shutdownGraceMs: 3000 }));
}
if (pgTarget) {
  let shared: Promise<{ url?: string }> | undefined;
  describeJobQueueConformance("database queue on PostgreSQL", async () => {
    // One database for the suite, so a second queue sees the first one's jobs.
    shared ??= pgTarget.open();
    const handle = await openDatabase(await shared);
    await handle.migrate();
    const q = createDatabaseQueue({ store: createStore(handle), logger: silentLogger(), app, pollMs: 20, leaseMs: 2000, shutdownGraceMs: 3000 });
    // The queue's own close runs on the wrapper (the worker's state lives there), then the connection closes.
    const wrapper = Object.create(q) as JobQueue;
    return Object.assign(wrapper, { close: async () => { await q.close.call(wrapper); await handle.close(); } });
  });
}

async function expectExactlyOnce(marker: string, queue: JobQueue, id: string): Promise<void> {
  const r = await queue.waitFor(id, 60_000);
  expect(r.state).toBe("completed");
  await new Promise((res) => setTimeout(res, 1500));
  expect(readFileSync(marker, "utf8").trim().split("\n")).toEqual(["done"]);
}

// The database queue's lease expiry, on each database it runs on. The job is
// enqueued and the connection closed before the worker process starts (a
// file-backed PGlite has one writer at a time), then reopened to recover it.
const leaseTargets: Array<{ name: string; url: () => Promise<string> }> = [
  { name: "embedded: file-backed PGlite", url: async () => `file://${join(mkdtempSync(join(tmpdir(), "rounds-kill-db-")), "db")}` },
  ...(pgTarget ? [{ name: "PostgreSQL database queue", url: async () => (await pgTarget.open()).url! }] : []),
];

describe("a worker killed mid-job loses nothing", () => {
  for (const target of leaseTargets) it(`${target.name}, lease expiry`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "rounds-kill-"));
    const marker = join(dir, "marker.txt");
    const url = await target.url();
    let handle = await openDatabase({ url });
    await handle.migrate();
    const enqueuer = createDatabaseQueue({ store: createStore(handle), logger: silentLogger(), app });
    const { id } = await enqueuer.enqueue(markerJob, { marker });
    await handle.close();
    const child = await startHangingWorker("database", url);
    await child.kill();
    expect(existsSync(marker)).toBe(false);
    handle = await openDatabase({ url });
    const q = createDatabaseQueue({ store: createStore(handle), logger: silentLogger(), app, pollMs: 20, leaseMs: 1000 });
    q.register(markerJob);
    await q.startWorker({ concurrency: 1 });
    try {
      await expectExactlyOnce(marker, q, id);
    } finally {
      await q.close();
      await handle.close();
    }
  }, 120_000);

  it.runIf(!!redisUrl)("BullMQ on Redis, stalled-job recovery", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rounds-kill-"));
    const marker = join(dir, "marker.txt");
    const prefix = `rounds-kill-${process.pid}-${Date.now()}`;
    const q = createBullmqQueue({ redisUrl: redisUrl!, prefix, logger: silentLogger(), app, lockDurationMs: 1000, stalledIntervalMs: 500 });
    q.register(markerJob);
    const { id } = await q.enqueue(markerJob, { marker });
    const child = await startHangingWorker("bullmq", redisUrl!, { TEST_PREFIX: prefix });
    await child.kill();
    await q.startWorker({ concurrency: 1 });
    try {
      await expectExactlyOnce(marker, q, id);
    } finally {
      await q.close();
    }
  }, 120_000);
});
