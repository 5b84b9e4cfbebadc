import { RoundsError } from "../../errors/index.ts";
import type { DataCatalog, DataResult, DataSource, DataValue, Metric } from "../../ports/index.ts";

/**
 * An in-memory data source for tests of what uses the port: one organisation,
 * fixed metric results, and free-form SQL limited to `SELECT * FROM <table>`
 * of its own tables (anything else is refused, as the real guard would).
 */
export class FakeDataSource implements DataSource {
  readonly specificationVersion = "v1" as const;
  readonly id = "fake";
  /** Every run, for assertions. */
  readonly runs: Array<{ metric?: string; sql?: string; parameters?: Record<string, DataValue> }> = [];

  constructor(
    private readonly organizationId: string,
    private readonly data: { catalog: DataCatalog; tables: Record<string, { columns: string[]; rows: DataValue[][] }>; metricResults: Record<string, { columns: string[]; rows: DataValue[][] }> },
  ) {}

  catalog(organizationId: string): Promise<DataCatalog | undefined> {
    return Promise.resolve(organizationId === this.organizationId ? this.data.catalog : undefined);
  }

  private serve(organizationId: string): void {
    if (organizationId !== this.organizationId) throw new RoundsError("NOT_FOUND", "No practice database is configured for your organisation.");
  }

  /** The fake's "guard": a metric's SQL must be a SELECT, and it has a fixed result for the metric's id. */
  async checkMetric(organizationId: string, metric: Metric): Promise<void> {
    this.serve(organizationId);
    if (!/^\s*SELECT\b/i.test(metric.sql) || metric.sql.includes(";")) throw new RoundsError("DATA_QUERY_REFUSED", "Query refused: the fake data source runs one SELECT only.");
    if (!this.data.metricResults[metric.id]) throw new RoundsError("VALIDATION_FAILED", `The fake data source has no result for metric "${metric.id.slice(0, 40)}".`);
  }

  async runMetric(organizationId: string, metric: Metric, parameters: Record<string, DataValue>): Promise<DataResult> {
    this.serve(organizationId);
    await this.checkMetric(organizationId, metric);
    const result = this.data.metricResults[metric.id]!;
    this.runs.push({ metric: metric.id, parameters });
    return { ...result, sql: metric.sql, parameters: metric.parameters.map((p) => parameters[p.name] ?? p.default ?? null), suppressedRows: 0, truncated: false };
  }

  async runSql(organizationId: string, sql: string): Promise<DataResult> {
    this.serve(organizationId);
    const table = /^\s*SELECT \* FROM ([a-z_][a-z0-9_]*)\s*;?\s*$/i.exec(sql)?.[1];
    const rows = table ? this.data.tables[table] : undefined;
    if (!rows) throw new RoundsError("DATA_QUERY_REFUSED", "Query refused: the fake data source runs only SELECT * FROM one of its tables.");
    this.runs.push({ sql });
    return { ...rows, sql, parameters: [], suppressedRows: 0, truncated: false };
  }
}
