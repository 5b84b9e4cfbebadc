/**
 * Bot Framework activities from Teams → neutral InboundEvents.
 *
 * - message with text: a mention of the bot in a channel/group chat, or any
 *   message in personal chat → `message` (the `<at>Rounds</at>` mention
 *   stripped); text starting with `/` or a known command word → `command`.
 * - message whose `value` is `{actionId, value}` (an Adaptive Card
 *   `Action.Submit`), or an `adaptiveCard/action` invoke (`Action.Execute`)
 *   with that data → `action`.
 * - attachments of type `application/vnd.microsoft.teams.file.download.info`
 *   (files sent in personal chat) → `file`, fetched from their `downloadUrl`.
 *
 * `eventId` is the activity id, which a redelivery of the same activity keeps.
 */
import type { Activity } from "botbuilder";
import type { ChannelConversation, ChannelIdentity, InboundEvent } from "@rounds/core";

export const fileDownloadInfoType = "application/vnd.microsoft.teams.file.download.info";

/** Command words understood without a leading `/` (the ids contributed by Rounds' command plugins). */
export const defaultCommandWords = [
  "help", "ask", "sources", "feedback", "refusals", "docs", "ingest", "train", "model", "schedule",
  "consent", "users", "channels",
];

export interface FileRef {
  name: string;
  size: number;
  mediaType?: string;
  downloadUrl: string;
}

/** A neutral event without its `fetch` (files), so the mapping stays pure and testable. */
export type MappedEvent =
  | Exclude<InboundEvent, { type: "file" }>
  | (Omit<Extract<InboundEvent, { type: "file" }>, "file"> & { file: FileRef });

export interface MapOptions {
  commandWords: readonly string[];
}

export function identityOf(activity: Activity): ChannelIdentity {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  const from = activity.from ?? { id: "" };
  return {
    channel: "teams",
    workspaceId: activity.conversation?.tenantId ?? channelData.tenant?.id ?? "",
    // The Entra (AAD) object id is stable and is what an admin can look up; the 29:… id is app-scoped.
    userId: from.aadObjectId ?? from.id,
    ...(from.name ? { displayName: from.name } : {}),
  };
}

export function conversationOf(activity: Activity): ChannelConversation {
  const conversation = activity.conversation ?? { id: "" };
  const channelData = (activity.channelData ?? {}) as { channel?: { id?: string } };
  const [base = conversation.id, ...rest] = conversation.id.split(";");
  const messageId = rest.find((p) => p.startsWith("messageid="))?.slice("messageid=".length);
  const type = conversation.conversationType;
  if (type === "personal" || (!type && !conversation.isGroup)) return { id: base, kind: "dm" };
  if (type === "channel") {
    return { id: channelData.channel?.id ?? base, kind: "public", ...(messageId ? { threadId: messageId } : {}) };
  }
  return { id: base, kind: "private", ...(messageId ? { threadId: messageId } : {}) };
}

/** True when the activity @-mentions its recipient (the bot). */
export function mentionsBot(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => e.type === "mention" && (e as { mentioned?: { id?: string } }).mentioned?.id === botId);
}

/** The text with the bot's `<at>…</at>` mention removed; other people's mentions keep their names. */
export function stripMention(activity: Activity): string {
  let text = activity.text ?? "";
  const botId = activity.recipient?.id;
  const botTags = new Set<string>();
  if (activity.recipient?.name) botTags.add(`<at>${activity.recipient.name}</at>`);
  for (const entity of activity.entities ?? []) {
    const mention = entity as { type?: string; text?: string; mentioned?: { id?: string } };
    if (mention.type === "mention" && mention.mentioned?.id === botId && mention.text) botTags.add(mention.text);
  }
  for (const tag of botTags) text = text.split(tag).join(" ");
  return text
    .replace(/<at>([^<]*)<\/at>/gi, "$1")
    .replace(/&nbsp;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function submitData(value: unknown): { actionId: string; value: string } | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { actionId?: unknown; value?: unknown; action?: { data?: unknown } };
  // `adaptiveCard/action` invokes nest the data under `action.data`.
  if (v.action && typeof v.action === "object") return submitData(v.action.data);
  if (typeof v.actionId !== "string" || v.actionId === "") return undefined;
  return { actionId: v.actionId, value: typeof v.value === "string" ? v.value : v.value === undefined ? "" : JSON.stringify(v.value) };
}

function fileRefs(activity: Activity): FileRef[] {
  const files: FileRef[] = [];
  for (const a of activity.attachments ?? []) {
    if (a.contentType !== fileDownloadInfoType) continue;
    const content = (a.content ?? {}) as { downloadUrl?: unknown; fileType?: unknown; size?: unknown };
    if (typeof content.downloadUrl !== "string") continue;
    files.push({
      name: a.name ?? "file",
      size: typeof content.size === "number" ? content.size : 0,
      ...(typeof content.fileType === "string" ? { mediaType: mediaTypeFor(content.fileType) } : {}),
      downloadUrl: content.downloadUrl,
    });
  }
  return files;
}

const mediaTypes: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  html: "text/html",
  json: "application/json",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  wav: "audio/wav",
  vtt: "text/vtt",
  srt: "application/x-subrip",
};

function mediaTypeFor(fileType: string): string {
  return mediaTypes[fileType.toLowerCase()] ?? "application/octet-stream";
}

/**
 * Maps one activity to zero or more neutral events. Anything Rounds does not
 * act on (conversation updates, typing, reactions, other invokes) maps to none.
 */
export function mapActivity(activity: Activity, options: MapOptions): MappedEvent[] {
  const id = activity.id;
  if (!id) return [];
  const base = { eventId: id, identity: identityOf(activity), conversation: conversationOf(activity) };

  if (activity.type === "invoke") {
    if (activity.name !== "adaptiveCard/action") return [];
    const data = submitData(activity.value);
    return data ? [{ ...base, type: "action", ...data }] : [];
  }
  if (activity.type !== "message") return [];

  const data = submitData(activity.value);
  if (data) return [{ ...base, type: "action", ...data }];

  const addressed = base.conversation.kind === "dm" || mentionsBot(activity);
  const files = fileRefs(activity);
  if (files.length > 0) {
    if (!addressed) return [];
    return files.map((file, i) => ({ ...base, eventId: files.length === 1 ? id : `${id}#${i + 1}`, type: "file" as const, file }));
  }

  const text = stripMention(activity);
  if (addressed && text) {
    const command = parseCommand(text, options.commandWords);
    if (command) return [{ ...base, type: "command", ...command }];
  }
  return [{ ...base, type: "message", text, mentioned: addressed }];
}

/**
 * `/docs list`, `docs list` (a known word), `/rounds docs list` or `rounds docs list` → {command, args};
 * anything else is a question.
 */
export function parseCommand(text: string, commandWords: readonly string[]): { command: string; args: string } | undefined {
  const slash = text.startsWith("/");
  let words = text.replace(/^\//, "").trim().split(/\s+/).filter(Boolean);
  const prefixed = words[0]?.toLowerCase() === "rounds" && words.length > 1;
  if (prefixed) words = words.slice(1);
  const [first = "", ...rest] = words;
  const word = first.toLowerCase();
  if (!word) return undefined;
  if (slash || commandWords.includes(word)) return { command: word, args: rest.join(" ") };
  return undefined;
}
