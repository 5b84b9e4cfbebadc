import { assertSafeHarbor, GENERATED_COLUMNS, RoundsError, viewName } from "@rounds/core";
import { READER_ROLE, type SourceSettings } from "./source-settings.ts";

const TENANT = "current_setting('rounds.tenant_id', true)";
const q = (id: string) => `"${id}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

const ageBand = (dob: string) =>
  `CASE WHEN ${dob} IS NULL THEN NULL WHEN date_part('year', age(current_date, ${dob})) >= 90 THEN '90+' ` +
  `ELSE (floor(date_part('year', age(current_date, ${dob})) / 10) * 10)::int || '-' || (floor(date_part('year', age(current_date, ${dob})) / 10) * 10 + 9)::int END`;

/**
 * The statements Rounds runs in the PGlite folder (one transaction) before it
 * answers from it: the same access the PostgreSQL source's `accessSetupSql`
 * gives its login role, for a NOLOGIN role every query switches to with
 * `SET LOCAL ROLE` (PGlite has one session, its superuser's):
 * SELECT on the allow-listed columns only, row-level security (ENABLE +
 * FORCE) by `rounds.tenant_id` on every allow-listed table, and generated
 * de-identified views of patient data (opaque key, age bands, state only),
 * checked against the Safe Harbor list. Idempotent.
 */
export function pgliteSetupSql(source: Pick<SourceSettings, "tables" | "patients" | "patientKeySalt">): string[] {
  const role = q(READER_ROLE);
  const key = (column: string) => `md5(${literal(source.patientKeySalt)} || ${column}::text)`;
  const out: string[] = [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(READER_ROLE)}) THEN CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$`,
    `ALTER ROLE ${role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOLOGIN`,
    `REVOKE CREATE ON SCHEMA public FROM ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
  ];
  const rls = (table: string, tenantColumn: string) => [
    `ALTER TABLE ${q(table)} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${q(table)} FORCE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS rounds_tenant ON ${q(table)}`,
    `CREATE POLICY rounds_tenant ON ${q(table)} FOR SELECT TO ${role} USING (${q(tenantColumn)} = ${TENANT})`,
  ];
  for (const t of source.tables) {
    out.push(`REVOKE ALL ON ${q(t.table)} FROM ${role}`, ...rls(t.table, t.tenantColumn));
    const cols = t.columns.map((c) => c.name);
    if (!t.patientColumn) {
      out.push(`GRANT SELECT (${cols.map(q).join(", ")}) ON ${q(t.table)} TO ${role}`);
      continue;
    }
    const view = viewName(t.table);
    assertSafeHarbor(view, [...cols, "patient_key"], GENERATED_COLUMNS);
    out.push(
      `DROP VIEW IF EXISTS ${q(view)}`,
      `CREATE VIEW ${q(view)} WITH (security_barrier) AS SELECT ${[...cols.map(q), `${key(q(t.patientColumn))} AS patient_key`].join(", ")} FROM ${q(t.table)} WHERE ${q(t.tenantColumn)} = ${TENANT}`,
      `GRANT SELECT ON ${q(view)} TO ${role}`,
    );
  }
  if (source.patients) {
    const p = source.patients;
    const view = viewName(p.table);
    const kept = p.keepColumns.map((c) => c.name);
    const columns = ["patient_key", "age_band", ...kept, ...(p.stateColumn ? ["state"] : [])];
    if (columns.length !== new Set(columns).size) throw new RoundsError("CONFIG_INVALID", `${view} would have two columns of one name.`);
    assertSafeHarbor(view, kept, GENERATED_COLUMNS);
    out.push(
      `REVOKE ALL ON ${q(p.table)} FROM ${role}`,
      ...rls(p.table, p.tenantColumn),
      `DROP VIEW IF EXISTS ${q(view)}`,
      `CREATE VIEW ${q(view)} WITH (security_barrier) AS SELECT ${[
        `${key(q(p.idColumn))} AS patient_key`, `${ageBand(q(p.dateOfBirthColumn))} AS age_band`,
        ...kept.map(q), ...(p.stateColumn ? [`${q(p.stateColumn)} AS state`] : []),
      ].join(", ")} FROM ${q(p.table)} WHERE ${q(p.tenantColumn)} = ${TENANT}`,
      `GRANT SELECT ON ${q(view)} TO ${role}`,
    );
  }
  return out;
}
