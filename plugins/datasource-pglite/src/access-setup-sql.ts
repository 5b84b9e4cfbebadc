import { sqlIdent as q, sqlLiteral as literal, tenantAccessSql } from "@rounds/core";
import { READER_ROLE, type SourceSettings } from "./source-settings.ts";

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
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(READER_ROLE)}) THEN CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$`,
    `ALTER ROLE ${role} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOLOGIN`,
    `REVOKE CREATE ON SCHEMA public FROM ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    ...tenantAccessSql(source, READER_ROLE),
  ];
}
