/**
 * The job queue over the database: the embedded tier's queue (and any
 * deployment without Redis). Workers claim jobs with a lease (`FOR UPDATE
 * SKIP LOCKED`), heartbeat while running, retry faults with exponential
 * backoff and fail bad input at once. A worker that dies leaves its lease to
 * expire; the next claim picks the job up again. Same semantics as the
 * BullMQ queue; both pass `describeJobQueueConformance` (`core/src/testing/conformance/job-queue.ts`).
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Logger } from "../logging/logger.ts";
import { metrics } from "../observability/metrics.ts";
import { withSpan } from "../observability/tracing.ts";
import { describeFailure, isUnrecoverable } from "./job-errors.ts";
import { ActiveJobs } from "./active-jobs.ts";
import { type AnyJobDefinition, enqueuedPayload, type JobDefinition } from "./job-definition.ts";
import { runGiveUpHook } from "./job-give-up.ts";
import type { EnqueueOptions, JobEvent, JobQueue, JobRecord } from "./job-queue.ts";
import type { JobStore, StoredJob } from "./job-store.ts";
import { waitForJob } from "./wait-for-job.ts";

export interface DatabaseQueueOptions {
  store: { jobs: JobStore };
  logger: Logger;
  app: () => AppContext;
  /** Queue name (lets several deployments share a database). */
  queue?: string;
  /** How long a claim is valid without a heartbeat. Default 30 s. */
  leaseMs?: number;
  /** Idle poll interval. Default 250 ms. */
  pollMs?: number;
  /** How long `close()` lets running jobs finish before returning them to the queue. Default 10 s. */
  shutdownGraceMs?: number;
  workerId?: string;
}

export function createDatabaseQueue(options: DatabaseQueueOptions): JobQueue {
  return new DatabaseQueue(options);
}

class DatabaseQueue implements JobQueue {
  readonly kind = "database" as const;
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly events = new EventEmitter();
  private readonly store: JobStore;
  private readonly queue: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly workerId: string;
  private readonly active = new ActiveJobs();
  private running = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly options: DatabaseQueueOptions) {
    this.store = options.store.jobs;
    this.queue = options.queue ?? "rounds";
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 250;
    this.workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.events.setMaxListeners(0);
  }

  register(definition: JobDefinition<never> | AnyJobDefinition): void {
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  async enqueue<P>(definition: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): Promise<{ id: string }> {
    if (!this.definitions.has(definition.name)) this.register(definition as JobDefinition<unknown>);
    const { id } = await this.store.insert({
      queue: this.queue, name: definition.name, version: definition.version, payload: enqueuedPayload(definition, payload),
      ...(options.idempotencyKey ? { idempotencyKey: `${definition.name}:${options.idempotencyKey}` } : {}),
      maxAttempts: definition.attempts ?? 3, backoffMs: definition.backoffMs ?? 1000,
      runAt: new Date(Date.now() + (options.delayMs ?? 0)),
    });
    this.wake?.();
    return { id };
  }

  get working(): boolean {
    return this.running;
  }

  async startWorker(options: { concurrency?: number } = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    const slots = options.concurrency ?? 2;
    this.loops = Array.from({ length: slots }, () => this.loop());
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let job: StoredJob | undefined;
      try {
        job = await this.store.claim(this.queue, this.workerId, this.leaseMs, new Date());
      } catch (error) {
        this.options.logger.error({ err: error }, "job claim failed");
      }
      if (!job) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.pollMs);
          this.wake = () => { clearTimeout(t); resolve(); };
        });
        continue;
      }
      const claimed = job;
      // A root span per job: the jobs table keeps no trace context, so it is not linked to the enqueuing request (BullMQ's is).
      await withSpan(`job ${job.name}`, {
        kind: "consumer", attributes: { "rounds.queue": this.queue, "rounds.job.name": job.name, "rounds.job.id": job.id, "rounds.job.attempt": job.attempts },
      }, () => this.run(claimed));
    }
  }

  private async run(job: StoredJob): Promise<void> {
    const { signal, end } = this.active.start(job.id);
    const started = Date.now();
    const heartbeat = setInterval(() => {
      void this.store.heartbeat(job.id, this.workerId, new Date(Date.now() + this.leaseMs)).catch(() => undefined);
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    try {
      const definition = this.definitions.get(job.name);
      if (!definition) throw new RoundsError("JOB_FAILED", `No handler registered for job ${job.name}.`);
      if (job.attempts > job.maxAttempts) throw new RoundsError("JOB_FAILED", `Job ${job.name} gave up after ${job.maxAttempts} attempts (a worker stopped while running it).`);
      const payload = definition.payload.parse(job.payload);
      const handler = await definition.handler();
      const result = await handler(payload, {
        jobId: job.id, attempt: job.attempts, signal, app: this.options.app(),
        progress: async (value) => {
          await this.store.setProgress(job.id, value);
          this.emit({ type: "progress", jobId: job.id, name: job.name, progress: value });
        },
      });
      if (signal.aborted) return await this.returnToQueue(job);
      await this.store.complete(job.id, this.workerId, result ?? null);
      metrics.jobDuration.observe({ job: job.name, outcome: "completed" }, (Date.now() - started) / 1000);
      this.emit({ type: "completed", jobId: job.id, name: job.name, result: result ?? null });
    } catch (error) {
      if (signal.aborted && !isUnrecoverable(error)) return await this.returnToQueue(job);
      const message = describeFailure(error);
      const giveUp = isUnrecoverable(error) || job.attempts >= job.maxAttempts;
      const retryAt = giveUp ? undefined : new Date(Date.now() + job.backoffMs * 2 ** (job.attempts - 1));
      // The give-up hook runs before the failure is recorded, so whoever sees the job failed sees its outcome too.
      if (giveUp) await runGiveUpHook(this.definitions.get(job.name), { ...job, reason: message }, { app: this.options.app(), logger: this.options.logger });
      await this.store.fail(job.id, this.workerId, message, retryAt).catch((e: unknown) => this.options.logger.error({ err: e }, "job fail record failed"));
      metrics.jobDuration.observe({ job: job.name, outcome: giveUp ? "failed" : "retried" }, (Date.now() - started) / 1000);
      this.options.logger.warn({ job: job.name, jobId: job.id, attempt: job.attempts, willRetry: !giveUp, reason: message }, "job attempt failed");
      this.emit({ type: "failed", jobId: job.id, name: job.name, error: message, willRetry: !giveUp });
    } finally {
      clearInterval(heartbeat);
      end();
    }
  }

  /** A job stopped by shutdown goes back to the queue for the next worker. */
  private async returnToQueue(job: StoredJob): Promise<void> {
    await this.store.release(job.id, this.workerId).catch((e: unknown) => this.options.logger.error({ err: e }, "job release failed"));
    this.options.logger.info({ job: job.name, jobId: job.id }, "job returned to the queue at shutdown");
  }

  private emit(event: JobEvent): void {
    this.events.emit("event", event);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const j = await this.store.get(id);
    if (!j) return undefined;
    return {
      id: j.id, name: j.name, state: j.state, attempts: j.attempts,
      ...(j.progress !== null && j.progress !== undefined ? { progress: j.progress } : {}),
      ...(j.result !== null && j.result !== undefined ? { result: j.result } : {}),
      ...(j.error ? { error: j.error } : {}),
    };
  }

  waitFor(id: string, timeoutMs = 60_000): Promise<JobRecord> {
    return waitForJob(this, id, timeoutMs);
  }

  on(listener: (event: JobEvent) => void): () => void {
    this.events.on("event", listener);
    return () => this.events.off("event", listener);
  }

  counts(): Promise<Record<string, number>> {
    return this.store.counts(this.queue);
  }

  /** Stops claiming, lets running jobs finish within `graceMs`, returns the rest to the queue. */
  async close(graceMs = this.options.shutdownGraceMs ?? 10_000): Promise<void> {
    this.running = false;
    this.wake?.();
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
    if ((await Promise.race([this.active.settled(), timeout])) === "timeout") {
      this.active.stopAll();
      await this.active.settled();
    }
    await Promise.all(this.loops);
  }
}
