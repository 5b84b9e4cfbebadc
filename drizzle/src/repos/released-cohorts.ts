import type { ReleasedCohort, ReleasedCohortLedger, ReleasedCohortRepository } from "@rounds/core";
import { and, asc, eq, gt, gte, lt, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { dataReleasedCohorts } from "../schema/index.ts";

const toCohort = (r: typeof dataReleasedCohorts.$inferSelect): ReleasedCohort => ({ seq: Number(r.seq), family: r.family, keys: r.keys, releasedAt: r.releasedAt });

/**
 * The differencing guard's ledger (`ReleasedCohortRepository`): every read,
 * write and delete filters on the organisation and source; `withLedger`
 * holds a transaction-scoped advisory lock on them, so two servers' releases
 * for one organisation and source happen one after the other.
 */
export function createReleasedCohortRepository(db: RoundsDb): ReleasedCohortRepository {
  return {
    withLedger(organizationId, sourceId, fn) {
      return db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`released-cohorts:${organizationId}:${sourceId}`}))`);
        const scope = and(eq(dataReleasedCohorts.organizationId, organizationId), eq(dataReleasedCohorts.sourceId, sourceId));
        const ledger: ReleasedCohortLedger = {
          async after(afterSeq, since) {
            const rows = await tx.select().from(dataReleasedCohorts)
              .where(and(scope, gt(dataReleasedCohorts.seq, afterSeq), gte(dataReleasedCohorts.releasedAt, since))).orderBy(asc(dataReleasedCohorts.seq));
            return rows.map(toCohort);
          },
          async add(cohorts, at) {
            if (!cohorts.length) return [];
            const rows = await tx.insert(dataReleasedCohorts)
              .values(cohorts.map((c) => ({ organizationId, sourceId, family: c.family, keys: c.keys, releasedAt: at }))).returning();
            return rows.map(toCohort).sort((a, b) => a.seq - b.seq);
          },
          async prune(before, keep) {
            await tx.delete(dataReleasedCohorts).where(and(scope, lt(dataReleasedCohorts.releasedAt, before)));
            const [edge] = await tx.select({ seq: dataReleasedCohorts.seq }).from(dataReleasedCohorts).where(scope)
              .orderBy(sql`${dataReleasedCohorts.seq} desc`).offset(keep).limit(1);
            if (edge) await tx.delete(dataReleasedCohorts).where(and(scope, sql`${dataReleasedCohorts.seq} <= ${edge.seq}`));
          },
        };
        return fn(ledger);
      });
    },
  };
}
