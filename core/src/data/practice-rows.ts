import { RoundsError } from "../errors/index.ts";
import type { DataValue, Metric } from "../ports/index.ts";
import type { DifferencingGuard } from "./differencing-guard.ts";
import { resolveDefault } from "./match-metric.ts";
import type { GuardedQuery } from "./sql-guard.ts";

/** A result row as a SQL data source's driver returns it. */
export type PracticeRow = Record<string, unknown>;

/** The metric's parameters in declaration order (`$1…`), defaults filled in, each checked against its type. */
export function metricValues(metric: Metric, parameters: Record<string, DataValue>, now = new Date()): DataValue[] {
  return metric.parameters.map((p): DataValue => {
    const v = parameters[p.name] ?? resolveDefault(p, now);
    if (v === null) return null;
    const bad = () => new RoundsError("VALIDATION_FAILED", `Parameter ${p.name} of ${metric.id} must be ${p.type === "category" ? `one of: ${(p.values ?? []).join(", ")}` : `a ${p.type}`}.`, { details: { parameter: p.name } });
    if (p.type === "date") { if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw bad(); return v; }
    if (p.type === "integer") { if (!Number.isInteger(Number(v)) || typeof v === "boolean") throw bad(); return Number(v); }
    if (p.type === "number") { if (!Number.isFinite(Number(v)) || typeof v === "boolean") throw bad(); return Number(v); }
    if (typeof v !== "string" || (p.values && !p.values.includes(v))) throw bad();
    return v;
  });
}

/** Every `$n` the guarded SQL names is a declared parameter, and every parameter is used (the guard reports the highest `$n`). */
export function assertMetricParameters(guarded: GuardedQuery, metric: Metric): void {
  if (guarded.parameterCount !== metric.parameters.length) {
    throw new RoundsError("VALIDATION_FAILED", `The SQL uses ${guarded.parameterCount} parameter${guarded.parameterCount === 1 ? "" : "s"} ($1…$${guarded.parameterCount}) but the metric declares ${metric.parameters.length}.`, { details: { field: "parameters" } });
  }
}

/** A result row's identity for matching it with its cohort: every value but the patient count. */
const rowIdentity = (row: PracticeRow, columns: string[], patientsColumn: string): string =>
  JSON.stringify(columns.filter((c) => c !== patientsColumn).map((c) => { const v = row[c]; return v instanceof Date ? v.toISOString() : typeof v === "bigint" ? String(v) : v ?? null; }));

/**
 * The rows of a guarded query that may be shown. Rows describing fewer than k
 * patients are withheld (`suppressedRows`); so is a row whose cohort, with
 * those the organisation was recently shown, would let a combination of
 * counts describe 1..k−1 patients (`DifferencingGuard`), or whose cohort
 * cannot be told apart because the two reads disagree (`differencedRows`). `cohortRows` are the rows of `patientKeysStatement`,
 * read in the same read-only, tenant-scoped transaction with the same
 * parameters (each row's patient keys in the patient-count column). Shown
 * cohorts are remembered by `guard`. Without a patient count every row is shown.
 */
export async function withholdPatientRows<R extends PracticeRow>(input: {
  rows: R[];
  columns: string[];
  guarded: GuardedQuery;
  cohortRows: PracticeRow[] | undefined;
  k: number;
  guard: DifferencingGuard;
}): Promise<{ rows: R[]; suppressedRows: number; differencedRows: number }> {
  const { rows, columns, guarded, k, guard } = input;
  const column = guarded.patientsColumn;
  if (!column) return { rows, suppressedRows: 0, differencedRows: 0 };
  const cohorts = new Map<string, Array<Set<string>>>();
  for (const row of input.cohortRows ?? []) {
    const id = rowIdentity(row, columns, column);
    cohorts.set(id, [...(cohorts.get(id) ?? []), new Set((row[column] as unknown[] | null ?? []).map(String))]);
  }
  const kept = rows.filter((r) => Number(r[column]) >= k || Number(r[column]) === 0);
  // Rows to put to the guard: a non-empty row whose cohort reads agree with its count.
  const checked: Array<{ row: R; cohorts: Array<Set<string>> }> = [];
  const shown = new Set<R>();
  let unreadable = 0;
  for (const r of kept) {
    const candidates = cohorts.get(rowIdentity(r, columns, column)) ?? [];
    if (Number(r[column]) === 0) shown.add(r);
    else if (candidates.length > 0 && candidates.every((c) => c.size === Number(r[column]))) checked.push({ row: r, cohorts: candidates });
    else unreadable++;
  }
  const verdicts = await guard.release(checked.map((c) => c.cohorts), guarded.statement, k);
  checked.forEach((c, i) => { if (verdicts[i]!.allowed) shown.add(c.row); });
  return { rows: kept.filter((r) => shown.has(r)), suppressedRows: rows.length - kept.length, differencedRows: unreadable + verdicts.filter((v) => !v.allowed).length };
}
