import type { Actor } from "@rounds/core";
import type { RoundsApp } from "../app/create-app.ts";
import type { ConversationServices } from "./conversation-services.ts";
import { chatIngest } from "./core-calls.ts";

/** The conversation layer's services over the real app: data only through the store's interfaces. */
export function createConversationServices(app: RoundsApp): ConversationServices {
  return {
    async resolveActor(identity) {
      const user = await app.store.identity.findUserByChannelIdentity(identity);
      if (!user) return undefined;
      const actor: Actor = { userId: user.id, organizationId: user.organizationId, role: user.role, identity };
      if (user.patientId) actor.patientId = user.patientId;
      return actor;
    },
    resolveBinding: (identity, conversation) => app.store.tenancy.findChannelBinding(identity.channel, identity.workspaceId, conversation.id),
    firstDelivery: (key) => app.store.tenancy.recordFirstDelivery(key),
    ingestFile: (input) => chatIngest(app, input),
    maxUploadBytes: app.config.limits.maxUploadBytes,
  };
}
