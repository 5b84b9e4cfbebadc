import { z } from "zod";
import { metricDefinition } from "./metric-definition.ts";

const ident = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lower-case SQL identifier");

const column = z.object({
  name: ident,
  type: z.string().default("text"),
  description: z.string().default(""),
  unit: z.string().optional(),
}).strict();

const table = z.object({
  /** The table in the practice's database. */
  table: ident,
  description: z.string(),
  /** The allow list: only these columns are visible. */
  columns: z.array(column).min(1),
  /** Column holding the tenant id (row-level security). */
  tenantColumn: ident.default("tenant_id"),
  /** Set when rows belong to patients: exposed only through a generated view with an opaque `patient_key` instead. */
  patientColumn: ident.optional(),
}).strict();

/** The practice's patients table: exposed only as Rounds' de-identified view. */
const patients = z.object({
  table: ident,
  idColumn: ident.default("id"),
  tenantColumn: ident.default("tenant_id"),
  dateOfBirthColumn: ident,
  /** Columns shown as they are (e.g. sex); each is checked against the Safe Harbor list. */
  keepColumns: z.array(column).default([]),
  /** The state (or region) column: the finest geography Safe Harbor allows. */
  stateColumn: ident.optional(),
}).strict();

/**
 * One organisation's practice data as every SQL data source's settings spell
 * it (allow list, metric seed, limits); each source extends it with where the
 * database is (the PostgreSQL source's `url`, the PGlite source's `dataDir`).
 */
export const practiceSourceSettings = z.object({
  organizationId: z.string().uuid(),
  title: z.string().default("Practice database"),
  /** This organisation's rows: the value of each table's tenant column. */
  tenantId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "letters, digits, '_', '.', ':' or '-'"),
  /** Secret mixed into the opaque patient key, so it cannot be recomputed from an id. */
  patientKeySalt: z.string().min(16),
  tables: z.array(table).default([]),
  patients: patients.optional(),
  relations: z.array(z.object({ from: z.string(), to: z.string(), description: z.string().optional() }).strict()).default([]),
  metrics: z.array(metricDefinition).default([]),
  k: z.number().int().min(1).default(10),
  rowLimit: z.number().int().min(1).max(10_000).default(200),
  statementTimeoutMs: z.number().int().min(100).max(120_000).default(5000),
  /** Plans costlier than this (EXPLAIN's total cost) are refused before running. */
  costLimit: z.number().positive().default(100_000),
  /** Differencing guard: how long (hours) and how many shown patient cohorts per organisation are remembered. */
  differencingWindowHours: z.number().positive().max(24 * 90).default(24),
  differencingHistory: z.number().int().min(1).max(100_000).default(2000),
}).strict();

export type PracticeSourceSettings = z.infer<typeof practiceSourceSettings>;

/** The name of Rounds' generated view of a patient-linked table, or of the patients table. */
export const viewName = (table: string): string => `rounds_${table}`;
