/**
 * A practice's own operational database (appointments, treatments, stock,
 * sales…), asked read-only. The source owns the guard: whatever SQL reaches
 * `runSql` or a metric, it runs only a single checked SELECT over the
 * organisation's allow list, read-only, time- and row-limited, with the
 * organisation's tenant id set for row-level security.
 * Version history: v1 (initial); v1 amended before any release: `runMetric`
 * takes the metric's definition (the catalogue an organisation's admins edit
 * lives in Rounds' store, not in the source), and `checkMetric` validates one.
 */
export interface DataSource {
  readonly specificationVersion: "v1";
  readonly id: string;
  /** The organisation's allow-listed schema and metrics; `undefined` when this source serves no database for it. */
  catalog(organizationId: string): Promise<DataCatalog | undefined>;
  /**
   * Runs a named metric of the organisation's catalogue (its definition, which
   * may come from Rounds' store) with typed parameters, validated against the
   * metric's declaration; its SQL goes through the same guard as free-form SQL.
   */
  runMetric(organizationId: string, metric: Metric, parameters: Record<string, DataValue>, options?: DataRunOptions): Promise<DataResult>;
  /**
   * Checks a metric an admin defines before it is stored: its SQL must pass
   * the guard (one SELECT over the allow list, `$1…` in parameter order) and
   * its parameters must fit it. Throws `DATA_QUERY_REFUSED` or
   * `VALIDATION_FAILED` with the reason; runs nothing against the data.
   */
  checkMetric(organizationId: string, metric: Metric): Promise<void>;
  /** Checks and runs free-form SQL (written by a language model); refuses anything but one allow-listed SELECT. */
  runSql(organizationId: string, sql: string, options?: DataRunOptions): Promise<DataResult>;
  /**
   * Sets up (or refreshes, after the allow list changed) Rounds' read-only
   * access to the organisation's database with an owner's connection, which
   * is used once and never kept, then checks the access as Rounds' own role.
   * Optional: a source without it is set up by hand.
   */
  connect?(organizationId: string, ownerUrl: string): Promise<DataConnectReport>;
}

/** What `connect` set up and what it checked as Rounds' role (no secret in it). */
export interface DataConnectReport {
  role: string;
  statements: number;
  /** Relations the role may read (tables and generated views). */
  relations: string[];
  /** Each check run as the role, passed or not. */
  checks: Array<{ check: string; passed: boolean }>;
}

export type DataValue = string | number | boolean | null;

export interface DataRunOptions {
  signal?: AbortSignal;
}

export interface DataColumn {
  name: string;
  type: string;
  description?: string;
  unit?: string;
}

export interface DataTable {
  /** The name queries use (for patients, the de-identified view Rounds generated). */
  name: string;
  description: string;
  columns: DataColumn[];
  /** Rows belong to patients (a `patient_key` column): results are k-anonymised. */
  patientLinked: boolean;
}

export interface DataRelation {
  from: string;
  to: string;
  description?: string;
}

export type MetricParameterType = "date" | "integer" | "number" | "category";

export interface MetricParameter {
  name: string;
  type: MetricParameterType;
  description?: string;
  /** For `category`: the values allowed. */
  values?: string[];
  /** Used when the question names none (dates: `start_of_month`, `today`, or an ISO date). */
  default?: DataValue;
  /** For `date` pairs: `start` or `end` of the period a question names. */
  role?: "start" | "end" | "min" | "max";
  /**
   * For `integer`/`number`: the parameter is a duration in this unit, read
   * from a duration the question (or a cited protocol passage) names in any
   * unit ("2-hour" is 120 for `minutes`).
   */
  unit?: "minutes" | "hours" | "days";
}

export interface Metric {
  id: string;
  title: string;
  description: string;
  /** Words and phrases that mean this metric (matched without a language model). */
  phrases: string[];
  parameters: MetricParameter[];
  /** The parameterised SELECT ($1… in the order of `parameters`); shown as the answer's citation. */
  sql: string;
}

export interface DataCatalog {
  sourceId: string;
  /** Human name of the database (shown in `data sources`). */
  title: string;
  tables: DataTable[];
  relations: DataRelation[];
  metrics: Metric[];
  /** Smallest number of patients a shown result row may describe. */
  k: number;
}

export interface DataResult {
  columns: string[];
  rows: DataValue[][];
  /** The SQL that ran (with the guard's LIMIT), as the answer's citation. */
  sql: string;
  parameters: DataValue[];
  /** Rows withheld because they describe fewer than k patients. */
  suppressedRows: number;
  /**
   * Rows withheld because their patients differ from those of a recent answer
   * of the organisation by fewer than k (subtracting one from the other would
   * describe them). Absent when the source has no such guard.
   */
  differencedRows?: number;
  /** The row limit cut the result. */
  truncated: boolean;
}
