/**
 * Neutral blocks → a Discord message body (for the interaction webhook):
 *
 * - text and progress → `content` (2,000 characters); text that does not fit
 *   moves to an embed description (4,096), truncated past that;
 * - sources → one embed titled "Sources", one numbered field per source
 *   (25 fields at most; the last says how many were left out);
 * - actions → action rows of at most five buttons, `custom_id` =
 *   `<actionId>:<value>` (100 characters; longer ones are kept in memory
 *   and the button carries a short key instead);
 * - ephemeral visibility → `flags: 64`.
 */
import { randomBytes } from "node:crypto";
import {
  ButtonStyle, ComponentType, MessageFlags,
  type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField,
} from "discord.js";
import { progressBar, type ButtonSpec, type MessageBlock, type OutboundMessage, type SourceItem } from "@rounds/core";

/** The body of a follow-up (POST) or edit (PATCH) webhook message. */
export interface DiscordMessageBody {
  content: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponentWithCustomId>>;
  /** Never ping anyone from generated text. */
  allowed_mentions: { parse: [] };
  flags?: number;
}

const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** All embeds of one message together. */
  embedTotal: 6000,
  embeds: 10,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
} as const;

const SOURCES_COLOR = 0x5865f2;
const TEXT_COLOR = 0x2b2d31;
const WARNING_COLOR = 0xfee75c;
const ERROR_COLOR = 0xed4245;

/**
 * Button values that make a `custom_id` longer than Discord allows are kept
 * here and the button carries `~<key>`. They live as long as the process
 * (at most `max` of them); a click on a forgotten key is ignored.
 */
export class ActionValueStore {
  private readonly values = new Map<string, { actionId: string; value: string }>();
  constructor(private readonly max = 10_000) {}

  encode(actionId: string, value: string): string {
    const direct = value ? `${actionId}:${value}` : actionId;
    if (direct.length <= LIMITS.customId && !actionId.startsWith("~") && !actionId.includes(":")) return direct;
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
    const colon = customId.indexOf(":");
    if (colon === 0) return undefined;
    if (colon < 0) return customId ? { actionId: customId, value: "" } : undefined;
    return { actionId: customId.slice(0, colon), value: customId.slice(colon + 1) };
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
  const p = progressBar(block.fraction, "▰", "▱");
  return p ? `⏳ ${block.label}  ${p.bar} ${p.percent}%` : `⏳ ${block.label}`;
}

const escapeMarkdown = (s: string) => s.replace(/([[\]\\*_~`|])/g, "\\$1").replace(/^([#>-])/, "\\$1");
const safeUrl = (url: string | undefined) => (url && /^https?:\/\/[^\s<>()]+$/i.test(url) ? url : undefined);

/** One embed titled "Sources": a field per source, `[n] title`, with the locator and link as its value. */
function renderSources(items: SourceItem[]): APIEmbed {
  const sorted = [...items].sort((a, b) => a.n - b.n);
  const shown = sorted.length > LIMITS.embedFields ? sorted.slice(0, LIMITS.embedFields - 1) : sorted;
  const fields: APIEmbedField[] = shown.map((s) => {
    const url = safeUrl(s.url);
    const parts = [s.locator ? escapeMarkdown(s.locator) : undefined, url ? `[Open](${url})` : undefined].filter((p): p is string => p !== undefined);
    return {
      name: truncate(`[${s.n}] ${escapeMarkdown(s.title)}`, LIMITS.fieldName),
      value: truncate(parts.join(" · ") || "\u200b", LIMITS.fieldValue),
    };
  });
  if (shown.length < sorted.length) {
    fields.push({ name: `… and ${sorted.length - shown.length} more`, value: `[${sorted.slice(shown.length).map((s) => s.n).join("], [")}]`.slice(0, LIMITS.fieldValue) });
  }
  return { title: "Sources", color: SOURCES_COLOR, fields };
}

function buttonStyle(style: ButtonSpec["style"]): ButtonStyle.Primary | ButtonStyle.Danger | ButtonStyle.Secondary {
  if (style === "primary") return ButtonStyle.Primary;
  if (style === "danger") return ButtonStyle.Danger;
  return ButtonStyle.Secondary;
}

/** Buttons in rows of five, at most five rows (Discord's limits); extra buttons are dropped. */
function renderButtons(buttons: ButtonSpec[], store: ActionValueStore): Array<APIActionRowComponent<APIButtonComponentWithCustomId>> {
  const rows: Array<APIActionRowComponent<APIButtonComponentWithCustomId>> = [];
  const seen = new Set<string>();
  const unique = buttons.filter((b) => {
    // Discord refuses two components with the same custom_id in one message.
    const key = `${b.actionId}\u0000${b.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (let i = 0; i < unique.length && rows.length < LIMITS.rows; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: unique.slice(i, i + LIMITS.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        style: buttonStyle(b.style),
        label: truncate(b.label.trim() || b.actionId, LIMITS.buttonLabel),
        custom_id: store.encode(b.actionId, b.value),
      })),
    });
  }
  return rows;
}

const embedSize = (e: APIEmbed) =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** Renders a neutral message for the interaction webhook. */
export function renderMessage(message: OutboundMessage, store: ActionValueStore): DiscordMessageBody {
  const lines: string[] = [];
  const sources: APIEmbed[] = [];
  const buttons: ButtonSpec[] = [];
  let tone: "normal" | "warning" | "error" = "normal";
  for (const block of message.blocks) {
    if (block.type === "text") {
      lines.push(textLine(block));
      if (block.tone === "error" || (block.tone === "warning" && tone === "normal")) tone = block.tone;
    } else if (block.type === "progress") lines.push(progressLine(block));
    else if (block.type === "sources") { if (block.items.length > 0) sources.push(renderSources(block.items)); }
    else buttons.push(...block.buttons);
  }
  const text = lines.join("\n\n");
  let content = text;
  const embeds: APIEmbed[] = [];
  if (text.length > LIMITS.content) {
    // Too long for a message: the text becomes an embed description (twice the room).
    content = "";
    embeds.push({ description: truncate(text, LIMITS.embedDescription), color: tone === "error" ? ERROR_COLOR : tone === "warning" ? WARNING_COLOR : TEXT_COLOR });
  }
  // Keep the whole message under Discord's embed total (6,000 characters).
  let room = LIMITS.embedTotal - embeds.reduce((n, e) => n + embedSize(e), 0);
  for (const e of sources.slice(0, LIMITS.embeds - embeds.length)) {
    const fields: APIEmbedField[] = [];
    room -= e.title?.length ?? 0;
    for (const f of e.fields ?? []) {
      if (f.name.length + f.value.length > room) break;
      room -= f.name.length + f.value.length;
      fields.push(f);
    }
    embeds.push({ ...e, fields });
  }
  // Discord refuses a message with nothing in it.
  if (!content.trim() && embeds.length === 0) content = truncate(message.fallbackText?.trim() || "\u200b", LIMITS.content);
  return {
    content, embeds, components: renderButtons(buttons, store), allowed_mentions: { parse: [] },
    ...(message.visibility === "ephemeral" ? { flags: MessageFlags.Ephemeral } : {}),
  };
}
