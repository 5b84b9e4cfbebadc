/**
 * Citation checks for generated answers: every `[n]` must point at a
 * passage that was given, and every paragraph that says something must cite.
 */

export type CitationVerdict =
  | { ok: true; cited: number[] }
  | { ok: false; reason: "uncited" | "invalid_citation" | "model_declined"; cited: number[] };

/** The model's signal that the passages do not contain the answer. */
export const NOT_IN_CONTEXT = "NOT_IN_CONTEXT";

/** Numbers cited as [1], [2, 3] or [1][4]. */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g)) {
    for (const n of m[1]!.split(/[,;]/)) out.push(Number(n.trim()));
  }
  return out;
}

export function checkCitations(text: string, passageCount: number): CitationVerdict {
  const cited = [...new Set(citedNumbers(text))].sort((a, b) => a - b);
  if (text.includes(NOT_IN_CONTEXT)) return { ok: false, reason: "model_declined", cited };
  if (cited.some((n) => n < 1 || n > passageCount)) return { ok: false, reason: "invalid_citation", cited };
  if (cited.length === 0) return { ok: false, reason: "uncited", cited };
  // A paragraph with a claim (a sentence of 5+ words) must carry its own citation.
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  for (const p of paragraphs) {
    const claim = p.split(/\s+/).length >= 5 && !/:$/.test(p);
    if (claim && citedNumbers(p).length === 0) return { ok: false, reason: "uncited", cited };
  }
  return { ok: true, cited };
}
