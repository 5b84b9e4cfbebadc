import type { RoundsApp } from "../app/create-app.ts";

/** Waits until no job is waiting or running, reporting what is left. */
export async function waitForJobs(app: RoundsApp, report: (left: number) => void = () => {}, timeoutMs = 30 * 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (Date.now() < until) {
    // The scheduler's tick is always waiting for its next minute: it is not work to wait for.
    const left = Object.entries(await app.jobs.counts()).filter(([name]) => name !== "training.schedules-tick").reduce((a, [, n]) => a + n, 0);
    report(left);
    // Two quiet polls in a row: a job may enqueue its follow-up just as it finishes.
    quietRounds = left === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("Timed out waiting for background jobs.");
}
