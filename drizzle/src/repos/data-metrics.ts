import type { DataMetricRepository, Metric, StoredMetric } from "@rounds/core";
import { and, asc, eq } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { dataMetrics } from "../schema/index.ts";

const toStored = (r: typeof dataMetrics.$inferSelect): StoredMetric => ({
  sourceId: r.sourceId, metricId: r.metricId, definition: r.definition as unknown as Metric | null,
  updatedByUserId: r.updatedByUserId, updatedAt: r.updatedAt,
});

export function createDataMetricRepository(db: RoundsDb): DataMetricRepository {
  return {
    async list(organizationId, sourceId) {
      const rows = await db.select().from(dataMetrics)
        .where(and(eq(dataMetrics.organizationId, organizationId), eq(dataMetrics.sourceId, sourceId))).orderBy(asc(dataMetrics.metricId));
      return rows.map(toStored);
    },
    async put(organizationId, sourceId, metricId, definition, updatedByUserId) {
      const values = { definition: definition as unknown as Record<string, unknown> | null, updatedByUserId, updatedAt: new Date() };
      const [row] = await db.insert(dataMetrics).values({ organizationId, sourceId, metricId, ...values })
        .onConflictDoUpdate({ target: [dataMetrics.organizationId, dataMetrics.sourceId, dataMetrics.metricId], set: values })
        .returning();
      return toStored(row!);
    },
  };
}
