/**
 * Neutral message blocks → Slack Block Kit. Limits respected: 50 blocks per
 * message, 3000 characters per section text, 25 elements per actions block,
 * 75 characters per button label, 255 per action_id, 2000 per value.
 */
import { progressBar, type ButtonSpec, type MessageBlock, type OutboundMessage, type SourceItem } from "@rounds/core";

/** The subset of Block Kit this channel emits. */
export type SlackBlock =
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: Array<{ type: "mrkdwn"; text: string }> }
  | { type: "actions"; block_id?: string; elements: SlackButton[] };

interface SlackButton {
  type: "button";
  action_id: string;
  text: { type: "plain_text"; text: string; emoji: boolean };
  value: string;
  style?: "primary" | "danger";
}

const MAX_BLOCKS = 50;
const MAX_SECTION = 3000;
const MAX_BUTTONS = 25;
const MAX_FALLBACK = 3000;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Reverses Slack's escaping of incoming message text. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const tonePrefix: Record<string, string> = { warning: ":warning: ", error: ":x: ", normal: "", muted: "" };

function chunks(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    // Prefer to break at a newline, then a space, inside the limit.
    let cut = rest.lastIndexOf("\n", size);
    if (cut < size / 2) cut = rest.lastIndexOf(" ", size);
    if (cut < size / 2) cut = size;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  if (rest) out.push(rest);
  return out;
}

function renderText(block: Extract<MessageBlock, { type: "text" }>): SlackBlock[] {
  const body = escapeMrkdwn(block.text);
  if (block.tone === "muted") {
    return chunks(body, MAX_SECTION).map((t) => ({ type: "context", elements: [{ type: "mrkdwn", text: t }] }));
  }
  const prefix = tonePrefix[block.tone ?? "normal"] ?? "";
  return chunks(body, MAX_SECTION - prefix.length).map((t, i) => ({
    type: "section", text: { type: "mrkdwn", text: i === 0 ? prefix + t : t },
  }));
}

function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** One line per source: `[n] <url|title> · locator`. */
function sourceLine(item: SourceItem): string {
  // Link labels may not contain `|` or `>`; escaping handles `>`.
  const title = escapeMrkdwn(item.title.replace(/\|/g, "¦"));
  const url = safeUrl(item.url);
  const label = url ? `<${url.replace(/\|/g, "%7C").replace(/>/g, "%3E")}|${title}>` : title;
  return `[${item.n}] ${label}${item.locator ? ` · ${escapeMrkdwn(item.locator)}` : ""}`;
}

function renderSources(block: Extract<MessageBlock, { type: "sources" }>): SlackBlock[] {
  if (block.items.length === 0) return [];
  const text = `*Sources*\n${block.items.map(sourceLine).join("\n")}`;
  return chunks(text, MAX_SECTION).map((t) => ({ type: "section", text: { type: "mrkdwn", text: t } }));
}

/**
 * Slack requires unique action_ids within a message; a repeated neutral
 * actionId gets a `~<n>` suffix that `decodeActionId` strips again.
 */
export function decodeActionId(actionId: string): string {
  return actionId.replace(/~\d+$/, "");
}

function renderButtons(buttons: ButtonSpec[], seen: Map<string, number>): SlackBlock[] {
  const elements: SlackButton[] = buttons.map((b) => {
    const count = seen.get(b.actionId) ?? 0;
    seen.set(b.actionId, count + 1);
    const actionId = count === 0 ? b.actionId : `${b.actionId}~${count}`;
    if (actionId.length > 255) throw new RangeError("Slack action_id is limited to 255 characters.");
    if (b.value.length > 2000) throw new RangeError("Slack button values are limited to 2000 characters.");
    const label = b.label.length > 75 ? `${b.label.slice(0, 74)}…` : b.label;
    return {
      type: "button", action_id: actionId, text: { type: "plain_text", text: label, emoji: true }, value: b.value,
      ...(b.style ? { style: b.style } : {}),
    };
  });
  const out: SlackBlock[] = [];
  for (let i = 0; i < elements.length; i += MAX_BUTTONS) out.push({ type: "actions", elements: elements.slice(i, i + MAX_BUTTONS) });
  return out;
}

/** A ten-cell bar with a percentage, or an hourglass when the fraction is unknown. */
function progressText(label: string, fraction?: number): string {
  const p = progressBar(fraction, "█", "░");
  return p ? `\`${p.bar}\` ${p.percent}% · ${escapeMrkdwn(label)}` : `:hourglass_flowing_sand: ${escapeMrkdwn(label)}`;
}

export function renderBlocks(blocks: MessageBlock[]): SlackBlock[] {
  const seen = new Map<string, number>();
  const out: SlackBlock[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text": out.push(...renderText(block)); break;
      case "sources": out.push(...renderSources(block)); break;
      case "actions": out.push(...renderButtons(block.buttons, seen)); break;
      case "progress": out.push({ type: "section", text: { type: "mrkdwn", text: progressText(block.label, block.fraction) } }); break;
    }
  }
  if (out.length <= MAX_BLOCKS) return out;
  // Keep the last actions block (feedback buttons) when trimming.
  const lastActions = out.findLastIndex((b) => b.type === "actions");
  const trimmed = out.slice(0, MAX_BLOCKS - 1);
  trimmed.push(lastActions >= MAX_BLOCKS - 1 ? out[lastActions]! : { type: "context", elements: [{ type: "mrkdwn", text: "(message shortened)" }] });
  return trimmed;
}

/** The notification text Slack shows in previews and uses for accessibility. */
function fallbackText(message: OutboundMessage): string {
  if (message.fallbackText) return message.fallbackText.slice(0, MAX_FALLBACK);
  for (const b of message.blocks) {
    if (b.type === "text") return b.text.slice(0, MAX_FALLBACK);
    if (b.type === "progress") return b.label.slice(0, MAX_FALLBACK);
  }
  return "Rounds";
}

/** Block Kit plus fallback text, ready for chat.postMessage / chat.update / chat.postEphemeral. */
export function renderMessage(message: OutboundMessage): { text: string; blocks: SlackBlock[] } {
  return { text: fallbackText(message), blocks: renderBlocks(message.blocks) };
}
