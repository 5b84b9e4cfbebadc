import { RoundsError } from "../errors/index.ts";
import type { JobQueue, JobRecord } from "./job-queue.ts";

/**
 * Resolves when a job completes or fails for good (both queue backends use
 * this one loop): reads the record, then sleeps until the job's next event or
 * half a second, whichever comes first, so a missed event costs a poll.
 */
export async function waitForJob(queue: Pick<JobQueue, "get" | "on">, id: string, timeoutMs = 60_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await queue.get(id);
    if (!record) throw new RoundsError("NOT_FOUND", "Job not found.");
    if (record.state === "completed" || record.state === "failed") return record;
    if (Date.now() > deadline) throw new RoundsError("JOB_FAILED", `Timed out waiting for job ${record.name}.`);
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, Math.min(500, Math.max(10, deadline - Date.now())));
      const off = queue.on((e) => { if (e.jobId === id && e.type !== "progress") done(); });
      function done() { clearTimeout(t); off(); resolve(); }
    });
  }
}
