import type { AnyJobDefinition, JobDefinition } from "./job-definition.ts";

export type JobState = "waiting" | "active" | "completed" | "failed";

export interface JobRecord {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  progress?: unknown;
  result?: unknown;
  /** Failure reason: PHI-free by contract (RoundsError messages). */
  error?: string;
}

export type JobEvent =
  | { type: "progress"; jobId: string; name: string; progress: unknown }
  | { type: "completed"; jobId: string; name: string; result: unknown }
  | { type: "failed"; jobId: string; name: string; error: string; willRetry: boolean };

export interface EnqueueOptions {
  /** Same key, same queue: the job is created once (later calls return the first id). */
  idempotencyKey?: string;
  delayMs?: number;
}

/**
 * The job layer. Two implementations with the same semantics: BullMQ on
 * Redis (server tier) and a database-backed queue run in process (embedded
 * tier). Retries with exponential backoff for faults; `UnrecoverableError`
 * (from BullMQ, re-exported by core) or a `RoundsError` with a 4xx status
 * fails the job at once.
 */
export interface JobQueue {
  readonly kind: "bullmq" | "database";
  /** Makes a definition known (before enqueueing it or starting workers). */
  register(definition: JobDefinition<never> | AnyJobDefinition): void;
  enqueue<P>(definition: JobDefinition<P>, payload: P, options?: EnqueueOptions): Promise<{ id: string }>;
  /** Starts processing registered jobs in this process. */
  startWorker(options?: { concurrency?: number }): Promise<void>;
  /**
   * Whether this process works the queue: startWorker ran and close did not.
   * (Other processes may work a shared queue; this says nothing about them.)
   */
  readonly working: boolean;
  get(id: string): Promise<JobRecord | undefined>;
  /** Resolves when the job completes or fails for good. */
  waitFor(id: string, timeoutMs?: number): Promise<JobRecord>;
  on(listener: (event: JobEvent) => void): () => void;
  /**
   * Unfinished jobs per name (metrics, readiness, and "is there work left"):
   * waiting, delayed (a retry's backoff, a delayed enqueue), prioritized,
   * active, and stalled (running on a worker that died, until recovered).
   */
  counts(): Promise<Record<string, number>>;
  /** Stops taking work, lets active jobs finish (or returns them to the queue), closes connections. */
  close(): Promise<void>;
}
