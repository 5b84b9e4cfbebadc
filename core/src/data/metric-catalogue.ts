import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor, DataCatalog, DataSource, Metric } from "../ports/index.ts";
import { metricDefinition } from "./metric-definition.ts";

/** Where a metric of the effective catalogue comes from: the source's configuration (the seed) or an admin's edit. */
export type MetricOrigin = "configured" | "stored";

/**
 * The organisation's metrics: the source's configured catalogue with the
 * organisation's stored edits laid over it (a stored definition adds or
 * replaces the metric of its id, a stored removal hides it).
 */
export async function effectiveMetrics(app: AppContext, organizationId: string, catalog: DataCatalog): Promise<Array<Metric & { origin: MetricOrigin }>> {
  const stored = await app.store.dataMetrics.list(organizationId, catalog.sourceId);
  const byId = new Map<string, Metric & { origin: MetricOrigin }>(catalog.metrics.map((m) => [m.id, { ...m, origin: "configured" }]));
  for (const row of stored) {
    if (row.definition) byId.set(row.metricId, { ...row.definition, origin: "stored" });
    else byId.delete(row.metricId);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

const requireAdmin = (actor: Actor) => {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only an admin can change the metric catalogue.");
};

/**
 * Adds or replaces one of the organisation's metrics (admin only): the JSON
 * must be a metric definition, and its SQL must pass the source's guard with
 * its parameters; on any failure nothing is stored. `data.catalog` is the
 * effective catalogue (`dataSourceFor`). Audited `data.metric_save`.
 */
export async function saveMetric(app: AppContext, actor: Actor, json: string, data: { source: DataSource; catalog: DataCatalog }): Promise<{ metric: Metric; replaced: boolean }> {
  requireAdmin(actor);
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new RoundsError("BAD_REQUEST", "Give the metric as JSON: {\"id\", \"title\", \"description\", \"phrases\", \"parameters\", \"sql\"}.");
  }
  const parsed = metricDefinition.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".");
    throw new RoundsError("VALIDATION_FAILED", `The metric is not valid: ${field ? `${field}: ` : ""}${issue.message}.`, { details: { field: field || "metric" } });
  }
  const metric: Metric = parsed.data;
  try {
    await data.source.checkMetric(actor.organizationId, metric);
  } catch (e) {
    if (e instanceof RoundsError && (e.code === "DATA_QUERY_REFUSED" || e.code === "VALIDATION_FAILED")) {
      throw new RoundsError(e.code, `The metric's SQL was not stored. ${e.message}`, { details: { field: e.details?.field ?? "sql" } });
    }
    throw e;
  }
  const replaced = data.catalog.metrics.some((m) => m.id === metric.id);
  await app.store.dataMetrics.put(actor.organizationId, data.catalog.sourceId, metric.id, metric, actor.userId);
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "data.metric_save", targetType: "data_metric", targetId: metric.id, details: { sourceId: data.catalog.sourceId, replaced, parameters: metric.parameters.length } });
  return { metric, replaced };
}

/** Removes one of the organisation's metrics (`data.catalog` is the effective one, from `dataSourceFor`) (admin only; a configured one is hidden for this organisation). Audited `data.metric_remove`. */
export async function removeMetric(app: AppContext, actor: Actor, metricId: string, data: { catalog: DataCatalog }): Promise<void> {
  requireAdmin(actor);
  const id = metricId.trim();
  if (!data.catalog.metrics.some((m) => m.id === id)) throw new RoundsError("NOT_FOUND", `No metric "${id.slice(0, 60)}". Ask "data metrics" for the list.`);
  await app.store.dataMetrics.put(actor.organizationId, data.catalog.sourceId, id, null, actor.userId);
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "data.metric_remove", targetType: "data_metric", targetId: id, details: { sourceId: data.catalog.sourceId } });
}
