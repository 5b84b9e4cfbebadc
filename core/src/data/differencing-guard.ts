import { createHmac } from "node:crypto";
import { COMBINATION_LIMITS, combinationReveals, type CombinationLimits } from "./cohort-combinations.ts";
import type { ReleasedCohortRepository } from "./released-cohort-repository.ts";

export { differsByFewer } from "./cohort-combinations.ts";

/** Why a row was withheld by the differencing guard (no patient detail). */
export type DifferencingReason = "pair" | "combination" | "unchecked";

/**
 * Differencing guard (issue #20): k-anonymity by suppression lets answers of
 * at least k patients each through even when their cohorts differ by only a
 * few patients, so that subtracting one from another (or A − B − C, or any
 * combination: `cohort-combinations.ts`) describes those few. One guard per
 * organisation and source keeps the patient-key set behind every shown row of
 * a patient-linked answer in the organisation's ledger in Rounds' database
 * (`ReleasedCohortRepository`: survives a restart, shared by every server),
 * for `windowMs` and at most `limit` cohorts, and withholds a new row whose
 * cohort would let a combination of released counts describe 1 to k−1
 * patients. An identical cohort reveals nothing new and is shown. Keys are
 * stored as an HMAC under the source's patient-key salt (never an id, never
 * logged). The check and the record are one step under the ledger's lock.
 */
export class DifferencingGuard {
  private cache: Array<{ seq: number; family: string; keys: ReadonlySet<string>; at: number; print: string }> = [];
  private lastSeq = 0;

  constructor(private readonly options: {
    organizationId: string;
    sourceId: string;
    windowMs: number;
    limit: number;
    /** The source's patient-key salt: stored keys are HMACs under it. */
    salt: string;
    ledger: ReleasedCohortRepository;
    limits?: CombinationLimits;
  }) {}

  /**
   * For each row (the cohorts its patient count stands for), whether it may
   * be shown, checked in order against the ledger and the rows allowed before
   * it; the allowed rows' cohorts are recorded in the same step.
   */
  async release(rows: ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>, family: string, k: number, now = Date.now()): Promise<Array<{ allowed: true } | { allowed: false; reason: DifferencingReason }>> {
    if (!rows.length) return [];
    const hashed = rows.map((cohorts) => cohorts.map((c) => new Set([...c].map((key) => this.hash(key)))));
    const fam = this.hash(family);
    const { windowMs, limit } = this.options;
    // Counts already released (the same cohorts again, within the window) tell nothing new whatever else
    // was released since: shown without a trip to the ledger (the common case of a question asked again).
    const known = new Set(this.cache.filter((c) => now - c.at <= windowMs).map((c) => c.print));
    if (hashed.every((cohorts) => cohorts.every((c) => c.size === 0 || known.has(fingerprint(c))))) return hashed.map(() => ({ allowed: true }));
    return this.options.ledger.withLedger(this.options.organizationId, this.options.sourceId, async (ledger) => {
      for (const c of await ledger.after(this.lastSeq, new Date(now - windowMs))) {
        this.cache.push({ seq: c.seq, family: c.family, keys: new Set(c.keys), at: c.releasedAt.getTime(), print: fingerprint(c.keys) });
        this.lastSeq = Math.max(this.lastSeq, c.seq);
      }
      this.cache = this.cache.filter((c) => now - c.at <= windowMs).slice(-limit);
      // The same family last, so the combination check takes it first (one metric with other parameters).
      const released = [...this.cache.filter((c) => c.family !== fam), ...this.cache.filter((c) => c.family === fam)].map((c) => c.keys);
      const verdicts: Array<{ allowed: true } | { allowed: false; reason: DifferencingReason }> = [];
      const shown: Array<ReadonlySet<string>> = [];
      for (const cohorts of hashed) {
        let refused: DifferencingReason | undefined;
        for (const keys of cohorts) {
          const v = combinationReveals(keys, [...released, ...shown], k, this.options.limits ?? COMBINATION_LIMITS);
          if (v.reveals) { refused = v.reason; break; }
        }
        if (refused) verdicts.push({ allowed: false, reason: refused });
        else {
          verdicts.push({ allowed: true });
          shown.push(...cohorts.filter((c) => c.size > 0));
        }
      }
      // A cohort already in the ledger adds nothing to any combination: it is not stored twice.
      const stored = new Set(this.cache.map((c) => c.print));
      const fresh = shown.map((keys) => ({ keys: [...keys], print: fingerprint(keys) })).filter((c) => !stored.has(c.print) && (stored.add(c.print), true));
      if (fresh.length) {
        const added = await ledger.add(fresh.map((c) => ({ family: fam, keys: c.keys })), new Date(now));
        for (const c of added) {
          this.cache.push({ seq: c.seq, family: c.family, keys: new Set(c.keys), at: now, print: fingerprint(c.keys) });
          this.lastSeq = Math.max(this.lastSeq, c.seq);
        }
        await ledger.prune(new Date(now - windowMs), limit);
      }
      return verdicts;
    });
  }

  private hash(key: string): string {
    return createHmac("sha256", this.options.salt).update(key).digest("base64url").slice(0, 16);
  }
}

const fingerprint = (keys: Iterable<string>): string => [...keys].sort().join(",");
