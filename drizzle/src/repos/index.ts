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
import { createJobStore } from "./jobs.ts";
import { createKnowledgeRepository } from "./knowledge.ts";
import { createNotesRepository } from "./notes.ts";
import { createReleasedCohortRepository } from "./released-cohorts.ts";
import { createRetrievalIndex } from "./retrieval.ts";
import { createTenancyRepository } from "./tenancy.ts";
import { createTrainingRepository } from "./training.ts";

/** `executePrepared` only outside transactions: PGlite has one session, and a transaction holds it. */
function storeOver(db: RoundsDb, kind: Store["kind"], executePrepared?: ExecutePrepared): Store {
  return {
    kind,
    tenancy: createTenancyRepository(db),
    identity: createIdentityRepository(db),
    consent: createConsentRepository(db),
    careTeam: createCareTeamRepository(db),
    audit: createAuditRepository(db),
    knowledge: createKnowledgeRepository(db),
    retrieval: createRetrievalIndex(db, executePrepared),
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
  return storeOver(handle.db, handle.kind, handle.executePrepared);
}
