import type { Actor } from "@rounds/core";
import { channelIdentities, processedEvents, users } from "@rounds/db";
import { and, eq, isNull } from "drizzle-orm";
import type { RoundsApp } from "../app/create-app.ts";
import type { ConversationServices } from "./conversation-services.ts";
import { chatIngest } from "./core-calls.ts";

/** The conversation layer's services over the real app. */
export function createConversationServices(app: RoundsApp): ConversationServices {
  const db = app.database.db;
  return {
    async resolveActor(identity) {
      const [row] = await db.select({ user: users }).from(channelIdentities)
        .innerJoin(users, eq(users.id, channelIdentities.userId))
        .where(and(
          eq(channelIdentities.channel, identity.channel), eq(channelIdentities.workspaceId, identity.workspaceId),
          eq(channelIdentities.externalUserId, identity.userId), isNull(users.disabledAt),
        ));
      if (!row) return undefined;
      const actor: Actor = { userId: row.user.id, organizationId: row.user.organizationId, role: row.user.role, identity };
      if (row.user.patientId) actor.patientId = row.user.patientId;
      return actor;
    },
    resolveBinding: (identity, conversation) => app.store.tenancy.findChannelBinding(identity.channel, identity.workspaceId, conversation.id),
    async firstDelivery(key) {
      const inserted = await db.insert(processedEvents).values({ eventKey: key }).onConflictDoNothing().returning();
      return inserted.length === 1;
    },
    ingestFile: (input) => chatIngest(app, input),
    maxUploadBytes: app.config.limits.maxUploadBytes,
  };
}
