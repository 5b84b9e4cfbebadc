/**
 * Queue throughput: Rounds' job layer on BullMQ (payload validation, job
 * context, metrics, PHI-free failure text) against bare BullMQ, side by side
 * on the same Redis, the same number of no-op jobs and the same concurrency.
 * Reports enqueue rate and processing rate (jobs/s). Needs Redis
 * (BENCH_REDIS_URL, else TEST_REDIS_URL, else redis://127.0.0.1:6379).
 */
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import type { BenchResult } from "../../bench/run.ts";
import { type AppContext, createBullmqQueue, defineJob, silentLogger } from "../src/index.ts";

const JOBS = 3000;
const CONCURRENCY = 8;
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function reachable(): Promise<boolean> {
  const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000 });
  r.on("error", () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function rounds(prefix: string): Promise<{ enqueue: number; process: number }> {
  const queue = createBullmqQueue({ redisUrl, prefix, logger: silentLogger(), app: () => ({}) as AppContext, queueName: "bench" });
  const noop = defineJob({ name: "bench.noop", version: 1, payload: z.object({ i: z.number() }), handler: async () => async () => null });
  queue.register(noop);
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  queue.on((e) => {
    if (e.type === "completed" && ++done === JOBS) finished();
  });
  const t0 = performance.now();
  for (let i = 0; i < JOBS; i++) await queue.enqueue(noop, { i });
  const t1 = performance.now();
  await queue.startWorker({ concurrency: CONCURRENCY });
  await all;
  const t2 = performance.now();
  await queue.close();
  return { enqueue: JOBS / ((t1 - t0) / 1000), process: JOBS / ((t2 - t1) / 1000) };
}

async function bare(prefix: string): Promise<{ enqueue: number; process: number }> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("bench", { connection, prefix });
  const t0 = performance.now();
  for (let i = 0; i < JOBS; i++) await queue.add("bench.noop", { i }, { attempts: 3, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: { count: 10_000 } });
  const t1 = performance.now();
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const worker = new Worker("bench", async () => null, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency: CONCURRENCY });
  worker.on("completed", () => {
    if (++done === JOBS) finished();
  });
  await all;
  const t2 = performance.now();
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return { enqueue: JOBS / ((t1 - t0) / 1000), process: JOBS / ((t2 - t1) / 1000) };
}

export default async function run(): Promise<BenchResult[]> {
  if (!(await reachable())) return [{ suite: "queue", name: "skipped: no Redis reachable", value: 0, unit: "", notes: `tried ${redisUrl}` }];
  const stamp = `${process.pid}-${Date.now()}`;
  // Warm-up of both, then the measured runs, alternating so neither gets the colder Redis.
  await bare(`bench-warm-b-${stamp}`);
  await rounds(`bench-warm-r-${stamp}`);
  const b = await bare(`bench-b-${stamp}`);
  const r = await rounds(`bench-r-${stamp}`);
  const cleanup = new Redis(redisUrl);
  for (const p of [`bench-warm-r-${stamp}`, `bench-r-${stamp}`]) {
    const keys = await cleanup.keys(`${p}:*`);
    if (keys.length) await cleanup.del(...keys);
  }
  cleanup.disconnect();
  const notes = `${JOBS} no-op jobs, concurrency ${CONCURRENCY}, same Redis`;
  return [
    { suite: "queue", name: "bare BullMQ: processed", value: b.process, unit: "jobs/s", notes },
    { suite: "queue", name: "Rounds job layer: processed", value: r.process, unit: "jobs/s", notes },
    { suite: "queue", name: "Rounds / bare BullMQ (processing)", value: r.process / b.process, unit: "x", notes: "no-op jobs: the per-job overhead at its most visible" },
    { suite: "queue", name: "bare BullMQ: enqueued", value: b.enqueue, unit: "jobs/s", notes: "one add() at a time" },
    { suite: "queue", name: "Rounds job layer: enqueued", value: r.enqueue, unit: "jobs/s", notes: "one enqueue() at a time, payload validated" },
  ];
}
