import { RoundsError, sqlIdent as q, sqlLiteral as literal, tenantAccessSql } from "@rounds/core";
import type { SourceSettings } from "./source-settings.ts";

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
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${q(role)} ${password ? `LOGIN PASSWORD ${literal(password)}` : "NOLOGIN"} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$`,
    `ALTER ROLE ${q(role)} SET default_transaction_read_only = on`,
    `ALTER ROLE ${q(role)} SET statement_timeout = '5s'`,
    `REVOKE CREATE ON SCHEMA public FROM ${q(role)}`,
    `GRANT USAGE ON SCHEMA public TO ${q(role)}`,
    ...tenantAccessSql(source, role),
  ];
}
