import type { AppContext } from "../app/app-context.ts";
import type { JobContext } from "../jobs/job-definition.ts";
import { runDueSchedules } from "./schedules.ts";
import { startTraining } from "./start-training.ts";
import { schedulesTickJob } from "./training-jobs.ts";

const minuteKey = (d: Date) => d.toISOString().slice(0, 16);

/** Starts the tick chain (idempotent: one chain however many processes call it). */
export async function ensureSchedulesTick(app: AppContext): Promise<void> {
  const next = new Date(Math.ceil((app.now().getTime() + 1) / 60_000) * 60_000);
  await app.jobs.enqueue(schedulesTickJob, { minute: minuteKey(next) }, { idempotencyKey: `schedules:${minuteKey(next)}`, delayMs: Math.max(0, next.getTime() - app.now().getTime()) });
}

export async function schedulesTick(_payload: { minute: string }, ctx: JobContext): Promise<unknown> {
  const { app } = ctx;
  try {
    return await runDueSchedules(app, ctx.jobId, async (scope, params) => {
      const r = await startTraining(app, undefined, { scope, params });
      return r.status === "started" ? { started: true, jobId: r.job.id } : { started: false, reason: r.status === "not-enough-data" ? `not enough data (${r.missing} more examples needed)` : r.status };
    });
  } finally {
    await ensureSchedulesTick(app);
  }
}
