import { assertSafeHarbor, GENERATED_COLUMNS, RoundsError, viewName } from "@rounds/core";
import type { SourceSettings } from "./source-settings.ts";

const TENANT = "current_setting('rounds.tenant_id', true)";
const q = (id: string) => `"${id}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Age bands of ten years; 90 and over is one band (Safe Harbor aggregates ages over 89). */
const ageBand = (dob: string) =>
  `CASE WHEN ${dob} IS NULL THEN NULL WHEN date_part('year', age(current_date, ${dob})) >= 90 THEN '90+' ` +
  `ELSE (floor(date_part('year', age(current_date, ${dob})) / 10) * 10)::int || '-' || (floor(date_part('year', age(current_date, ${dob})) / 10) * 10 + 9)::int END`;

/**
 * The SQL an owner of the practice database runs once (and again after the
 * allow list changes) to give Rounds its read-only, tenant-scoped access:
 * - a role that may only read, with `default_transaction_read_only` and a
 *   `statement_timeout`, granted SELECT on the allow-listed columns only;
 * - row-level security on every allow-listed table, by tenant, from the
 *   `rounds.tenant_id` setting Rounds sets (`SET LOCAL`) in each transaction;
 * - for patient-linked tables, and the patients table, a generated view with
 *   an opaque `patient_key` (salted hash, no id), age bands instead of dates
 *   of birth and nothing finer than state, checked against the Safe Harbor
 *   list; the role reads those views, never the tables behind them.
 * The views run with their owner's rights, so each filters by the same
 * tenant setting itself (`security_barrier`).
 */
export function accessSetupSql(source: Pick<SourceSettings, "tables" | "patients" | "patientKeySalt">, role: string, password?: string): string[] {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new RoundsError("CONFIG_INVALID", "The read-only role must be a lower-case SQL identifier.");
  const key = (column: string) => `md5(${literal(source.patientKeySalt)} || ${column}::text)`;
  const out: string[] = [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${q(role)} ${password ? `LOGIN PASSWORD ${literal(password)}` : "NOLOGIN"} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$`,
    `ALTER ROLE ${q(role)} SET default_transaction_read_only = on`,
    `ALTER ROLE ${q(role)} SET statement_timeout = '5s'`,
    `REVOKE CREATE ON SCHEMA public FROM ${q(role)}`,
    `GRANT USAGE ON SCHEMA public TO ${q(role)}`,
  ];
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
    if (columns.length !== new Set(columns).size) throw new RoundsError("CONFIG_INVALID", `${view} would have two columns of one name.`);
  }
  return out;
}
