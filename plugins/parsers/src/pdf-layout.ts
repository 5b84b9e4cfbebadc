/**
 * Reading order for a PDF's text layer, without the furniture of the page:
 * margin line numbers (common in regulatory drafts: "Drug7" was "Drug" plus
 * line 7), running headers and footers repeated across pages, and
 * table-of-contents pages (lines ending in dot leaders and a page number).
 * Works on positioned text items, one page at a time, then across pages.
 */

export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const NUMBER = /^\d{1,4}$/;

/** Groups items into lines (same baseline within half a line height), left to right, dropping margin line numbers. */
export function pageLines(items: TextItem[]): string[] {
  const visible = items.filter((i) => i.str.trim() !== "");
  if (visible.length === 0) return [];
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextItem[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    const tolerance = Math.max(2, (item.height || 10) / 2);
    if (row && Math.abs(row[0]!.y - item.y) <= tolerance) row.push(item);
    else rows.push([item]);
  }
  // The text column's left edge: the most common start of lines that do not begin with a bare number.
  const starts = rows.map((r) => [...r].sort((a, b) => a.x - b.x)).map((r) => r.find((i) => !NUMBER.test(i.str.trim()))?.x).filter((x): x is number => x !== undefined);
  const counts = new Map<number, number>();
  for (const x of starts) counts.set(Math.round(x), (counts.get(Math.round(x)) ?? 0) + 1);
  const left = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const right = Math.max(...visible.filter((i) => !NUMBER.test(i.str.trim())).map((i) => i.x + i.width));
  return rows.map((row) => {
    const inOrder = [...row].sort((a, b) => a.x - b.x);
    // A bare number outside the text column, with text on its line, is a margin line number.
    const kept = inOrder.filter((i) => !(NUMBER.test(i.str.trim()) && inOrder.length > 1 && (i.x + i.width <= left + 1 || i.x >= right - 1)));
    let line = "";
    let end = -Infinity;
    for (const i of kept) {
      const gap = i.x - end;
      line += line && gap > 0.15 * (i.height || 10) && !/\s$/.test(line) && !/^\s/.test(i.str) ? ` ${i.str}` : i.str;
      end = i.x + i.width;
    }
    return line.replace(/\s+/g, " ").trim();
  }).filter(Boolean);
}

const shape = (line: string) => line.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
const TOC_LINE = /(\.{3,}|…{2,}|(\.\s){3,})\s*\d{1,4}$|\s\d{1,4}$/;

/** A table-of-contents page: a contents heading or most lines ending in dot leaders and a page number. */
export function isTocPage(lines: string[]): boolean {
  if (lines.length < 3) return false;
  const leaders = lines.filter((l) => /(\.{3,}|…{2,}|(\.\s){3,})\s*\d{1,4}$/.test(l)).length;
  const numbered = lines.filter((l) => TOC_LINE.test(l)).length;
  const heading = lines.slice(0, 3).some((l) => /^(table of )?contents$/i.test(l.trim()));
  return leaders / lines.length >= 0.4 || (heading && numbered / lines.length >= 0.5);
}

/**
 * Removes running headers and footers: a first or last line whose shape
 * (digits folded) repeats on at least half of the pages, when there are
 * three pages or more.
 */
export function dropRunningLines(pages: string[][]): string[][] {
  if (pages.length < 3) return pages;
  const repeated = (pick: (lines: string[]) => string[]) => {
    const counts = new Map<string, number>();
    for (const p of pages) for (const s of new Set(pick(p).map(shape))) counts.set(s, (counts.get(s) ?? 0) + 1);
    return new Set([...counts].filter(([, n]) => n >= Math.max(2, pages.length / 2)).map(([s]) => s));
  };
  const heads = repeated((l) => l.slice(0, 2));
  const feet = repeated((l) => l.slice(-2));
  return pages.map((lines) => lines.filter((l, i) => !((i < 2 && heads.has(shape(l))) || (i >= lines.length - 2 && feet.has(shape(l))))));
}

/** Metadata titles that are file names or tool defaults rather than a title. */
export function isJunkTitle(title: string | undefined): boolean {
  const t = (title ?? "").trim();
  if (t.length < 3) return true;
  return /\.(ai|indd|docx?|pdf|pptx?|xlsx?|qxp|psd|tmp|rtf|txt)$/i.test(t) || /^(microsoft (word|powerpoint) - |untitled|document\d*$)/i.test(t) || (/_/.test(t) && !/\s/.test(t));
}

/** A title from the page: the first line that reads like a heading (letters, not too long, not a sentence fragment). */
export function titleFromLines(lines: string[]): string | undefined {
  return lines.find((l) => l.length >= 4 && l.length <= 120 && /\p{L}{3}/u.test(l) && !/[.,;:]$/.test(l) && !TOC_LINE.test(l));
}
