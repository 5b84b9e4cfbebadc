import type { Actor, ChannelKind } from "../ports/index.ts";

/**
 * The actor as it came through one front door: every audit row it writes
 * names that channel (`recordAudit` reads `actor.identity.channel`). Each
 * front door that authenticates a caller without a chat identity marks its
 * actor here — the API (`api`), an admin-page session (`admin_web`), MCP
 * (`mcp`) — so no audit row is written without a channel. An actor a chat or
 * the CLI already identified keeps its identity.
 */
export function actorVia(actor: Actor, channel: ChannelKind): Actor {
  if (actor.identity) return actor;
  return { ...actor, identity: { channel, workspaceId: actor.organizationId, userId: actor.userId } };
}
