import type { ZodType } from "zod";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";

/** What a running handler can do besides its work. */
export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** Reports progress (0..1 or a small object); listeners and the job record see it. */
  progress(value: number | Record<string, unknown>): Promise<void>;
  /** Aborted when the worker shuts down; long handlers should stop and let the job be retried. */
  signal: AbortSignal;
  app: AppContext;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<unknown>;

/**
 * A job type: name + version + zod payload, and a lazily imported handler
 * (documenso style), so a process that only enqueues never loads handler code.
 */
export interface JobDefinition<P = unknown> {
  name: string;
  version: number;
  payload: ZodType<P>;
  /** Tries in total, including the first. Default 3. */
  attempts?: number;
  /** Base of exponential backoff between tries. Default 1000 ms. */
  backoffMs?: number;
  handler(): Promise<JobHandler<P>>;
  /**
   * Runs once when the queue gives up on a job: bad input, the last attempt
   * failed, or its worker died while running it more often than allowed. It
   * puts what the job was working on into a state someone can act on (for a
   * document: `failed`, with the step and a PHI-free reason).
   */
  onGiveUp?(payload: NoInfer<P>, failure: JobFailure): Promise<void>;
}

/** Why a job was given up; `reason` is PHI-free (a RoundsError code and message, or an error's name). */
/**
 * A definition whatever its payload type, for lists of different jobs and for
 * `register` (TypeScript has no existential types; each definition still
 * checks its own payload with zod before its handler runs).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any>;

export interface JobFailure {
  app: AppContext;
  jobId: string;
  attempts: number;
  reason: string;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** The payload a queue stores for a job, checked against its definition before it is enqueued: `VALIDATION_FAILED` naming the first bad field otherwise. */
export function enqueuedPayload<P>(definition: JobDefinition<P>, payload: P): P {
  const parsed = definition.payload.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RoundsError("VALIDATION_FAILED", `Invalid payload for job ${definition.name}: ${issue?.path.join(".") || "payload"} ${issue?.message ?? ""}`.trim());
}
