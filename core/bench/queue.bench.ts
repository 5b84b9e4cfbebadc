/**
 * Queue throughput: Rounds' job layer on BullMQ (validation, versioned
 * payloads, metrics, spans, shutdown handling) against bare BullMQ, side by
 * side in the same run on the same Redis (BENCH_REDIS_URL or
 * TEST_REDIS_URL), each with its own prefix. N no-op jobs are enqueued one
 * call at a time (64 in flight), then one worker with the same concurrency
 * drains them. Measured: enqueue rate and drain rate, jobs/s.
 */
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import type { BenchResult } from "../../bench/run.ts";
import { median } from "../../bench/stats.ts";
import type { AppContext } from "../src/app/app-context.ts";
import { createBullmqQueue } from "../src/jobs/bullmq-queue.ts";
import { defineJob } from "../src/jobs/job-definition.ts";
import { silentLogger } from "../src/logging/logger.ts";

const N = 10_000;
const CONCURRENCY = 8;
const IN_FLIGHT = 64;

async function inBatches(n: number, add: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i += IN_FLIGHT) await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, n - i) }, (_, j) => add(i + j)));
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

interface Rates { enqueuePerSecond: number; drainPerSecond: number }

async function rounds(redisUrl: string, n: number): Promise<Rates> {
  let done = 0;
  const noop = defineJob({ name: "bench.noop", version: 1, payload: z.object({ i: z.number().int() }), handler: async () => async () => { done++; return null; } });
  const prefix = `rounds-bench-${process.pid}-${Date.now()}`;
  const queue = createBullmqQueue({ redisUrl, prefix, logger: silentLogger(), app: () => ({}) as AppContext });
  queue.register(noop);
  try {
    let t = performance.now();
    await inBatches(n, (i) => queue.enqueue(noop, { i }));
    const enqueueS = (performance.now() - t) / 1000;
    t = performance.now();
    await queue.startWorker({ concurrency: CONCURRENCY });
    await until(() => done >= n);
    return { enqueuePerSecond: n / enqueueS, drainPerSecond: n / ((performance.now() - t) / 1000) };
  } finally {
    await queue.close();
    await obliterate(redisUrl, prefix);
  }
}

/** Removes a run's keys (only this prefix: the Redis is shared). */
async function obliterate(redisUrl: string, prefix: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("jobs", { connection, prefix });
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await connection.quit();
}

async function bare(redisUrl: string, n: number): Promise<Rates> {
  let done = 0;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefix = `bullmq-bench-${process.pid}-${Date.now()}`;
  const queue = new Queue("jobs", { connection, prefix });
  let worker: Worker | undefined;
  try {
    let t = performance.now();
    await inBatches(n, (i) => queue.add("bench.noop", { i }, { removeOnComplete: { age: 3600, count: 10_000 } }));
    const enqueueS = (performance.now() - t) / 1000;
    t = performance.now();
    worker = new Worker("jobs", async () => { done++; return null; }, { connection: connection.duplicate(), prefix, concurrency: CONCURRENCY });
    await until(() => done >= n);
    return { enqueuePerSecond: n / enqueueS, drainPerSecond: n / ((performance.now() - t) / 1000) };
  } finally {
    await worker?.close();
    await queue.close();
    await connection.quit();
    await obliterate(redisUrl, prefix);
  }
}

export default async function run(): Promise<BenchResult[]> {
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error("Set BENCH_REDIS_URL or TEST_REDIS_URL to measure the queue.");
  // Warm up both (connections, Lua script loading, JIT), then alternate measured rounds and keep each one's median.
  await rounds(redisUrl, 300);
  await bare(redisUrl, 300);
  const r: Rates[] = [];
  const b: Rates[] = [];
  for (let round = 0; round < 3; round++) {
    b.push(await bare(redisUrl, N));
    r.push(await rounds(redisUrl, N));
  }
  const suite = `queue (BullMQ on Redis, ${N} no-op jobs, concurrency ${CONCURRENCY})`;
  const rDrain = median(r.map((x) => x.drainPerSecond));
  const bDrain = median(b.map((x) => x.drainPerSecond));
  const rEnq = median(r.map((x) => x.enqueuePerSecond));
  const bEnq = median(b.map((x) => x.enqueuePerSecond));
  return [
    { suite, name: "bare BullMQ: enqueue", value: bEnq, unit: "jobs/s" },
    { suite, name: "through Rounds: enqueue", value: rEnq, unit: "jobs/s" },
    { suite, name: "bare BullMQ: drain", value: bDrain, unit: "jobs/s" },
    { suite, name: "through Rounds: drain", value: rDrain, unit: "jobs/s" },
    { suite, name: "Rounds / bare, drain", value: rDrain / bDrain, unit: "x", target: ">= 0.8", passed: rDrain / bDrain >= 0.8 },
  ];
}
