/**
 * The job queue on BullMQ over Redis (server tier): one BullMQ queue with
 * named jobs, any number of worker processes. BullMQ gives retries with
 * exponential backoff, `UnrecoverableError`, progress, dedupe by job id
 * (our idempotency keys) and stalled-job recovery when a worker dies.
 */
import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import type { Job, Queue, QueueEvents, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { AppContext } from "../app/app-context.ts";
import type { Logger } from "../logging/logger.ts";
import { metrics } from "../observability/metrics.ts";
import { contextFromCarrier, currentTraceCarrier, withSpan } from "../observability/tracing.ts";
import { describeFailure, isUnrecoverable, UnrecoverableError } from "./job-errors.ts";
import { ActiveJobs } from "./active-jobs.ts";
import { type AnyJobDefinition, enqueuedPayload, type JobDefinition } from "./job-definition.ts";
import { runGiveUpHook } from "./job-give-up.ts";
import type { EnqueueOptions, JobEvent, JobQueue, JobRecord } from "./job-queue.ts";
import { waitForJob } from "./wait-for-job.ts";

export interface BullmqQueueOptions {
  redisUrl: string;
  prefix?: string;
  logger: Logger;
  app: () => AppContext;
  queueName?: string;
  /** How long a worker's lock lasts without renewal; a dead worker's jobs are recovered after it. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long `close()` lets running jobs finish before stopping them and returning them to the queue. Default 10 s. */
  shutdownGraceMs?: number;
}

// BullMQ and ioredis take about a quarter of a second to load; every CLI
// command loads core, and only the server tier's queue uses them, so they are
// loaded when a queue is opened (CommonJS packages: synchronously, by require).
const require = createRequire(import.meta.url);
const bullmq = (): typeof import("bullmq") => require("bullmq") as typeof import("bullmq");
const ioredis = (): typeof import("ioredis") => require("ioredis") as typeof import("ioredis");

export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  return new BullmqQueue(options);
}

/** BullMQ forbids ':' in custom ids; keys become safe, stable ids. */
const jobIdFor = (name: string, key: string) => `${name}--${key}`.replace(/[^\w.-]/g, "_").slice(0, 200);

class BullmqQueue implements JobQueue {
  readonly kind = "bullmq" as const;
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly emitter = new EventEmitter();
  private readonly connection: Redis;
  private readonly queue: Queue;
  private events: QueueEvents | undefined;
  private worker: Worker | undefined;
  /** Jobs running in this process, so shutdown can wait for them or stop them. */
  private readonly active = new ActiveJobs();
  private shuttingDown = false;

  constructor(private readonly options: BullmqQueueOptions) {
    this.connection = new (ioredis().Redis)(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.queue = new (bullmq().Queue)(options.queueName ?? "jobs", { connection: this.connection, prefix: options.prefix ?? "rounds" });
    this.emitter.setMaxListeners(0);
  }

  register(definition: JobDefinition<never> | AnyJobDefinition): void {
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  private events_: Promise<QueueEvents> | undefined;
  /**
   * The queue's event stream, read from the moment of the first subscription:
   * Redis's clock is read on the queue's own connection before anything the
   * caller enqueues next (commands on one connection run in order), so a
   * listener misses no event of a job enqueued after it subscribed, however
   * long the event connection takes to open.
   */
  private ensureEvents(): Promise<QueueEvents> {
    this.events_ ??= this.connection.time().then(async ([seconds, micros]) => {
      const since = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1;
      this.events = new (bullmq().QueueEvents)(this.queue.name, { connection: this.duplicate(), prefix: this.options.prefix ?? "rounds", lastEventId: `${since}` });
      this.events.on("progress", ({ jobId, data }) => this.emit({ type: "progress", jobId, name: "", progress: data }));
      this.events.on("completed", ({ jobId, returnvalue }) => this.emit({ type: "completed", jobId, name: "", result: returnvalue }));
      this.events.on("failed", ({ jobId, failedReason }) => this.emit({ type: "failed", jobId, name: "", error: failedReason, willRetry: false }));
      await this.events.waitUntilReady();
      return this.events;
    });
    return this.events_;
  }

  async enqueue<P>(definition: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): Promise<{ id: string }> {
    if (!this.definitions.has(definition.name)) this.register(definition as JobDefinition<unknown>);
    const data = enqueuedPayload(definition, payload);
    // The enqueuer's trace context travels with the job, so the job's span is its child (empty when tracing is off).
    const trace = currentTraceCarrier();
    const job = await this.queue.add(definition.name, { v: definition.version, payload: data, ...(Object.keys(trace).length > 0 && { trace }) }, {
      attempts: definition.attempts ?? 3,
      backoff: { type: "exponential", delay: definition.backoffMs ?? 1000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
      ...(options.idempotencyKey ? { jobId: jobIdFor(definition.name, options.idempotencyKey) } : {}),
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    });
    return { id: job.id! };
  }

  get working(): boolean {
    return this.worker !== undefined && !this.shuttingDown;
  }

  async startWorker(options: { concurrency?: number } = {}): Promise<void> {
    if (this.worker) return;
    // Queue events are read only when someone listens (on, waitFor): a worker alone does not pay for the event stream.
    this.worker = new (bullmq().Worker)(this.queue.name, (job, token) => this.process(job, token), {
      connection: this.duplicate(),
      prefix: this.options.prefix ?? "rounds",
      concurrency: options.concurrency ?? 2,
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 2,
    });
    this.worker.on("failed", (job, error) => {
      if (!job) return;
      const willRetry = !isUnrecoverable(error) && job.attemptsMade < (job.opts.attempts ?? 1);
      this.options.logger.warn({ job: job.name, jobId: job.id, attempt: job.attemptsMade, willRetry, reason: describeFailure(error) }, "job attempt failed");
      if (willRetry) this.emit({ type: "failed", jobId: job.id!, name: job.name, error: describeFailure(error), willRetry });
      // A job BullMQ failed without running it (its workers died while running it more than maxStalledCount times): its hook runs now.
      else if (!this.gaveUp.delete(job.id!)) void this.giveUp(job, job.failedReason || describeFailure(error));
    });
    this.worker.on("error", (error) => this.options.logger.error({ err: error }, "worker error"));
    await this.worker.waitUntilReady();
  }

  private process(job: Job, token?: string): Promise<unknown> {
    const data = job.data as { trace?: Record<string, string> };
    return withSpan(`job ${job.name}`, {
      kind: "consumer", parent: contextFromCarrier(data.trace),
      attributes: { "rounds.queue": this.queue.name, "rounds.job.name": job.name, "rounds.job.id": job.id ?? "", "rounds.job.attempt": job.attemptsMade + 1 },
    }, () => this.run(job, token));
  }

  private async run(job: Job, token?: string): Promise<unknown> {
    const started = Date.now();
    const definition = this.definitions.get(job.name);
    if (!definition) throw new UnrecoverableError(`No handler registered for job ${job.name}.`);
    const data = job.data as { payload: unknown };
    const parsed = definition.payload.safeParse(data.payload);
    if (!parsed.success) throw new UnrecoverableError(`Invalid payload for job ${job.name}.`);
    const { signal, end } = this.active.start(job.id!);
    try {
      const handler = await definition.handler();
      const result = await handler(parsed.data, {
        jobId: job.id!, attempt: job.attemptsMade + 1, signal, app: this.options.app(),
        progress: async (value) => { await job.updateProgress(value); },
      });
      if (signal.aborted && token) return await this.returnToQueue(job, token, started);
      metrics.jobDuration.observe({ job: job.name, outcome: "completed" }, (Date.now() - started) / 1000);
      return result ?? null;
    } catch (error) {
      if (signal.aborted && token && !isUnrecoverable(error)) return await this.returnToQueue(job, token, started);
      metrics.jobDuration.observe({ job: job.name, outcome: "failed" }, (Date.now() - started) / 1000);
      // The last attempt: the give-up hook runs before the failure is recorded, so whoever sees the job failed sees its outcome too.
      if (isUnrecoverable(error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        this.gaveUp.add(job.id!);
        await this.giveUp(job, describeFailure(error));
      }
      if (isUnrecoverable(error) && !(error instanceof UnrecoverableError)) throw new UnrecoverableError(describeFailure(error));
      // Only PHI-free text reaches Redis.
      if (!(error instanceof UnrecoverableError)) throw new Error(describeFailure(error));
      throw error;
    } finally {
      end();
    }
  }

  /** Jobs whose give-up hook ran in `run`, so the worker's failed event does not run it again. */
  private readonly gaveUp = new Set<string>();

  private giveUp(job: Job, reason: string): Promise<void> {
    const payload = (job.data as { payload?: unknown }).payload;
    return runGiveUpHook(this.definitions.get(job.name), { id: job.id!, name: job.name, payload, attempts: job.attemptsMade + 1, reason }, { app: this.options.app(), logger: this.options.logger });
  }

  /** A job stopped by shutdown goes back to waiting as it was (no attempt used) for another worker to take. */
  private async returnToQueue(job: Job, token: string, started: number): Promise<never> {
    await job.moveToWait(token);
    metrics.jobDuration.observe({ job: job.name, outcome: "returned" }, (Date.now() - started) / 1000);
    this.options.logger.info({ job: job.name, jobId: job.id }, "job returned to the queue at shutdown");
    throw new (bullmq().WaitingError)();
  }

  private emit(event: JobEvent): void {
    this.emitter.emit("event", event);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const job = await this.queue.getJob(id);
    if (!job) return undefined;
    const state = await job.getState();
    const mapped: JobRecord["state"] = state === "completed" ? "completed" : state === "failed" ? "failed" : state === "active" ? "active" : "waiting";
    return {
      id, name: job.name, state: mapped, attempts: job.attemptsMade,
      ...(job.progress !== undefined && job.progress !== 0 ? { progress: job.progress } : {}),
      ...(job.returnvalue !== undefined && job.returnvalue !== null ? { result: job.returnvalue } : {}),
      ...(job.failedReason ? { error: job.failedReason } : {}),
    };
  }

  async waitFor(id: string, timeoutMs = 60_000): Promise<JobRecord> {
    await this.ensureEvents();
    return waitForJob(this, id, timeoutMs);
  }

  on(listener: (event: JobEvent) => void): () => void {
    void this.ensureEvents().catch(() => undefined);
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  async counts(): Promise<Record<string, number>> {
    // Every unfinished state: a stalled job (its worker died) stays in `active` until the stalled check moves it back to `waiting`.
    const jobs = await this.queue.getJobs(["waiting", "active", "delayed", "prioritized", "waiting-children"], 0, 10_000);
    const out: Record<string, number> = {};
    for (const j of jobs) out[j.name] = (out[j.name] ?? 0) + 1;
    return out;
  }

  /** BullMQ leaves connections it was given open: every duplicate is tracked and quit on close. */
  private readonly duplicates: Redis[] = [];
  private duplicate(): Redis {
    const connection = this.connection.duplicate();
    this.duplicates.push(connection);
    return connection;
  }

  /**
   * Stops taking work, gives running jobs `shutdownGraceMs` to finish, then
   * stops the rest (their handlers see the abort signal) and returns them to
   * the queue, and closes connections.
   */
  async close(): Promise<void> {
    if (this.worker && !this.shuttingDown) {
      this.shuttingDown = true;
      // BullMQ's close stops fetching at once and resolves when the active jobs have ended.
      const closed = this.worker.close();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<"timeout">((r) => { timer = setTimeout(() => r("timeout"), this.options.shutdownGraceMs ?? 10_000); });
      if ((await Promise.race([closed, grace])) === "timeout") {
        this.active.stopAll();
      }
      clearTimeout(timer);
      await closed;
    }
    await this.events?.close();
    await this.queue.close();
    for (const c of [...this.duplicates, this.connection]) await c.quit().catch(() => c.disconnect());
  }
}
