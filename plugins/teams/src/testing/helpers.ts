import type { InboundEvent } from "@rounds/core";
import type { FakeConnector } from "./fake-connector.ts";

export const botId = "28:rounds-bot";
export const tenantId = "tenant-1";
export const channelId = "19:clinic-general@thread.tacv2";

let seq = 1_700_000_000_000;
export const nextId = () => String(++seq);

export interface ActivityOptions {
  id?: string;
  text?: string;
  kind?: "dm" | "public" | "private";
  mention?: boolean;
  value?: unknown;
  attachments?: unknown[];
  userId?: string;
  tenant?: string;
  conversationId?: string;
  serviceUrl?: string;
  type?: string;
  name?: string;
  /** The team's Microsoft 365 group id in `channelData.team.aadGroupId` (channel activities); null leaves it out. */
  teamGroupId?: string | null;
  /** For a reply in a channel thread: the thread's root message id. */
  rootId?: string;
}

export const teamThreadId = "19:team@thread.tacv2";
export const teamGroupId = "3f6a1c52-1b2e-4f7a-9d0c-2b7e5a9c1d11";

/** An activity as the Teams channel of the Bot Connector posts it to a bot. */
export function teamsActivity(connector: FakeConnector, o: ActivityOptions = {}): Record<string, unknown> {
  const id = o.id ?? nextId();
  const tenant = o.tenant ?? tenantId;
  const userId = o.userId ?? "aad-user-1";
  const kind = o.kind ?? "dm";
  const mentionText = "<at>Rounds</at>";
  const text = o.text === undefined ? undefined : o.mention ? `${mentionText} ${o.text}` : o.text;
  const conversation = kind === "dm"
    ? { conversationType: "personal", tenantId: tenant, id: o.conversationId ?? `a:dm-${userId}` }
    : kind === "public"
      ? { conversationType: "channel", isGroup: true, tenantId: tenant, id: `${o.conversationId ?? channelId};messageid=${o.rootId ?? id}` }
      : { conversationType: "groupChat", isGroup: true, tenantId: tenant, id: o.conversationId ?? "19:group-chat-1@thread.v2" };
  const channelData: Record<string, unknown> = { tenant: { id: tenant } };
  if (kind === "public") {
    const groupId = o.teamGroupId === undefined ? teamGroupId : o.teamGroupId;
    Object.assign(channelData, {
      teamsChannelId: o.conversationId ?? channelId, teamsTeamId: teamThreadId, channel: { id: o.conversationId ?? channelId },
      team: { id: teamThreadId, ...(groupId ? { aadGroupId: groupId } : {}) },
    });
  }
  return {
    type: o.type ?? "message",
    ...(o.name ? { name: o.name } : {}),
    id,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: o.serviceUrl ?? connector.serviceUrl,
    channelId: "msteams",
    from: { id: `29:${userId}`, name: "Dr Ada Lovelace", aadObjectId: userId },
    conversation,
    recipient: { id: botId, name: "Rounds" },
    ...(text === undefined ? {} : { text, textFormat: "plain" }),
    ...(o.rootId && o.rootId !== id ? { replyToId: o.rootId } : {}),
    ...(o.value === undefined ? {} : { value: o.value }),
    ...(o.attachments ? { attachments: o.attachments } : {}),
    locale: "en-US",
    channelData,
    entities: [
      { type: "clientInfo", locale: "en-US", country: "US", platform: "Web", timezone: "Europe/London" },
      ...(o.mention ? [{ type: "mention", text: mentionText, mentioned: { id: botId, name: "Rounds" } }] : []),
    ],
  };
}

/** The activity Teams would post for a neutral event (the inverse of the channel's mapping). */
export function activityForEvent(connector: FakeConnector, event: InboundEvent): Record<string, unknown> {
  const base: ActivityOptions = {
    id: event.eventId, userId: event.identity.userId, tenant: event.identity.workspaceId,
    kind: event.conversation.kind, conversationId: event.conversation.id,
  };
  switch (event.type) {
    case "message":
      return teamsActivity(connector, { ...base, text: event.text, mention: event.mentioned && event.conversation.kind !== "dm" });
    case "command":
      return teamsActivity(connector, { ...base, text: `/${event.command} ${event.args}`.trim(), mention: event.conversation.kind !== "dm" });
    case "action":
      return teamsActivity(connector, { ...base, value: { actionId: event.actionId, value: event.value } });
    case "file":
      return teamsActivity(connector, {
        ...base, mention: event.conversation.kind !== "dm",
        attachments: [{ contentType: "application/vnd.microsoft.teams.file.download.info", name: event.file.name, contentUrl: `${connector.url}/files/${event.file.name}`, content: { downloadUrl: `${connector.url}/files/${event.file.name}`, uniqueId: "u1", fileType: event.file.name.split(".").pop() } }],
      });
  }
}

export async function post(url: string, activity: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

/**
 * A channel (or group chat) message that @-mentions the bot and carries files, as Teams posts it to a bot:
 * the text, plus the message HTML as a `text/html` attachment with one `<attachment id="…">` per file
 * (Teams gives bots no download link outside personal chat).
 */
export function fileMessageActivity(connector: FakeConnector, files: Array<{ id: string }>, o: ActivityOptions = {}): Record<string, unknown> {
  const text = o.text ?? "new protocol";
  const html = `<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">Rounds</span>&nbsp;${text}</div>${files.map((f) => `<attachment id="${f.id}"></attachment>`).join("")}</div>`;
  return teamsActivity(connector, {
    kind: "public", mention: true, ...o, text,
    attachments: [{ contentType: "text/html", content: html }, ...(o.attachments ?? [])],
  });
}
