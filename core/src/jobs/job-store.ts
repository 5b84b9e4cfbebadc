/**
 * Persistence for the database-backed job queue (embedded tier, or any tier
 * without Redis). Implemented in `drizzle/src/repos/jobs.ts`.
 */
export interface StoredJob {
  id: string;
  queue: string;
  name: string;
  version: number;
  payload: unknown;
  state: "waiting" | "active" | "completed" | "failed";
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  progress: unknown;
  result: unknown;
  error: string | null;
}

export interface JobStore {
  /** Inserts a job; with an idempotency key already used in the queue, returns the existing one (`created: false`). */
  insert(job: { queue: string; name: string; version: number; payload: unknown; idempotencyKey?: string; maxAttempts: number; backoffMs: number; runAt: Date }): Promise<{ id: string; created: boolean }>;
  /**
   * Atomically claims the next runnable job (waiting and due, or active with
   * an expired lease: its worker died) and leases it to `workerId`.
   * Increments `attempts`.
   */
  claim(queue: string, workerId: string, leaseMs: number, now: Date): Promise<StoredJob | undefined>;
  /** Extends a lease; `false` when the job is no longer leased to this worker. */
  heartbeat(id: string, workerId: string, until: Date): Promise<boolean>;
  complete(id: string, workerId: string, result: unknown): Promise<void>;
  /** Fails an attempt: back to waiting at `retryAt`, or failed for good when `retryAt` is undefined. */
  fail(id: string, workerId: string, error: string, retryAt: Date | undefined): Promise<void>;
  /** Returns a leased job to the queue untouched (graceful shutdown). */
  release(id: string, workerId: string): Promise<void>;
  setProgress(id: string, progress: unknown): Promise<void>;
  get(id: string): Promise<StoredJob | undefined>;
  /** Unfinished jobs per job name: waiting (also those due later: retries in backoff) and active (also those whose lease expired). */
  counts(queue: string): Promise<Record<string, number>>;
}
