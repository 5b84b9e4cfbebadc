import type { AppContext } from "../app/app-context.ts";

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** Readiness reflects what requests need: database, job queue, blob store. */
export async function checkReadiness(app: AppContext): Promise<Readiness> {
  const checks: Readiness["checks"] = {};
  const run = async (name: string, fn: () => Promise<unknown>) => {
    try {
      await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]);
      checks[name] = { ok: true };
    } catch (error) {
      checks[name] = { ok: false, detail: error instanceof Error && error.message === "timeout" ? "timed out" : "unavailable" };
    }
  };
  await Promise.all([
    run("database", () => app.store.ping()),
    run("queue", () => app.jobs.counts()),
    run("blobs", () => app.blobs.head("_readiness/probe")),
  ]);
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
