/**
 * Differencing guard (issue #20): k-anonymity by suppression lets two answers
 * of at least k patients each through even when their cohorts differ by only
 * a few patients, so that subtracting one from the other describes those few.
 * One guard per organisation remembers the patient-key set behind every shown
 * row of a patient-linked answer for a while, and withholds a new row whose
 * cohort differs from a remembered one by 1 to k−1 patients (symmetric
 * difference). An identical cohort (difference 0) reveals nothing new and is
 * shown. The sets hold the views' opaque keys only, in this process's memory
 * (never stored or logged), for `windowMs`, at most `limit` of them.
 */
export class DifferencingGuard {
  private history: Array<{ keys: ReadonlySet<string>; at: number }> = [];

  constructor(private readonly options: { windowMs: number; limit: number }) {}

  /** Whether a row whose cohort is `keys` may be shown: it differs from every remembered cohort by 0 or at least k patients. */
  allows(keys: ReadonlySet<string>, k: number, now = Date.now()): boolean {
    for (const past of this.recent(now)) if (differsByFewer(keys, past.keys, k)) return false;
    return true;
  }

  /** Remembers the cohorts of rows that were shown. */
  remember(cohorts: ReadonlyArray<ReadonlySet<string>>, now = Date.now()): void {
    const list = this.recent(now);
    for (const keys of cohorts) {
      const same = list.findIndex((p) => sameSet(p.keys, keys));
      if (same >= 0) list.splice(same, 1);
      if (keys.size > 0) list.push({ keys, at: now });
    }
    if (list.length > this.options.limit) list.splice(0, list.length - this.options.limit);
  }

  private recent(now: number): Array<{ keys: ReadonlySet<string>; at: number }> {
    this.history = this.history.filter((p) => now - p.at <= this.options.windowMs);
    return this.history;
  }
}

/** Whether the symmetric difference of two cohorts holds between 1 and k−1 patients (stops counting at k). */
export function differsByFewer(a: ReadonlySet<string>, b: ReadonlySet<string>, k: number): boolean {
  if (Math.abs(a.size - b.size) >= k) return false;
  let differ = 0;
  for (const key of a) if (!b.has(key) && ++differ >= k) return false;
  for (const key of b) if (!a.has(key) && ++differ >= k) return false;
  return differ > 0;
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));
