import type { ConsentEvent, ConsentRepository } from "@rounds/core";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { consentEvents } from "../schema/index.ts";

const toEvent = (r: typeof consentEvents.$inferSelect): ConsentEvent => ({
  seq: r.seq, organizationId: r.organizationId, patientId: r.patientId, type: r.type, action: r.action,
  recordedByUserId: r.recordedByUserId, method: r.method, channel: r.channel, ip: r.ip, userAgent: r.userAgent, at: r.at,
});

export function createConsentRepository(db: RoundsDb): ConsentRepository {
  return {
    async append(event) {
      const [row] = await db.insert(consentEvents).values(event).returning();
      return toEvent(row!);
    },
    async history(organizationId, patientId) {
      const rows = await db.select().from(consentEvents)
        .where(and(eq(consentEvents.organizationId, organizationId), eq(consentEvents.patientId, patientId))).orderBy(asc(consentEvents.seq));
      return rows.map(toEvent);
    },
    async granted(organizationId, patientIds, type) {
      if (patientIds.length === 0) return new Set();
      // Latest event per patient for this type; the ledger's sequence orders them.
      const rows = await db.selectDistinctOn([consentEvents.patientId], { patientId: consentEvents.patientId, action: consentEvents.action })
        .from(consentEvents)
        .where(and(eq(consentEvents.organizationId, organizationId), eq(consentEvents.type, type), inArray(consentEvents.patientId, patientIds)))
        .orderBy(consentEvents.patientId, sql`${consentEvents.seq} desc`);
      return new Set(rows.filter((r) => r.action === "granted").map((r) => r.patientId));
    },
  };
}
