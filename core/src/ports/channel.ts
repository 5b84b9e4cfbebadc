/**
 * Chat channels (Slack, Teams, Discord, CLI) translate their wire format into
 * these neutral events and render neutral blocks back. The conversation layer
 * in `bot/` implements `ConversationHandler`.
 *
 * Version history: v1 (initial); v1 gained the optional `holdsWorkspace`
 * (a channel without it cannot vouch for any workspace).
 */

export type ChannelKind = "slack" | "teams" | "discord" | "cli" | "api" | (string & {});

/** Who is speaking, as the channel knows them. Mapped to a Rounds user by the bot. */
export interface ChannelIdentity {
  channel: ChannelKind;
  /** Slack team id, Teams tenant id, Discord guild id. */
  workspaceId: string;
  userId: string;
  displayName?: string;
}

export interface ChannelConversation {
  id: string;
  /** A direct message, a private channel/group, or a public channel. */
  kind: "dm" | "private" | "public";
  threadId?: string;
}

interface EventBase {
  /** The channel's delivery id; duplicate deliveries carry the same id and are answered once. */
  eventId: string;
  identity: ChannelIdentity;
  conversation: ChannelConversation;
}

export type InboundEvent =
  | (EventBase & { type: "message"; text: string; mentioned: boolean })
  | (EventBase & {
    type: "command"; command: string; args: string;
    /**
     * The reply is shown to the invoker alone at first, as Slack shows slash
     * command replies in channels: answers then carry a "Share with channel"
     * button, and are given with the asker's own access (as in a DM).
     */
    privateFirst?: boolean;
  })
  | (EventBase & {
    type: "file"; file: { name: string; size: number; mediaType?: string; fetch(): Promise<Uint8Array> };
    /** The message posted with the file, if any: it may name the patient (`patient: <id|reference>`). */
    comment?: string;
  })
  | (EventBase & { type: "action"; actionId: string; value: string });

export interface SourceItem {
  /** The citation number shown in the answer text, e.g. 1 for [1]. */
  n: number;
  title: string;
  /** "p. 3", "§ Dosing › Adults", "Therapist 00:04:12". */
  locator?: string;
  url?: string;
}

export interface ButtonSpec {
  /** Stable action id, e.g. `feedback.up`, `doc.approve`, `consent.grant`. */
  actionId: string;
  label: string;
  value: string;
  style?: "primary" | "danger";
}

export type MessageBlock =
  | { type: "text"; text: string; tone?: "normal" | "warning" | "error" | "muted" }
  | { type: "sources"; items: SourceItem[] }
  | { type: "actions"; buttons: ButtonSpec[] }
  | { type: "progress"; label: string; fraction?: number };

export interface OutboundMessage {
  blocks: MessageBlock[];
  /** Ephemeral messages are seen only by the asker (where the channel supports it). */
  visibility?: "public" | "ephemeral";
  /** Plain-text fallback for notifications. */
  fallbackText?: string;
  /**
   * This message supersedes the one whose button was pressed (a shared
   * answer replacing the private copy): channels that can, remove that one.
   */
  replacesOrigin?: boolean;
}

/** How the handler answers: post new messages and edit them (for progress and streaming). */
export interface ReplyTarget {
  send(message: OutboundMessage): Promise<{ messageId: string }>;
  update(messageId: string, message: OutboundMessage): Promise<void>;
}

export interface ConversationHandler {
  handle(event: InboundEvent, reply: ReplyTarget): Promise<void>;
}

export interface Channel {
  readonly specificationVersion: "v1";
  readonly id: string;
  /** Starts receiving (HTTP receiver, socket, gateway) and dispatches to `handler`. */
  start(handler: ConversationHandler): Promise<void>;
  stop(): Promise<void>;
  /**
   * Whether this installation is in the workspace (Slack team, Teams tenant,
   * Discord guild), by what the platform itself reports for the configured
   * credentials, never by what a user typed. An organisation claims a
   * workspace with it. Works without `start`.
   */
  holdsWorkspace?(workspaceId: string): Promise<boolean>;
}
