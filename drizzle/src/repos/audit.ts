import type { AuditRepository, AuditRow } from "@rounds/core";
import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { auditLog } from "../schema/index.ts";

export function createAuditRepository(db: RoundsDb): AuditRepository {
  return {
    async append(entries) {
      if (entries.length > 0) await db.insert(auditLog).values(entries);
    },
    async query(organizationId, q) {
      const where: SQL[] = [eq(auditLog.organizationId, organizationId)];
      if (q.actorUserId) where.push(eq(auditLog.actorUserId, q.actorUserId));
      if (q.action) where.push(eq(auditLog.action, q.action));
      if (q.patientId) where.push(eq(auditLog.patientId, q.patientId));
      if (q.from) where.push(gte(auditLog.at, q.from));
      if (q.to) where.push(lte(auditLog.at, q.to));
      if (q.before) where.push(lt(auditLog.seq, q.before));
      const rows = await db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.seq)).limit(Math.min(q.limit ?? 100, 5000));
      return rows.map((r): AuditRow => ({ ...r, details: r.details ?? null }));
    },
  };
}
