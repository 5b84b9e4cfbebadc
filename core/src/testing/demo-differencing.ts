import { expect } from "vitest";
import type { DataSource, Metric } from "../ports/index.ts";
import { DEMO_TENANTS } from "./demo-practice.ts";

/**
 * The differencing guard's pair scenario on the demo practice, the same for every data source over it.
 * Consultations fall on 15 days of last month, 4 of A's 60 patients on each. "All" and "all but one day"
 * each count at least k = 10 patients, but their difference is the 4 patients of that day: the second is
 * withheld (not refused: the answer says why), as is the same pair restricted to the 60–69 band. A metric
 * goes through the same guard, and another organisation's history is its own.
 *
 * `source` must be fresh (its own history, so earlier answers play no part) and serve `orgA` as
 * `DEMO_TENANTS[0]` and `orgB` as `DEMO_TENANTS[1]`; `ageBands` is the demo's `patients_by_age_band` metric.
 */
export async function expectDemoDifferencingPair(source: DataSource, orgs: { a: string; b: string }, now: Date, ageBands: Metric): Promise<void> {
  const A = DEMO_TENANTS[0]!;
  const day = `${new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10)}T00:00:00Z`;
  const consults = "SELECT count(DISTINCT patient_key) AS patients FROM rounds_appointments WHERE kind = 'consultation'";
  const all = await source.runSql(orgs.a, consults);
  expect(all.rows).toEqual([[A.patients]]);
  expect(all.differencedRows).toBe(0);
  const allButOneDay = await source.runSql(orgs.a, `${consults} AND starts_at <> '${day}'::timestamptz`);
  expect(allButOneDay.rows).toEqual([]);
  expect(allButOneDay.suppressedRows).toBe(0);
  expect(allButOneDay.differencedRows).toBe(1);
  // The same question again reveals nothing new: shown.
  expect((await source.runSql(orgs.a, consults)).rows).toEqual([[A.patients]]);
  const sixties = "FROM rounds_appointments v JOIN rounds_patients p ON p.patient_key = v.patient_key WHERE v.kind = 'consultation' AND p.age_band = '60-69'";
  expect((await source.runSql(orgs.a, `SELECT count(DISTINCT v.patient_key) AS patients ${sixties}`)).rows).toEqual([[A.sixties]]);
  const s2 = await source.runSql(orgs.a, `SELECT count(DISTINCT v.patient_key) AS patients ${sixties} AND v.starts_at <> '${day}'::timestamptz`);
  expect(s2.rows).toEqual([]);
  expect(s2.differencedRows).toBe(1);
  // A metric goes through the same guard (its cohorts read with its parameters).
  expect((await source.runMetric(orgs.a, ageBands, {})).differencedRows).toBe(0);
  // Another organisation's history is its own: B's first "all but one day" is shown (B has 12 patients, k = 10).
  const bAll = await source.runSql(orgs.b, `${consults} AND starts_at <> '${day}'::timestamptz`);
  expect(bAll.differencedRows).toBe(0);
  expect(bAll.rows.length + bAll.suppressedRows).toBe(1);
}
