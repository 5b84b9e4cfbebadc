/**
 * The text rules every note section follows, written by a model, by the
 * extractive fallback or by a clinician's edit: a word limit cut at a
 * sentence end, `{{RED:...}}` risk markers kept closed and listed, and
 * citations kept only while the cut text still shows their label.
 */
import type { NoteSection } from "./notes-repository.ts";
import { citeLabel } from "./transcript-turns.ts";

/** `{{RED:...}}` markers, in order. */
export function parseRisk(text: string): string[] {
  return [...text.matchAll(/\{\{RED:([\s\S]*?)\}\}/g)].map((m) => m[1]!.trim()).filter(Boolean);
}

export const countWords = (text: string): number => text.replace(/\{\{RED:|\}\}/g, " ").split(/\s+/).filter(Boolean).length;

/** Cuts text to `limit` words, at a sentence end when one is close, keeping `{{RED:...}}` markers closed. */
export function limitWords(text: string, limit: number): string {
  if (countWords(text) <= limit) return text.trim();
  const tokens = text.trim().split(/\s+/);
  const kept: string[] = [];
  let words = 0;
  for (const token of tokens) {
    const w = countWords(token);
    if (words + w > limit) break;
    kept.push(token);
    words += w;
  }
  let cut = kept.join(" ");
  const sentenceEnd = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("! "), cut.lastIndexOf("? "));
  if (sentenceEnd > cut.length * 0.6) cut = cut.slice(0, sentenceEnd + 1);
  else cut = `${cut.replace(/[,;:]$/, "")}…`;
  const open = (cut.match(/\{\{RED:/g) ?? []).length;
  const closed = (cut.match(/\}\}/g) ?? []).length;
  return open > closed ? `${cut}}}` : cut;
}

export const EMPTY_SECTION = "Nothing in this transcript for this section.";

/** A section as stored: cut to the limit, its risk markers listed, and only the citations its text still shows. */
export function limitSection(section: NoteSection, limit: number): NoteSection {
  const text = limitWords(section.text.trim() || EMPTY_SECTION, limit);
  const citations = (section.citations ?? []).filter((c) => text.includes(citeLabel(c)));
  return { ...section, text, risk: parseRisk(text), citations };
}
