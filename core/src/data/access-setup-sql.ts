import { RoundsError } from "../errors/index.ts";
import { GENERATED_COLUMNS } from "./practice-catalog.ts";
import type { PracticeSourceSettings } from "./practice-settings.ts";
import { viewName } from "./practice-settings.ts";
import { assertSafeHarbor } from "./safe-harbor-columns.ts";

const TENANT = "current_setting('rounds.tenant_id', true)";
/** A double-quoted SQL identifier (callers pass identifiers the settings schema already checked). */
export const sqlIdent = (id: string): string => `"${id}"`;
/** A single-quoted SQL string literal. */
export const sqlLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const q = sqlIdent;

/** Age bands of ten years; 90 and over is one band (Safe Harbor aggregates ages over 89). */
const ageBand = (dob: string) =>
  `CASE WHEN ${dob} IS NULL THEN NULL WHEN date_part('year', age(current_date, ${dob})) >= 90 THEN '90+' ` +
  `ELSE (floor(date_part('year', age(current_date, ${dob})) / 10) * 10)::int || '-' || (floor(date_part('year', age(current_date, ${dob})) / 10) * 10 + 9)::int END`;

/**
 * The tenant-scoped, read-only access every SQL data source gives Rounds' role
 * over the allow list, after the source has created the role: SELECT on the
 * allow-listed columns only; row-level security (ENABLE + FORCE) on every
 * allow-listed table by the `rounds.tenant_id` setting Rounds sets (`SET LOCAL`)
 * in each transaction; for patient-linked tables and the patients table a
 * generated view with an opaque `patient_key` (salted hash, no id), age bands
 * instead of dates of birth and nothing finer than state, checked against the
 * Safe Harbor list; the role reads those views, never the tables behind them.
 * The views run with their owner's rights, so each filters by the same tenant
 * setting itself (`security_barrier`).
 */
export function tenantAccessSql(source: Pick<PracticeSourceSettings, "tables" | "patients" | "patientKeySalt">, role: string): string[] {
  const key = (column: string) => `md5(${sqlLiteral(source.patientKeySalt)} || ${column}::text)`;
  const out: string[] = [];
  const rls = (table: string, tenantColumn: string) => [
    `ALTER TABLE ${q(table)} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${q(table)} FORCE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS rounds_tenant ON ${q(table)}`,
    `CREATE POLICY rounds_tenant ON ${q(table)} FOR SELECT TO ${q(role)} USING (${q(tenantColumn)} = ${TENANT})`,
  ];
  for (const t of source.tables) {
    out.push(`REVOKE ALL ON ${q(t.table)} FROM ${q(role)}`, ...rls(t.table, t.tenantColumn));
    const cols = t.columns.map((c) => c.name);
    if (!t.patientColumn) {
      out.push(`GRANT SELECT (${cols.map(q).join(", ")}) ON ${q(t.table)} TO ${q(role)}`);
      continue;
    }
    const view = viewName(t.table);
    assertSafeHarbor(view, [...cols, "patient_key"], GENERATED_COLUMNS);
    out.push(
      `DROP VIEW IF EXISTS ${q(view)}`,
      `CREATE VIEW ${q(view)} WITH (security_barrier) AS SELECT ${[...cols.map(q), `${key(q(t.patientColumn))} AS patient_key`].join(", ")} FROM ${q(t.table)} WHERE ${q(t.tenantColumn)} = ${TENANT}`,
      `GRANT SELECT ON ${q(view)} TO ${q(role)}`,
    );
  }
  if (source.patients) {
    const p = source.patients;
    const view = viewName(p.table);
    const kept = p.keepColumns.map((c) => c.name);
    const columns = ["patient_key", "age_band", ...kept, ...(p.stateColumn ? ["state"] : [])];
    assertSafeHarbor(view, kept, GENERATED_COLUMNS);
    if (columns.length !== new Set(columns).size) throw new RoundsError("CONFIG_INVALID", `${view} would have two columns of one name.`);
    out.push(
      `REVOKE ALL ON ${q(p.table)} FROM ${q(role)}`,
      ...rls(p.table, p.tenantColumn),
      `DROP VIEW IF EXISTS ${q(view)}`,
      `CREATE VIEW ${q(view)} WITH (security_barrier) AS SELECT ${[
        `${key(q(p.idColumn))} AS patient_key`, `${ageBand(q(p.dateOfBirthColumn))} AS age_band`,
        ...kept.map(q), ...(p.stateColumn ? [`${q(p.stateColumn)} AS state`] : []),
      ].join(", ")} FROM ${q(p.table)} WHERE ${q(p.tenantColumn)} = ${TENANT}`,
      `GRANT SELECT ON ${q(view)} TO ${q(role)}`,
    );
  }
  return out;
}
