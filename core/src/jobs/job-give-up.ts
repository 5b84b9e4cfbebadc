import type { AppContext } from "../app/app-context.ts";
import type { Logger } from "../logging/logger.ts";
import type { JobDefinition } from "./job-definition.ts";

/**
 * Runs a definition's `onGiveUp` for a job the queue has failed for good.
 * Both queue backends call it, so a job that exhausts its attempts has the
 * same outcome on every tier. A hook that throws is logged, never rethrown:
 * the job is already failed.
 */
export async function runGiveUpHook(
  definition: JobDefinition<unknown> | undefined,
  job: { id: string; name: string; payload: unknown; attempts: number; reason: string },
  deps: { app: AppContext; logger: Logger },
): Promise<void> {
  if (!definition?.onGiveUp) return;
  const parsed = definition.payload.safeParse(job.payload);
  if (!parsed.success) return;
  try {
    await definition.onGiveUp(parsed.data, { app: deps.app, jobId: job.id, attempts: job.attempts, reason: job.reason });
    deps.logger.warn({ job: job.name, jobId: job.id, attempts: job.attempts }, "job given up");
  } catch (error) {
    deps.logger.error({ err: error, job: job.name, jobId: job.id }, "job give-up hook failed");
  }
}
