import { RoundsError } from "../errors/index.ts";
import type { Logger } from "../logging/logger.ts";
import type { DataCatalog, DataResult, DataRunOptions, DataSource, DataTable, DataValue, Metric } from "../ports/index.ts";
import { DifferencingGuard } from "./differencing-guard.ts";
import { memoryReleasedCohorts } from "./memory-released-cohorts.ts";
import { catalogTables } from "./practice-catalog.ts";
import { assertMetricParameters, metricValues } from "./practice-rows.ts";
import type { PracticeSourceSettings } from "./practice-settings.ts";
import type { ReleasedCohortRepository } from "./released-cohort-repository.ts";
import { guardSql, type GuardedQuery } from "./sql-guard.ts";

/**
 * What every SQL data source does the same way, whatever runs the query:
 * finding the organisation's settings, its allow-listed catalogue, the SQL
 * guard (metrics cached per organisation and SQL text, free-form SQL each
 * time) and the differencing guard per organisation. A source supplies only
 * `execute`: running a guarded statement read-only under the organisation's
 * tenant, and what its driver needs around that.
 */
export abstract class GuardedSqlSource<S extends PracticeSourceSettings> implements DataSource {
  readonly specificationVersion = "v1" as const;
  private readonly tables = new Map<string, DataTable[]>();
  private readonly guardedMetrics = new Map<string, GuardedQuery>();
  private readonly differencing = new Map<string, DifferencingGuard>();

  /**
   * `ledger`: where the differencing guard keeps the released cohorts; the
   * app passes its store's (`releasedCohorts` host service), so restarts and
   * other servers share it. Without one they stay in this process's memory.
   */
  constructor(readonly id: string, protected readonly sources: S[], protected readonly logger: Logger, private readonly ledger: ReleasedCohortRepository = memoryReleasedCohorts()) {}

  /** Runs a statement the guard accepted, with its parameters, under the organisation's read-only, tenant-scoped role. */
  protected abstract execute(s: S, guarded: GuardedQuery, parameters: DataValue[], options: DataRunOptions): Promise<DataResult>;

  protected source(organizationId: string): S | undefined {
    return this.sources.find((s) => s.organizationId === organizationId);
  }

  protected need(organizationId: string): S {
    const s = this.source(organizationId);
    if (!s) throw new RoundsError("NOT_FOUND", "No practice database is configured for your organisation.");
    return s;
  }

  protected tablesOf(s: S): DataTable[] {
    let t = this.tables.get(s.organizationId);
    if (!t) this.tables.set(s.organizationId, t = catalogTables(s));
    return t;
  }

  /** Drops what was derived from the organisation's allow list (after its access was set up again). */
  protected forgetCatalogue(organizationId: string): void {
    this.guardedMetrics.clear();
    this.tables.delete(organizationId);
  }

  catalog(organizationId: string): Promise<DataCatalog | undefined> {
    const s = this.source(organizationId);
    if (!s) return Promise.resolve(undefined);
    return Promise.resolve({
      sourceId: this.id, title: s.title, tables: this.tablesOf(s), relations: s.relations, k: s.k,
      metrics: s.metrics.map((m) => ({ ...m, parameters: m.parameters.map((p) => ({ ...p })) })),
    });
  }

  async runMetric(organizationId: string, metric: Metric, parameters: Record<string, DataValue>, options: DataRunOptions = {}): Promise<DataResult> {
    const s = this.need(organizationId);
    const values = metricValues(metric, parameters);
    return this.execute(s, await this.guardMetric(s, metric), values, options);
  }

  async checkMetric(organizationId: string, metric: Metric): Promise<void> {
    const s = this.need(organizationId);
    assertMetricParameters(await this.guardMetric(s, metric), metric);
  }

  /** The metric's SQL through the guard (cached per organisation and SQL text: the allow list is per organisation). */
  private async guardMetric(s: S, metric: Metric): Promise<GuardedQuery> {
    const key = `${s.organizationId}\u0000${metric.sql}`;
    let guarded = this.guardedMetrics.get(key);
    if (!guarded) {
      guarded = await guardSql(metric.sql, this.tablesOf(s), { parameters: true });
      if (this.guardedMetrics.size > 500) this.guardedMetrics.clear();
      this.guardedMetrics.set(key, guarded);
    }
    return guarded;
  }

  async runSql(organizationId: string, sql: string, options: DataRunOptions = {}): Promise<DataResult> {
    const s = this.need(organizationId);
    const guarded = await guardSql(sql, this.tablesOf(s), { parameters: false });
    return this.execute(s, guarded, [], options);
  }

  /** The organisation's differencing guard (over its ledger of shown patient cohorts). */
  protected differencingFor(s: S): DifferencingGuard {
    let guard = this.differencing.get(s.organizationId);
    if (!guard) {
      this.differencing.set(s.organizationId, guard = new DifferencingGuard({
        organizationId: s.organizationId, sourceId: this.id, windowMs: s.differencingWindowHours * 3_600_000, limit: s.differencingHistory,
        salt: s.patientKeySalt, ledger: this.ledger,
      }));
    }
    return guard;
  }
}
