import type { MessageBlock } from "@rounds/core";

/** Renders neutral message blocks as terminal text. */
export function renderBlocks(blocks: MessageBlock[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case "text":
        lines.push(b.tone === "warning" ? `⚠ ${b.text}` : b.tone === "error" ? `✖ ${b.text}` : b.text);
        break;
      case "sources":
        lines.push("", "Sources:");
        for (const s of b.items) lines.push(`  [${s.n}] ${s.title}${s.locator ? ` — ${s.locator}` : ""}`);
        break;
      case "actions":
        lines.push(`(${b.buttons.map((x) => x.label).join(" | ")})`);
        break;
      case "progress":
        lines.push(`${b.label}${b.fraction === undefined ? "" : ` ${Math.round(b.fraction * 100)}%`}`);
        break;
    }
  }
  return lines.join("\n");
}
