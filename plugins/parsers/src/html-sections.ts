import { parse, NodeType, type HTMLElement, type Node } from "node-html-parser";
import type { ParsedSection } from "@rounds/core";

const boilerplate = "script,style,noscript,nav,header,footer,aside,form,iframe,svg,button,template,[role=navigation],[role=banner],[role=contentinfo],[aria-hidden=true]";
const blocks = new Set(["p", "li", "td", "th", "pre", "blockquote", "dd", "dt", "figcaption", "caption"]);

/**
 * Turns HTML into sections under their heading path, dropping page chrome
 * (navigation, headers, footers, scripts, forms). Shared by the HTML and
 * DOCX parsers (mammoth renders DOCX to HTML with real headings).
 */
export function htmlToSections(html: string): { title?: string; sections: ParsedSection[] } {
  const root = parse(html, { blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  for (const el of root.querySelectorAll(boilerplate)) el.remove();
  const main = root.querySelector("main") ?? root.querySelector("article") ?? root.querySelector("body") ?? root;
  const title = root.querySelector("title")?.text.trim() || undefined;
  const sections: ParsedSection[] = [];
  const path: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.tagName?.toLowerCase() ?? "";
    const h = /^h([1-6])$/.exec(tag);
    if (h) {
      const level = Number(h[1]);
      path.splice(level - 1);
      while (path.length < level - 1) path.push("");
      path[level - 1] = clean(el.text);
      return;
    }
    if (blocks.has(tag)) {
      const text = clean(el.text);
      if (text) sections.push({ text: tag === "li" ? `• ${text}` : text, ...(path.filter(Boolean).length ? { headings: path.filter(Boolean) } : {}) });
      return;
    }
    const hasBlockChildren = el.childNodes.some((c) => c.nodeType === NodeType.ELEMENT_NODE);
    if (!hasBlockChildren && ["div", "section", "span"].includes(tag)) {
      const text = clean(el.text);
      if (text) sections.push({ text, ...(path.filter(Boolean).length ? { headings: path.filter(Boolean) } : {}) });
      return;
    }
    for (const child of el.childNodes) walk(child);
  };
  walk(main);
  return { ...(title ? { title } : {}), sections };
}

function clean(s: string): string {
  return s.replace(/&nbsp;/g, " ").replace(/\s+/g, " ").trim();
}
