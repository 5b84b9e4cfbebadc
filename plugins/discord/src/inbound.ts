/**
 * Discord interaction payloads → neutral InboundEvents. Discord delivers
 * interactions over HTTP only for application commands and components, so:
 *
 * - `/rounds command:<name> args:<text>` → command event (`file:` attachment → file event);
 * - `/ask question:<text>` → command event `ask`;
 * - any other chat-input command `/x opt:…` → command `x` with its string options as args;
 * - the message command "Ask Rounds" → message event (mentioned) with the target message's text,
 *   or file events when that message only carries attachments;
 * - the message command "Add to Rounds" → one file event per attachment of the target message;
 * - a button click → action event, from `custom_id` = `<actionId>:<value>` (see render.ts).
 *
 * `eventId` is the interaction id (suffixed with the attachment id when one
 * interaction yields several file events), so a redelivery dedupes.
 */
import {
  ApplicationCommandOptionType, ApplicationCommandType, ChannelType, InteractionType,
} from "discord.js";
import type { ChannelConversation, ChannelIdentity, InboundEvent } from "@rounds/core";
import type { ActionValueStore } from "./render.ts";

export const ROUNDS_COMMAND = "rounds";
export const ASK_COMMAND = "ask";
export const ASK_MESSAGE_COMMAND = "Ask Rounds";
export const ADD_MESSAGE_COMMAND = "Add to Rounds";

/** The subset of Discord's interaction object this channel reads. */
interface DiscordUser { id: string; username?: string; global_name?: string | null }
interface DiscordAttachment { id: string; filename: string; size: number; url: string; content_type?: string }
interface DiscordOption { name: string; type: ApplicationCommandOptionType; value?: string | number | boolean; options?: DiscordOption[] }
export interface DiscordInteraction {
  id: string;
  application_id: string;
  type: InteractionType;
  token: string;
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string; type?: ChannelType; parent_id?: string | null };
  member?: { user?: DiscordUser; nick?: string | null };
  user?: DiscordUser;
  context?: number;
  data?: {
    id?: string;
    name?: string;
    type?: ApplicationCommandType;
    options?: DiscordOption[];
    target_id?: string;
    custom_id?: string;
    component_type?: number;
    resolved?: {
      attachments?: Record<string, DiscordAttachment>;
      messages?: Record<string, { id: string; content?: string; attachments?: DiscordAttachment[] }>;
    };
  };
}

/** Downloads an attachment; `size` is the size Discord declared, checked before downloading. */
export type FileFetcher = (url: string, size: number) => Promise<Uint8Array>;

const THREADS = new Set<ChannelType>([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

function identityOf(i: DiscordInteraction): ChannelIdentity {
  const user = i.member?.user ?? i.user;
  const displayName = i.member?.nick ?? user?.global_name ?? user?.username;
  return {
    channel: "discord",
    // DMs have no guild; "@me" is Discord's own name for that space.
    workspaceId: i.guild_id ?? "@me",
    userId: user?.id ?? "unknown",
    ...(displayName ? { displayName } : {}),
  };
}

function conversationOf(i: DiscordInteraction): ChannelConversation {
  const channelId = i.channel?.id ?? i.channel_id ?? "unknown";
  const type = i.channel?.type;
  if (!i.guild_id) {
    return { id: channelId, kind: type === ChannelType.GroupDM || i.context === 2 ? "private" : "dm" };
  }
  if (type !== undefined && THREADS.has(type)) {
    return {
      id: i.channel?.parent_id ?? channelId,
      kind: type === ChannelType.PrivateThread ? "private" : "public",
      threadId: channelId,
    };
  }
  // Guild channels are treated as public: the payload does not say who can read them.
  return { id: channelId, kind: "public" };
}

function stringOption(options: DiscordOption[] | undefined, name: string): string | undefined {
  const o = options?.find((x) => x.name === name);
  return o && o.value !== undefined ? String(o.value) : undefined;
}

/** `comment`: the text given with the files (it may name the patient: "patient: PD-4", "ingest --patient PD-4"). */
function fileEvents(i: DiscordInteraction, attachments: DiscordAttachment[], fetchFile: FileFetcher, comment = ""): InboundEvent[] {
  const base = { identity: identityOf(i), conversation: conversationOf(i), ...(comment.trim() ? { comment: comment.trim() } : {}) };
  return attachments.map((a) => ({
    ...base,
    type: "file" as const,
    eventId: attachments.length === 1 ? i.id : `${i.id}:${a.id}`,
    file: {
      name: a.filename,
      size: a.size,
      ...(a.content_type ? { mediaType: a.content_type.split(";")[0]!.trim() } : {}),
      fetch: () => fetchFile(a.url, a.size),
    },
  }));
}

/** Translates one interaction; returns no events for kinds this channel ignores. */
export function toInboundEvents(i: DiscordInteraction, deps: { fetchFile: FileFetcher; actions: ActionValueStore }): InboundEvent[] {
  const base = { eventId: i.id, identity: identityOf(i), conversation: conversationOf(i) };
  const data = i.data;
  if (!data) return [];

  if (i.type === InteractionType.MessageComponent) {
    const decoded = data.custom_id ? deps.actions.decode(data.custom_id) : undefined;
    return decoded ? [{ ...base, type: "action", actionId: decoded.actionId, value: decoded.value }] : [];
  }
  if (i.type !== InteractionType.ApplicationCommand) return [];

  if (data.type === ApplicationCommandType.Message) {
    const target = data.target_id ? data.resolved?.messages?.[data.target_id] : undefined;
    if (!target) return [];
    const attachments = target.attachments ?? [];
    const text = (target.content ?? "").trim();
    if (data.name === ADD_MESSAGE_COMMAND || (!text && attachments.length > 0)) return fileEvents(i, attachments, deps.fetchFile, text);
    return text ? [{ ...base, type: "message", text, mentioned: true }] : [];
  }
  if (data.type !== undefined && data.type !== ApplicationCommandType.ChatInput) return [];

  // Attachments given in a command option become file events.
  const attachmentIds = (data.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Attachment).map((o) => String(o.value));
  const attachments = attachmentIds.map((id) => data.resolved?.attachments?.[id]).filter((a): a is DiscordAttachment => a !== undefined);
  // The command's text is about the files: "/rounds command:ingest args:--patient PD-4 file:…".
  if (attachments.length > 0) {
    const given = data.name === ROUNDS_COMMAND ? `${stringOption(data.options, "command") ?? ""} ${stringOption(data.options, "args") ?? ""}` : "";
    return fileEvents(i, attachments, deps.fetchFile, given);
  }

  const name = data.name ?? "";
  if (name === ROUNDS_COMMAND) {
    const command = (stringOption(data.options, "command") ?? "help").trim();
    return [{ ...base, type: "command", command, args: (stringOption(data.options, "args") ?? "").trim() }];
  }
  if (name === ASK_COMMAND) {
    return [{ ...base, type: "command", command: "ask", args: (stringOption(data.options, "question") ?? "").trim() }];
  }
  const args = (data.options ?? [])
    .filter((o) => o.value !== undefined && o.type !== ApplicationCommandOptionType.Attachment)
    .map((o) => String(o.value)).join(" ");
  return name ? [{ ...base, type: "command", command: name, args }] : [];
}
