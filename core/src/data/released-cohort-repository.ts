/**
 * The patient cohorts behind counts an organisation was shown (issue #20's
 * differencing guard), per organisation and data source, in Rounds' own
 * database so that a restart or a second server sees them too. A cohort is
 * the set of its patients' keys as the guard stores them (an HMAC of the
 * source's opaque view key, never a patient id), with its family (the
 * guarded statement it came from: one metric with different parameters is
 * one family). Implemented in `drizzle/src/repos/released-cohorts.ts`; every
 * read and write takes the organisation and filters on it inside the query.
 */
export interface ReleasedCohort {
  /** Increasing per database: what a process has already read. */
  seq: number;
  family: string;
  keys: string[];
  releasedAt: Date;
}

/** The ledger while the organisation's and source's release lock is held. */
export interface ReleasedCohortLedger {
  /** Cohorts with `seq` above `afterSeq` released at or after `since`, by `seq`. */
  after(afterSeq: number, since: Date): Promise<ReleasedCohort[]>;
  /** Records released cohorts; returns them with their `seq`. */
  add(cohorts: Array<{ family: string; keys: string[] }>, at: Date): Promise<ReleasedCohort[]>;
  /** Bounded retention: drops cohorts released before `before`, and all but the newest `keep`. */
  prune(before: Date, keep: number): Promise<void>;
}

export interface ReleasedCohortRepository {
  /**
   * Runs `fn` holding the organisation's and source's release lock (one
   * transaction; another process's release for the same organisation and
   * source waits), so that the check and the record of a release are one step.
   */
  withLedger<T>(organizationId: string, sourceId: string, fn: (ledger: ReleasedCohortLedger) => Promise<T>): Promise<T>;
}
