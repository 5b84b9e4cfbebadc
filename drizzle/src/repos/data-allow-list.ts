import type { DataAllowListRepository, HiddenDataItem } from "@rounds/core";
import { and, asc, eq } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { dataAllowListHidden } from "../schema/index.ts";

const toItem = (r: typeof dataAllowListHidden.$inferSelect): HiddenDataItem => ({
  sourceId: r.sourceId, relation: r.relation, column: r.columnName || null, hiddenByUserId: r.hiddenByUserId, hiddenAt: r.hiddenAt,
});

export function createDataAllowListRepository(db: RoundsDb): DataAllowListRepository {
  const key = (organizationId: string, sourceId: string, relation: string, column: string | null) => and(
    eq(dataAllowListHidden.organizationId, organizationId), eq(dataAllowListHidden.sourceId, sourceId),
    eq(dataAllowListHidden.relation, relation), eq(dataAllowListHidden.columnName, column ?? ""),
  );
  return {
    async list(organizationId, sourceId) {
      const rows = await db.select().from(dataAllowListHidden)
        .where(and(eq(dataAllowListHidden.organizationId, organizationId), eq(dataAllowListHidden.sourceId, sourceId)))
        .orderBy(asc(dataAllowListHidden.relation), asc(dataAllowListHidden.columnName));
      return rows.map(toItem);
    },
    async hide(organizationId, sourceId, relation, column, hiddenByUserId) {
      const rows = await db.insert(dataAllowListHidden).values({ organizationId, sourceId, relation, columnName: column ?? "", hiddenByUserId })
        .onConflictDoNothing().returning();
      return rows.length > 0;
    },
    async restore(organizationId, sourceId, relation, column) {
      const rows = await db.delete(dataAllowListHidden).where(key(organizationId, sourceId, relation, column)).returning();
      return rows.length > 0;
    },
  };
}
