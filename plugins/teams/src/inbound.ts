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
 * - files in a channel or group chat message that mentions the bot → `file`,
 *   read through Microsoft Graph. Teams gives bots no download link there:
 *   the message HTML carries `<attachment id="…">` tags (and sometimes
 *   `reference` attachments with the SharePoint/OneDrive `contentUrl`), so the
 *   mapping returns a `SharedFileRef` that the channel resolves (see
 *   `graph-files.ts`) into one event per file.
 *
 * `eventId` is the activity id, which a redelivery of the same activity keeps.
 */
import type { Activity } from "@microsoft/agents-activity";
import type { ChannelConversation, ChannelIdentity, InboundEvent } from "@rounds/core";

export const fileDownloadInfoType = "application/vnd.microsoft.teams.file.download.info";

/** Command words understood without a leading `/` (the ids contributed by Rounds' command plugins). */
export const defaultCommandWords = [
  "help", "ask", "sources", "feedback", "refusals", "docs", "ingest", "train", "model", "schedule",
  "consent", "users", "channels",
];

/** A file sent in personal chat: Teams hands the bot a short-lived, pre-authenticated `downloadUrl`. */
export interface DownloadFileRef {
  name: string;
  size: number;
  mediaType?: string;
  downloadUrl: string;
}

/** A `reference` attachment: a file in SharePoint/OneDrive, named by its `contentUrl`. */
export interface ReferenceAttachment {
  id?: string;
  name?: string;
  contentUrl: string;
}

/** Where the message that carries the files lives, in Microsoft Graph's terms. */
export type MessageLocation =
  | {
    kind: "channel";
    /** The team's Microsoft 365 group id (`channelData.team.aadGroupId`), which Graph's `/teams/{id}` needs. */
    groupId?: string;
    /** The team's `19:…@thread.tacv2` id, to look the group id up through the Bot Connector when the activity lacks it. */
    teamThreadId?: string;
    channelId: string;
    messageId: string;
    /** The thread's root message; equals `messageId` for a new post, differs for a reply. */
    rootId: string;
  }
  | { kind: "chat"; chatId: string; messageId: string };

/** Files dropped into a channel or group chat: Teams gives bots no download link, so they are read through Graph. */
export interface SharedFileRef {
  /** The ids of the message's `<attachment id="…">` tags, in order. */
  attachmentIds: string[];
  /** `reference` attachments the activity itself carries (then the message need not be read). */
  references: ReferenceAttachment[];
  location: MessageLocation;
  /** The message text without the mention, used as a question if the attachments turn out not to be files. */
  text: string;
}

export type FileRef = DownloadFileRef | SharedFileRef;

export function isSharedFileRef(ref: FileRef): ref is SharedFileRef {
  return "location" in ref;
}

/** A neutral event without its `fetch` (files), so the mapping stays pure and testable. */
export type MappedEvent =
  | Exclude<InboundEvent, { type: "file" }>
  | (Omit<Extract<InboundEvent, { type: "file" }>, "file"> & { file: FileRef });

export interface MapOptions {
  commandWords: readonly string[];
}

function identityOf(activity: Activity): ChannelIdentity {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  const from = activity.from ?? { id: "" };
  return {
    channel: "teams",
    workspaceId: activity.conversation?.tenantId ?? channelData.tenant?.id ?? "",
    // The Entra (AAD) object id is stable and is what an admin can look up; the 29:… id is app-scoped.
    userId: from.aadObjectId ?? from.id ?? "",
    ...(from.name ? { displayName: from.name } : {}),
  };
}

function conversationOf(activity: Activity): ChannelConversation {
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
function mentionsBot(activity: Activity): boolean {
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

function fileRefs(activity: Activity): DownloadFileRef[] {
  const files: DownloadFileRef[] = [];
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

/** `<attachment id="…">` tags in a message's HTML (channel and group chat messages that carry files or cards). */
const attachmentTag = /<attachment\s+[^>]*?\bid\s*=\s*["']([^"']+)["']/gi;

/**
 * The files of a channel or group chat message, to be read through Graph; undefined when it carries none.
 * Quoted replies also use `<attachment id>` with the quoted message's numeric id: those are not files.
 */
function sharedFileRef(activity: Activity, conversation: ChannelConversation): SharedFileRef | undefined {
  if (conversation.kind === "dm") return undefined;
  const ids: string[] = [];
  const html = (activity.attachments ?? [])
    .filter((a) => a.contentType === "text/html" && typeof a.content === "string")
    .map((a) => a.content as string);
  if (activity.textFormat === "xml" && activity.text) html.push(activity.text);
  for (const fragment of html) {
    for (const match of fragment.matchAll(attachmentTag)) {
      const id = match[1]!.trim();
      if (id && !/^\d+$/.test(id) && !ids.includes(id)) ids.push(id);
    }
  }
  const references: ReferenceAttachment[] = [];
  for (const a of activity.attachments ?? []) {
    if (a.contentType !== "reference" || typeof a.contentUrl !== "string" || !/^https?:\/\//i.test(a.contentUrl)) continue;
    const id = (a as { id?: unknown }).id;
    references.push({ contentUrl: a.contentUrl, ...(typeof a.name === "string" && a.name ? { name: a.name } : {}), ...(typeof id === "string" ? { id } : {}) });
  }
  if (ids.length === 0 && references.length === 0) return undefined;

  const messageId = activity.id ?? "";
  const channelData = (activity.channelData ?? {}) as {
    channel?: { id?: string }; teamsChannelId?: string; team?: { id?: string; aadGroupId?: string }; teamsTeamId?: string;
  };
  let location: MessageLocation;
  if (activity.conversation?.conversationType === "channel") {
    const channelId = channelData.channel?.id ?? channelData.teamsChannelId ?? conversation.id;
    const teamThreadId = channelData.team?.id ?? channelData.teamsTeamId;
    const groupId = channelData.team?.aadGroupId;
    location = {
      kind: "channel", channelId, messageId, rootId: conversation.threadId ?? activity.replyToId ?? messageId,
      ...(groupId ? { groupId } : {}), ...(teamThreadId ? { teamThreadId } : {}),
    };
  } else {
    location = { kind: "chat", chatId: conversation.id, messageId };
  }
  return { attachmentIds: ids, references, location, text: stripMention(activity) };
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

export function mediaTypeFor(fileType: string): string {
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
  // The message posted with a file is about the file: it may name the patient ("patient: PD-4").
  const comment = files.length > 0 || addressed ? stripMention(activity) : "";
  const withComment = comment ? { comment } : {};
  if (files.length > 0) {
    if (!addressed) return [];
    return files.map((file, i) => ({ ...base, ...withComment, eventId: files.length === 1 ? id : `${id}#${i + 1}`, type: "file" as const, file }));
  }
  // Files in channels and group chats: one pending event, resolved through Graph into one event per file.
  const shared = addressed ? sharedFileRef(activity, base.conversation) : undefined;
  if (shared) return [{ ...base, ...withComment, type: "file", file: shared }];

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
