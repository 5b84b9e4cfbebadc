import type { RoundsApp } from "../app/create-app.ts";

/** Waits until no job is waiting or running, reporting what is left. */
export async function waitForJobs(app: RoundsApp, report: (left: number) => void = () => {}, timeoutMs = 30 * 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (Date.now() < until) {
    const left = Object.values(await app.jobs.counts()).reduce((a, b) => a + b, 0);
    report(left);
    // Two quiet polls in a row: a job may enqueue its follow-up just as it finishes.
    quietRounds = left === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("Timed out waiting for background jobs.");
}
