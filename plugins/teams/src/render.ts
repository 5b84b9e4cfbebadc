/**
 * Neutral message blocks → a Teams Adaptive Card (schema 1.4, the version
 * every Teams client renders) plus a plain-text fallback for notifications
 * and clients that cannot show cards.
 */
import { progressBar, type ButtonSpec, type MessageBlock, type OutboundMessage, type SourceItem } from "@rounds/core";

export const adaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  body: CardElement[];
  fallbackText: string;
  msteams: { width: "Full" };
}

/** What an `Action.Submit` carries back; Teams posts it as the `value` of a message activity. */
interface SubmitData {
  actionId: string;
  value: string;
}

const toneStyle: Record<string, Partial<CardElement>> = {
  warning: { color: "Warning" },
  error: { color: "Attention", weight: "Bolder" },
  muted: { isSubtle: true },
  normal: {},
};

export function renderCard(message: OutboundMessage): AdaptiveCard {
  const body: CardElement[] = [];
  for (const block of message.blocks) body.push(...renderBlock(block));
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.4",
    body,
    fallbackText: fallbackText(message),
    msteams: { width: "Full" },
  };
}

function renderBlock(block: MessageBlock): CardElement[] {
  switch (block.type) {
    case "text":
      return [{ type: "TextBlock", text: block.text, wrap: true, ...toneStyle[block.tone ?? "normal"] }];
    case "sources":
      if (block.items.length === 0) return [];
      return [
        { type: "TextBlock", text: "Sources", weight: "Bolder", size: "Small", spacing: "Medium", separator: true, wrap: true },
        ...block.items.map((item) => ({ type: "TextBlock", text: sourceLine(item, true), wrap: true, size: "Small", spacing: "None" })),
      ];
    case "actions":
      if (block.buttons.length === 0) return [];
      return [{ type: "ActionSet", actions: block.buttons.map(submitAction) }];
    case "progress":
      return [
        { type: "TextBlock", text: progressLine(block.label, block.fraction), wrap: true, isSubtle: true },
      ];
  }
}

function submitAction(button: ButtonSpec): CardElement {
  const data: SubmitData = { actionId: button.actionId, value: button.value };
  return {
    type: "Action.Submit",
    title: button.label,
    data,
    ...(button.style === "primary" ? { style: "positive" } : button.style === "danger" ? { style: "destructive" } : {}),
  };
}

/** `[2] Title — p. 3`, the title linked when the source has a URL (cards render Markdown links). */
function sourceLine(item: SourceItem, markdown: boolean): string {
  const title = markdown && item.url ? `[${escapeMarkdown(item.title)}](${item.url})` : markdown ? escapeMarkdown(item.title) : item.title;
  return `[${item.n}] ${title}${item.locator ? ` — ${item.locator}` : ""}`;
}

function progressLine(label: string, fraction: number | undefined): string {
  const p = progressBar(fraction, "▓", "░");
  return p ? `⏳ ${label} ${p.bar} ${p.percent}%` : `⏳ ${label}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([[\]()*_`\\])/g, "\\$1");
}

/** The plain-text form of a message: the card's fallback and the notification summary. */
export function fallbackText(message: OutboundMessage): string {
  if (message.fallbackText) return message.fallbackText;
  return plainText(message.blocks);
}

export function plainText(blocks: MessageBlock[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text":
        lines.push(block.text);
        break;
      case "sources":
        if (block.items.length > 0) lines.push("Sources:", ...block.items.map((i) => sourceLine(i, false) + (i.url ? ` <${i.url}>` : "")));
        break;
      case "actions":
        if (block.buttons.length > 0) lines.push(block.buttons.map((b) => `[${b.label}]`).join(" "));
        break;
      case "progress":
        lines.push(progressLine(block.label, block.fraction));
        break;
    }
  }
  return lines.join("\n") || "Rounds";
}
