import type { Store } from "@rounds/core";
import { sql } from "drizzle-orm";
import type { DatabaseHandle, RoundsDb } from "../client.ts";
import type { ExecutePrepared } from "../prepared-statements.ts";
import { createAnswersRepository } from "./answers.ts";
import { createAuditRepository } from "./audit.ts";
import { createCareTeamRepository } from "./care-team.ts";
import { createConsentRepository } from "./consent.ts";
import { createDataAllowListRepository } from "./data-allow-list.ts";
import { createDataMetricRepository } from "./data-metrics.ts";
import { createIdentityRepository } from "./identity.ts";
import { identityCaches, type IdentityCaches } from "./identity-cache.ts";
import { createJobStore } from "./jobs.ts";
import { createKnowledgeRepository } from "./knowledge.ts";
import { createNotesRepository } from "./notes.ts";
import { createReleasedCohortRepository } from "./released-cohorts.ts";
import { createRetrievalIndex } from "./retrieval.ts";
import { createTenancyRepository } from "./tenancy.ts";
import { createTrainingRepository } from "./training.ts";

/** Calls `after` once each of `target`'s methods named in `keys` has resolved, and resolves with the method's result. */
function followedBy<T extends object>(target: T, keys: ReadonlyArray<keyof T>, after: () => Promise<unknown>): T {
  const out = { ...target };
  for (const key of keys) {
    const fn = target[key] as (...args: unknown[]) => Promise<unknown>;
    (out as Record<keyof T, unknown>)[key] = async (...args: unknown[]) => {
      const result = await fn.apply(target, args);
      await after();
      return result;
    };
  }
  return out;
}

/**
 * `executePrepared`, `refreshStatistics` and the identity caches (`identity-cache.ts`) only outside transactions: PGlite has one session, and a transaction holds it.
 * Every write that changes what retrieval reads (documents' state and sensitivity, chunks, embeddings, term statistics) is
 * followed by a statistics refresh (`table-statistics.ts`), so a question asked after it is planned on current statistics.
 */
function storeOver(db: RoundsDb, kind: Store["kind"], executePrepared?: ExecutePrepared, refreshStatistics?: () => Promise<unknown>, caches?: IdentityCaches): Store {
  const knowledge = createKnowledgeRepository(db, executePrepared);
  const retrieval = createRetrievalIndex(db, executePrepared);
  return {
    kind,
    tenancy: createTenancyRepository(db, caches),
    identity: createIdentityRepository(db, caches),
    consent: createConsentRepository(db),
    careTeam: createCareTeamRepository(db),
    audit: createAuditRepository(db),
    knowledge: refreshStatistics ? followedBy(knowledge, ["createDocument", "updateDocument", "transition", "restrictDocument", "softDeleteDocument", "replaceChunks"], refreshStatistics) : knowledge,
    retrieval: refreshStatistics ? followedBy(retrieval, ["upsert"], refreshStatistics) : retrieval,
    answers: createAnswersRepository(db),
    training: createTrainingRepository(db),
    notes: createNotesRepository(db),
    dataMetrics: createDataMetricRepository(db),
    dataAllowList: createDataAllowListRepository(db),
    releasedCohorts: createReleasedCohortRepository(db),
    jobs: createJobStore(db),
    transaction: (fn) => db.transaction((tx) => fn(storeOver(tx as unknown as RoundsDb, kind))),
    ping: async () => {
      await db.execute(sql`select 1`);
      return true;
    },
  };
}

/** The `Store` core asks for, over an open database. */
export function createStore(handle: DatabaseHandle): Store {
  return storeOver(handle.db, handle.kind, handle.executePrepared, handle.refreshStatistics, identityCaches(handle.db, handle.identityChanges));
}
