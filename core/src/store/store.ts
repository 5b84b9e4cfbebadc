import type { AnswerRepository } from "../answer/answer-repository.ts";
import type { AuditRepository } from "../audit/audit-repository.ts";
import type { CareTeamRepository } from "../consent/care-team-repository.ts";
import type { ConsentRepository } from "../consent/consent-repository.ts";
import type { DataAllowListRepository } from "../data/data-allow-list-repository.ts";
import type { DataMetricRepository } from "../data/data-metric-repository.ts";
import type { ReleasedCohortRepository } from "../data/released-cohort-repository.ts";
import type { IdentityRepository } from "../identity/identity-repository.ts";
import type { KnowledgeRepository } from "../ingest/knowledge-repository.ts";
import type { JobStore } from "../jobs/job-store.ts";
import type { NotesRepository } from "../notes/notes-repository.ts";
import type { RetrievalIndex } from "../ports/index.ts";
import type { TenancyRepository } from "../tenancy/tenancy-repository.ts";
import type { TrainingRepository } from "../training/training-repository.ts";

/**
 * Persistence, one repository per domain. Core defines these interfaces;
 * `@rounds/db` implements them over PGlite or PostgreSQL (core never imports
 * drizzle). Every method that reads tenant or patient data takes the scope
 * and filters on it inside the query.
 */
export interface Store {
  readonly kind: "pglite" | "postgres";
  tenancy: TenancyRepository;
  identity: IdentityRepository;
  consent: ConsentRepository;
  /** Which clinicians treat which patient (`core/src/consent/care-team.ts`). */
  careTeam: CareTeamRepository;
  audit: AuditRepository;
  knowledge: KnowledgeRepository;
  retrieval: RetrievalIndex;
  answers: AnswerRepository;
  training: TrainingRepository;
  notes: NotesRepository;
  dataMetrics: DataMetricRepository;
  dataAllowList: DataAllowListRepository;
  /** Cohorts behind counts shown from a practice database (the differencing guard's ledger). */
  releasedCohorts: ReleasedCohortRepository;
  jobs: JobStore;
  /** Runs `fn` in one transaction with a store bound to it. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Liveness for readiness checks. */
  ping(): Promise<boolean>;
}
