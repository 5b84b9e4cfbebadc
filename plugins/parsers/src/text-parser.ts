import type { ParseInput, ParsedDocument, ParsedSection, Parser } from "@rounds/core";
import { decodeUtf8, parseFailure } from "./fail.ts";

/** Plain text: paragraphs separated by blank lines. */
export const textParser: Parser = {
  specificationVersion: "v1",
  id: "text",
  mediaTypes: ["text/plain"],
  async parse(input: ParseInput): Promise<ParsedDocument> {
    const text = decodeUtf8(input.bytes);
    const sections = text.split(/\n\s*\n/).map((t) => t.replace(/\s+/g, " ").trim()).filter(Boolean).map((t): ParsedSection => ({ text: t }));
    if (sections.length === 0) throw parseFailure("empty", "The document has no text.");
    return { kind: "document", sections };
  },
};

/** Markdown: sections under their heading path (`#`, `##`, …). */
export const markdownParser: Parser = {
  specificationVersion: "v1",
  id: "markdown",
  mediaTypes: ["text/markdown"],
  async parse(input: ParseInput): Promise<ParsedDocument> {
    const text = decodeUtf8(input.bytes);
    const sections: ParsedSection[] = [];
    const path: string[] = [];
    let title: string | undefined;
    let buffer: string[] = [];
    const flush = () => {
      const body = buffer.join("\n").split(/\n\s*\n/).map((p) => stripInline(p)).filter(Boolean);
      for (const p of body) sections.push({ text: p, ...(path.length ? { headings: [...path] } : {}) });
      buffer = [];
    };
    let inFence = false;
    for (const line of text.split(/\r?\n/)) {
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      const m = !inFence ? /^(#{1,6})(?:\s+(.*?))?\s*#*\s*$/.exec(line) : null;
      if (m) {
        flush();
        const level = m[1]!.length;
        path.splice(level - 1);
        while (path.length < level - 1) path.push("");
        path[level - 1] = stripInline(m[2] ?? "");
        if (level === 1 && !title) title = path[0];
        continue;
      }
      buffer.push(line);
    }
    flush();
    const cleaned = sections.map((s) => (s.headings ? { ...s, headings: s.headings.filter(Boolean) } : s));
    if (cleaned.length === 0) throw parseFailure("empty", "The document has no text.");
    return { kind: "document", sections: cleaned, ...(title ? { title } : {}) };
  },
};

function stripInline(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|\*|_|`)/g, "")
    .replace(/^\s*[-*+]\s+/gm, "• ")
    .replace(/^\s*>\s?/gm, "")
    .replace(/\s+/g, " ")
    .trim();
}
