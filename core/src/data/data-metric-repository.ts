import type { Metric } from "../ports/index.ts";

/**
 * A metric an organisation's admin stored for one data source: a definition
 * adds or replaces the source's configured metric of that id; `null` removes it.
 */
export interface StoredMetric {
  sourceId: string;
  metricId: string;
  definition: Metric | null;
  updatedByUserId: string | null;
  updatedAt: Date;
}

/**
 * The metric catalogue admins edit (issue #20), per organisation and data
 * source. Implemented in `drizzle/src/repos/data-metrics.ts`; every read and
 * write takes the organisation and filters on it inside the query.
 */
export interface DataMetricRepository {
  list(organizationId: string, sourceId: string): Promise<StoredMetric[]>;
  /** Adds or replaces the organisation's row for this metric id (`definition` null: removed). */
  put(organizationId: string, sourceId: string, metricId: string, definition: Metric | null, updatedByUserId: string | null): Promise<StoredMetric>;
}
