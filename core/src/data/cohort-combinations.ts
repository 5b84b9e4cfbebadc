/**
 * Whether releasing one more patient count lets some linear combination of
 * the released counts describe fewer than k patients (the differencing or
 * "tracker" attack on count queries: |A| − |B| − |C| counts the patients of A
 * in neither B nor C; any Σ cᵢ|Sᵢ| is a weighted count of patients).
 *
 * The released cohorts split the patients into atoms (patients in exactly
 * the same cohorts); every combination of counts is a weighted sum of atom
 * counts, and it describes a set of patients U when it is non-zero only on
 * U's atoms. The check: is there a set U of atoms, each of fewer than k
 * patients and together 1..k−1 of them, such that the counts released so far
 * plus the new one give a combination that lives on U while those released
 * so far did not? In linear-algebra terms, with M the cohorts' 0/1 rows over
 * the atoms: dim(rowspace ∩ ℝ^U) = rank(M) − rank(M without U's columns),
 * compared with and without the new row. The dimension only grows with U, so
 * only the largest such U (no further small atom fits under k) are tried.
 *
 * Finding the sparsest combination is hard in general, so the check is
 * bounded: at most `maxCohorts` released cohorts are combined (those linked
 * to the new one by shared patients among the latest `maxScan`, most recent
 * first: a combination that reveals something without the new cohort's
 * component was refused before),
 * and at most `maxSupports` sets U are tried; past that the new count is
 * withheld (a refusal, never a silent pass). Ranks are computed modulo a
 * prime near 2²⁶ (exact on 0/1 matrices of this size unless the prime
 * divides every maximal minor).
 */

/** What the check found: the new cohort may be released, or why not. */
export type CombinationVerdict = { reveals: false } | { reveals: true; reason: "pair" | "combination" | "unchecked"; cohorts: number };

export interface CombinationLimits {
  /** Released cohorts combined with the new one. */
  maxCohorts: number;
  /** Sets of small atoms tried before the count is withheld unchecked. */
  maxSupports: number;
  /** Most recent released cohorts searched for ones linked to the new one (pairs are checked against all). */
  maxScan: number;
}

export const COMBINATION_LIMITS: CombinationLimits = { maxCohorts: 24, maxSupports: 2048, maxScan: 256 };

/** Whether the symmetric difference of two cohorts holds between 1 and k−1 patients (stops counting at k). */
export function differsByFewer(a: ReadonlySet<string>, b: ReadonlySet<string>, k: number): boolean {
  if (Math.abs(a.size - b.size) >= k) return false;
  let differ = 0;
  for (const key of a) if (!b.has(key) && ++differ >= k) return false;
  for (const key of b) if (!a.has(key) && ++differ >= k) return false;
  return differ > 0;
}

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
}

/**
 * Whether `candidate` may be released after `released` (most recent last):
 * no pair differs by 1..k−1 patients, and no combination with the cohorts
 * linked to it by shared patients describes 1..k−1 patients it did not before.
 */
export function combinationReveals(candidate: ReadonlySet<string>, released: ReadonlyArray<ReadonlySet<string>>, k: number, limits: CombinationLimits = COMBINATION_LIMITS): CombinationVerdict {
  for (const past of released) if (differsByFewer(candidate, past, k)) return { reveals: true, reason: "pair", cohorts: 2 };
  // The component of cohorts linked to the candidate by shared patients, most recent first, bounded.
  const pool = released.slice(-limits.maxScan).reverse().filter((c) => c.size > 0);
  const component: Array<ReadonlySet<string>> = [];
  const frontier: Array<ReadonlySet<string>> = [candidate];
  const taken = new Set<number>();
  while (frontier.length && component.length < limits.maxCohorts) {
    const from = frontier.shift()!;
    for (let i = 0; i < pool.length && component.length < limits.maxCohorts; i++) {
      if (taken.has(i) || !overlaps(from, pool[i]!)) continue;
      taken.add(i);
      component.push(pool[i]!);
      frontier.push(pool[i]!);
    }
  }
  if (component.length < 2) return { reveals: false };
  const sets = [...component, candidate];
  // Atoms: patients by the cohorts they are in (a bit per cohort; the candidate is the last bit).
  const signature = new Map<string, number>();
  sets.forEach((s, i) => { for (const key of s) signature.set(key, (signature.get(key) ?? 0) | (2 ** i)); });
  const weight = new Map<number, number>();
  for (const sig of signature.values()) weight.set(sig, (weight.get(sig) ?? 0) + 1);
  const atoms = [...weight.entries()].map(([sig, w]) => ({ sig, w }));
  const small = atoms.map((a, i) => ({ ...a, i })).filter((a) => a.w < k);
  if (!small.length) return { reveals: false };
  const rowsOf = (n: number) => Array.from({ length: n }, (_, r) => atoms.map((a) => (Math.floor(a.sig / 2 ** r) % 2)));
  const withNew = rowsOf(sets.length);
  const without = withNew.slice(0, -1);
  const fullNew = rank(withNew, new Set());
  const fullOld = rank(without, new Set());
  // Whether more combinations live on these atoms with the new count than without it.
  const grows = (columns: ReadonlySet<number>) => fullNew - rank(withNew, columns) > fullOld - rank(without, columns);
  // Quick exit: no combination at all lives on small atoms beyond what was already there.
  if (!grows(new Set(small.map((a) => a.i)))) return { reveals: false };
  // The largest sets of small atoms under k patients.
  let tried = 0;
  let found = false;
  let exhausted = false;
  const visit = (start: number, chosen: number[], total: number) => {
    if (found || exhausted) return;
    let extended = false;
    for (let j = start; j < small.length; j++) {
      if (total + small[j]!.w > k - 1) continue;
      extended = true;
      visit(j + 1, [...chosen, small[j]!.i], total + small[j]!.w);
      if (found || exhausted) return;
    }
    // Maximal only: no small atom outside the set (before or after) still fits.
    if (extended || !chosen.length) return;
    if (small.some((a) => !chosen.includes(a.i) && total + a.w <= k - 1)) return;
    if (++tried > limits.maxSupports) { exhausted = true; return; }
    if (grows(new Set(chosen))) found = true;
  };
  visit(0, [], 0);
  if (found) return { reveals: true, reason: "combination", cohorts: sets.length };
  if (exhausted) return { reveals: true, reason: "unchecked", cohorts: sets.length };
  return { reveals: false };
}

/** A prime near 2²⁶: products of two residues stay exact in a double. */
const P = 67_108_859;

function modInverse(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, a];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return t < 0 ? t + P : t;
}

/** Rank modulo P of the rows without the `dropped` columns. */
function rank(rows: number[][], dropped: ReadonlySet<number>): number {
  const m = rows.map((r) => r.filter((_, j) => !dropped.has(j)));
  const cols = m[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    const pivot = m.findIndex((row, i) => i >= r && row[c]! % P !== 0);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    const inv = modInverse(((m[r]![c]! % P) + P) % P);
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i]![c]! % P === 0) continue;
      const f = (m[i]![c]! * inv) % P;
      for (let j = c; j < cols; j++) m[i]![j] = ((m[i]![j]! - f * m[r]![j]!) % P + P) % P;
    }
    r++;
  }
  return r;
}
