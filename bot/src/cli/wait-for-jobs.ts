import type { RoundsApp } from "../app/create-app.ts";

/**
 * Waits until no job is waiting or running, reporting what is left. Polls
 * quickly at first (a command that started no work, like `ask`, is done after
 * two quiet polls 20 ms apart), then every 250 ms.
 */
export async function waitForJobs(app: RoundsApp, report: (left: number) => void = () => {}, timeoutMs = 30 * 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quietRounds = 0;
  let pause = 20;
  while (Date.now() < until) {
    // The scheduler's tick is always waiting for its next minute: it is not work to wait for.
    const left = Object.entries(await app.jobs.counts()).filter(([name]) => name !== "training.schedules-tick").reduce((a, [, n]) => a + n, 0);
    report(left);
    // Two quiet polls in a row: a job may enqueue its follow-up just as it finishes.
    quietRounds = left === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(250, pause * 2);
  }
  throw new Error("Timed out waiting for background jobs.");
}
