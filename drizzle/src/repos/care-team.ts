import type { CareTeamMember, CareTeamRepository } from "@rounds/core";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { careTeamMembers } from "../schema/index.ts";

const toMember = (r: typeof careTeamMembers.$inferSelect): CareTeamMember => ({
  organizationId: r.organizationId, patientId: r.patientId, userId: r.userId, assignedByUserId: r.assignedByUserId, assignedAt: r.assignedAt,
});

/** Every query filters on the organisation. */
export function createCareTeamRepository(db: RoundsDb): CareTeamRepository {
  const row = (organizationId: string, patientId: string, userId: string) =>
    and(eq(careTeamMembers.organizationId, organizationId), eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.userId, userId));
  return {
    async assign(input) {
      const [created] = await db.insert(careTeamMembers).values(input).onConflictDoNothing().returning();
      if (created) return { member: toMember(created), created: true };
      const [existing] = await db.select().from(careTeamMembers).where(row(input.organizationId, input.patientId, input.userId));
      return { member: toMember(existing!), created: false };
    },
    async unassign(organizationId, patientId, userId) {
      const removed = await db.delete(careTeamMembers).where(row(organizationId, patientId, userId)).returning({ userId: careTeamMembers.userId });
      return removed.length > 0;
    },
    async members(organizationId, patientId) {
      const rows = await db.select().from(careTeamMembers)
        .where(and(eq(careTeamMembers.organizationId, organizationId), eq(careTeamMembers.patientId, patientId))).orderBy(asc(careTeamMembers.assignedAt), asc(careTeamMembers.userId));
      return rows.map(toMember);
    },
    async assigned(organizationId, userId, patientIds) {
      if (patientIds.length === 0) return new Set();
      const rows = await db.select({ patientId: careTeamMembers.patientId }).from(careTeamMembers)
        .where(and(eq(careTeamMembers.organizationId, organizationId), eq(careTeamMembers.userId, userId), inArray(careTeamMembers.patientId, patientIds)));
      return new Set(rows.map((r) => r.patientId));
    },
  };
}
