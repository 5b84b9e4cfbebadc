import { z } from "zod";
import { defineJob } from "../jobs/job-definition.ts";

/** Polls a submitted fine-tune until it ends, then registers, evaluates and (maybe) promotes. */
export const trainingPollJob = defineJob({
  name: "training.poll",
  version: 1,
  payload: z.object({ organizationId: z.string().uuid(), fineTuneJobId: z.string().uuid(), modelVersionId: z.string().uuid(), round: z.number().int().min(0).default(0) }),
  attempts: 5,
  backoffMs: 5_000,
  handler: async () => (await import("./poll-training.ts")).pollTraining,
});

/**
 * The scheduler tick: runs due schedules, then enqueues the next tick a
 * minute later. Idempotency keys per minute mean any number of workers
 * (and restarts) keep exactly one tick chain going.
 */
export const schedulesTickJob = defineJob({
  name: "training.schedules-tick",
  version: 1,
  payload: z.object({ minute: z.string() }),
  attempts: 2,
  backoffMs: 5_000,
  handler: async () => (await import("./schedules-tick.ts")).schedulesTick,
});
