import { z } from "zod";

const ident = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lower-case SQL identifier");

const column = z.object({
  name: ident,
  type: z.string().default("text"),
  description: z.string().default(""),
  unit: z.string().optional(),
}).strict();

const table = z.object({
  /** The table in the practice's PGlite database. */
  table: ident,
  description: z.string(),
  /** The allow list: only these columns are visible. */
  columns: z.array(column).min(1),
  /** Column holding the tenant id (row-level security). Required: a table without one cannot be scoped, and is refused. */
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
  keepColumns: z.array(column).default([]),
  stateColumn: ident.optional(),
}).strict();

const parameter = z.object({
  name: ident,
  type: z.enum(["date", "integer", "number", "category"]),
  description: z.string().optional(),
  values: z.array(z.string().min(1)).optional(),
  default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  role: z.enum(["start", "end", "min", "max"]).optional(),
  unit: z.enum(["minutes", "hours", "days"]).optional(),
}).strict();

const metric = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  title: z.string(),
  description: z.string(),
  phrases: z.array(z.string()).default([]),
  parameters: z.array(parameter).default([]),
  sql: z.string().min(8),
}).strict();

/**
 * One organisation's practice data in a PGlite folder. The allow list and
 * metrics are spelt as for the PostgreSQL source; instead of a connection URL
 * the source names the folder (`dataDir`), which Rounds opens itself.
 */
export const sourceSettings = z.object({
  organizationId: z.string().uuid(),
  title: z.string().default("Practice database"),
  /** The PGlite database folder (absolute, or relative to the working directory). Nothing else may have it open. */
  dataDir: z.string().min(1),
  tenantId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "letters, digits, '_', '.', ':' or '-'"),
  patientKeySalt: z.string().min(16),
  tables: z.array(table).default([]),
  patients: patients.optional(),
  relations: z.array(z.object({ from: z.string(), to: z.string(), description: z.string().optional() }).strict()).default([]),
  metrics: z.array(metric).default([]),
  k: z.number().int().min(1).default(10),
  rowLimit: z.number().int().min(1).max(10_000).default(200),
  /** Enforced by stopping the worker that runs the query (PGlite's own statement_timeout does not interrupt). */
  statementTimeoutMs: z.number().int().min(100).max(120_000).default(5000),
  costLimit: z.number().positive().default(100_000),
}).strict();

export type SourceSettings = z.infer<typeof sourceSettings>;

/** The name of Rounds' generated view of a patient-linked table, or of the patients table. */
export const viewName = (table: string): string => `rounds_${table}`;

/** The role every query runs as (`SET LOCAL ROLE`), created by the setup. */
export const READER_ROLE = "rounds_reader";
