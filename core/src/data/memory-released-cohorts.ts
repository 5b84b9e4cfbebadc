import type { ReleasedCohort, ReleasedCohortRepository } from "./released-cohort-repository.ts";

/**
 * The released-cohort ledger in this process's memory, for a data source
 * built without Rounds' store (a test, a benchmark, a tool): a restart
 * forgets it and another process does not see it. The app gives sources the
 * store's ledger (`releasedCohorts` host service).
 */
export function memoryReleasedCohorts(): ReleasedCohortRepository {
  const byScope = new Map<string, ReleasedCohort[]>();
  let seq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    withLedger(organizationId, sourceId, fn) {
      const scope = `${organizationId}\u0000${sourceId}`;
      const list = () => byScope.get(scope) ?? [];
      const run = queue.then(() => fn({
        after: async (afterSeq, since) => list().filter((c) => c.seq > afterSeq && c.releasedAt >= since).map((c) => ({ ...c, keys: [...c.keys] })),
        add: async (cohorts, at) => {
          const added = cohorts.map((c) => ({ seq: ++seq, family: c.family, keys: [...c.keys], releasedAt: at }));
          byScope.set(scope, [...list(), ...added]);
          return added;
        },
        prune: async (before, keep) => {
          byScope.set(scope, list().filter((c) => c.releasedAt >= before).slice(-keep));
        },
      }));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
