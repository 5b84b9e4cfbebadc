/**
 * Slack wire payloads → neutral pieces of InboundEvents. Pure functions; the
 * channel adds conversation kinds it has to look up and file downloads.
 */
import type { ChannelConversation } from "@rounds/core";
import { decodeActionId, unescapeSlack } from "./render-blocks.ts";

/** The fields of a Slack file object this channel reads. */
export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  size?: number;
  mimetype?: string;
  url_private?: string;
  url_private_download?: string;
  mode?: string;
  file_access?: string;
}

/** `message` and `app_mention` events (Events API `event` field). */
export interface SlackMessageEvent {
  type: "message" | "app_mention";
  subtype?: string;
  channel: string;
  channel_type?: "im" | "mpim" | "group" | "channel" | "app_home";
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: SlackFile[];
}

export interface SlackFileSharedEvent {
  type: "file_shared";
  file_id: string;
  user_id: string;
  channel_id: string;
  event_ts?: string;
}

export interface SlackSlashCommand {
  team_id: string;
  enterprise_id?: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  command: string;
  text?: string;
  trigger_id: string;
  response_url?: string;
}

export interface SlackBlockActions {
  type: "block_actions";
  trigger_id: string;
  team?: { id: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  channel?: { id: string; name?: string };
  container?: { type?: string; channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
  message?: { ts?: string; thread_ts?: string };
  response_url?: string;
  actions: Array<{ type: string; action_id: string; value?: string; action_ts?: string; block_id?: string }>;
}

export type ConversationKind = ChannelConversation["kind"];

/** Kind from an Events API `channel_type`. */
export function kindFromChannelType(channelType: string | undefined): ConversationKind | undefined {
  switch (channelType) {
    case "im": case "app_home": return "dm";
    case "mpim": case "group": return "private";
    case "channel": return "public";
    default: return undefined;
  }
}

/** Kind from a slash command's or action's `channel_name`, which Slack sets to these names for DMs and private groups. */
export function kindFromChannelName(channelId: string, channelName: string | undefined): ConversationKind | undefined {
  if (channelName === "directmessage" || channelId.startsWith("D")) return "dm";
  if (channelName === "privategroup" || channelName === "mpdm" || channelId.startsWith("G")) return "private";
  return undefined;
}

/** Kind when nothing better is known: D… are DMs; anything else is treated as private (the safer assumption). */
export function kindFromChannelId(channelId: string): ConversationKind {
  return channelId.startsWith("D") ? "dm" : "private";
}

/** Message text without the bot's own mention, with Slack's escaping undone. */
export function cleanMessageText(text: string | undefined, botUserId: string | undefined): string {
  let t = text ?? "";
  if (botUserId) t = t.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g"), " ");
  return unescapeSlack(t).replace(/[ \t]+/g, " ").trim();
}

/** Subtypes that are a person speaking (anything else — edits, joins, bot posts — is ignored). */
const humanSubtypes = new Set([undefined, "file_share", "thread_broadcast"]);

export function isHumanMessage(event: SlackMessageEvent, botUserId: string | undefined): boolean {
  if (!humanSubtypes.has(event.subtype)) return false;
  if (event.bot_id || !event.user) return false;
  return event.user !== botUserId;
}

/**
 * `/rounds ask what is…` → command `ask`, args `what is…`; a bare `/rounds`
 * is `help`. Any other slash command maps its own name: `/ask x` → `ask`.
 */
export function parseSlashCommand(root: string, command: string, text: string | undefined): { command: string; args: string } {
  const body = unescapeSlack(text ?? "").trim();
  if (command.toLowerCase() === root.toLowerCase()) {
    if (!body) return { command: "help", args: "" };
    const m = /^(\S+)\s*([\s\S]*)$/.exec(body);
    return { command: (m?.[1] ?? "help").toLowerCase(), args: (m?.[2] ?? "").trim() };
  }
  return { command: command.replace(/^\//, "").toLowerCase(), args: body };
}

/** The neutral action of a click: action id without the uniqueness suffix, and the value. */
export function actionOf(payload: SlackBlockActions): { actionId: string; value: string; actionTs?: string } | undefined {
  const action = payload.actions.find((a) => a.type === "button") ?? payload.actions[0];
  if (!action) return undefined;
  return { actionId: decodeActionId(action.action_id), value: action.value ?? "", ...(action.action_ts ? { actionTs: action.action_ts } : {}) };
}

export function fileName(file: SlackFile): string {
  return file.name ?? file.title ?? file.id;
}
