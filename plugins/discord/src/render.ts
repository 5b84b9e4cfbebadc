/**
 * Neutral blocks → a Discord message: text and progress become `content`,
 * a sources block becomes an embed with a numbered list, action buttons
 * become ActionRows of buttons whose `custom_id` is `<actionId>|<value>`.
 */
import { randomBytes } from "node:crypto";
import {
  ButtonStyle, ComponentType, MessageFlags,
  type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed,
} from "discord.js";
import type { ButtonSpec, MessageBlock, OutboundMessage, SourceItem } from "@rounds/core";

/** The body of a follow-up (POST) or edit (PATCH) webhook message. */
export interface DiscordMessageBody {
  content: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponentWithCustomId>>;
  /** Never ping anyone from generated text. */
  allowed_mentions: { parse: [] };
  flags?: number;
}

const CONTENT_MAX = 2000;
const EMBED_DESCRIPTION_MAX = 4096;
const CUSTOM_ID_MAX = 100;
const LABEL_MAX = 80;
const BUTTONS_PER_ROW = 5;
const MAX_ROWS = 5;
const SOURCES_COLOR = 0x5865f2;

/**
 * Button values longer than a `custom_id` allows are kept here and the
 * button carries `~<key>` instead. They live as long as the process.
 */
export class ActionValueStore {
  private readonly values = new Map<string, { actionId: string; value: string }>();
  constructor(private readonly max = 10_000) {}

  encode(actionId: string, value: string): string {
    const direct = `${actionId}|${value}`;
    if (direct.length <= CUSTOM_ID_MAX && !actionId.startsWith("~")) return direct;
    const key = `~${randomBytes(12).toString("base64url")}`;
    this.values.set(key, { actionId, value });
    if (this.values.size > this.max) {
      const oldest = this.values.keys().next().value;
      if (oldest !== undefined) this.values.delete(oldest);
    }
    return key;
  }

  decode(customId: string): { actionId: string; value: string } | undefined {
    if (customId.startsWith("~")) return this.values.get(customId);
    const bar = customId.indexOf("|");
    if (bar <= 0) return { actionId: customId, value: "" };
    return { actionId: customId.slice(0, bar), value: customId.slice(bar + 1) };
  }
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function textLine(block: Extract<MessageBlock, { type: "text" }>): string {
  switch (block.tone) {
    case "warning": return `⚠️ ${block.text}`;
    case "error": return `⛔ ${block.text}`;
    // Discord's subtext markdown, line by line.
    case "muted": return block.text.split("\n").map((l) => (l.trim() ? `-# ${l}` : l)).join("\n");
    default: return block.text;
  }
}

function progressLine(block: Extract<MessageBlock, { type: "progress" }>): string {
  if (block.fraction === undefined) return `⏳ ${block.label}`;
  const f = Math.min(1, Math.max(0, block.fraction));
  const filled = Math.round(f * 10);
  return `⏳ ${block.label}  ${"▰".repeat(filled)}${"▱".repeat(10 - filled)} ${Math.round(f * 100)}%`;
}

const escapeLinkText = (s: string) => s.replace(/([[\]\\*_~`|])/g, "\\$1");

/** One embed listing the sources as `[n] title — locator`, titles linked when they have a URL. */
export function renderSources(items: SourceItem[]): APIEmbed {
  const lines = [...items].sort((a, b) => a.n - b.n).map((s) => {
    const title = escapeLinkText(s.title);
    const linked = s.url && /^https?:\/\//.test(s.url) ? `[${title}](${s.url})` : title;
    return `**[${s.n}]** ${linked}${s.locator ? ` — ${escapeLinkText(s.locator)}` : ""}`;
  });
  return { title: "Sources", description: truncate(lines.join("\n"), EMBED_DESCRIPTION_MAX), color: SOURCES_COLOR };
}

function buttonStyle(style: ButtonSpec["style"]): ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary {
  if (style === "primary") return ButtonStyle.Primary;
  if (style === "danger") return ButtonStyle.Danger;
  return ButtonStyle.Secondary;
}

/** Buttons in rows of five (Discord's limit), at most five rows. */
export function renderButtons(buttons: ButtonSpec[], store: ActionValueStore): Array<APIActionRowComponent<APIButtonComponentWithCustomId>> {
  const rows: Array<APIActionRowComponent<APIButtonComponentWithCustomId>> = [];
  for (let i = 0; i < buttons.length && rows.length < MAX_ROWS; i += BUTTONS_PER_ROW) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + BUTTONS_PER_ROW).map((b) => ({
        type: ComponentType.Button,
        style: buttonStyle(b.style),
        label: truncate(b.label, LABEL_MAX),
        custom_id: store.encode(b.actionId, b.value),
      })),
    });
  }
  return rows;
}

/** Renders a neutral message. `flags` carries EPHEMERAL (64) for ephemeral messages. */
export function renderMessage(message: OutboundMessage, store: ActionValueStore): DiscordMessageBody {
  const lines: string[] = [];
  const embeds: APIEmbed[] = [];
  const buttons: ButtonSpec[] = [];
  for (const block of message.blocks) {
    if (block.type === "text") lines.push(textLine(block));
    else if (block.type === "progress") lines.push(progressLine(block));
    else if (block.type === "sources") { if (block.items.length > 0) embeds.push(renderSources(block.items)); }
    else buttons.push(...block.buttons);
  }
  let content = truncate(lines.join("\n\n"), CONTENT_MAX);
  const components = renderButtons(buttons, store);
  // Discord refuses a message with nothing in it.
  if (!content.trim() && embeds.length === 0) content = truncate(message.fallbackText?.trim() || "\u200b", CONTENT_MAX);
  return {
    content, embeds, components, allowed_mentions: { parse: [] },
    ...(message.visibility === "ephemeral" ? { flags: MessageFlags.Ephemeral } : {}),
  };
}
