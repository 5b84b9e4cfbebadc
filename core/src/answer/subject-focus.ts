/**
 * Whether the passages an answer would quote are *about* the question's
 * subject, not only mention its words. A word of the subject is central to a
 * passage when its heading path (document title and sections) names it or the
 * passage uses it more than once, or the passage holds several of the
 * subject's words together (a description in lay words); a passing mention
 * ("anxiety" once in a list of symptoms of something else) is not. The focus is the IDF-weighted share
 * of the subject's words that are central to one passage, the best of the
 * first few: a question about a condition the knowledge base never treats
 * ("symptoms of anxiety disorders") finds its words only in passing. As with
 * unknown words, the lack of focus counts in full only from
 * `VOCABULARY_CHUNKS` indexed chunks up, in proportion below.
 */
import { stem, terms } from "../text/analyze.ts";
import { type Alternative, countsWithAlternatives, withAlternatives } from "../text/synonyms.ts";
import { idf, knownFrequency, VOCABULARY_CHUNKS } from "./unknown-subject.ts";

export interface FocusPassage {
  title: string;
  context?: string;
  text: string;
}

/** Distinct subject words one passage must hold to describe the subject by themselves. */
const DESCRIBING_WORDS = 3;

/** Passages weighed (the first ones an answer quotes from). */
const FOCUS_PASSAGES = 3;

/**
 * IDF-weighted share (0..1) of the subject words central to the best of the
 * first passages, scaled by the knowledge base's size; 1 without subject
 * words the index knows (nothing to check).
 */
export function subjectFocus(subject: string[], vocabulary: { chunks: number; frequencies: Map<string, number> }, passages: FocusPassage[], alternatives: readonly Alternative[] = []): number {
  const weighted = subject.flatMap((w) => {
    const df = knownFrequency(w, vocabulary.frequencies, alternatives);
    return df === undefined || df === 0 ? [] : [{ term: stem(w), weight: idf(df, vocabulary.chunks) }];
  });
  const all = weighted.reduce((a, w) => a + w.weight, 0);
  if (all === 0) return 1;
  let best = 0;
  for (const p of passages.slice(0, FOCUS_PASSAGES)) {
    // A word is central also when another name for it is ("hypertension" for "high blood pressure").
    const heading = withAlternatives(new Set(terms(p.context ?? p.title)), alternatives);
    const raw = new Map<string, number>();
    for (const t of terms(p.text)) raw.set(t, (raw.get(t) ?? 0) + 1);
    const counts = countsWithAlternatives(raw, alternatives);
    // A passage that holds several of the subject's words together describes it (a paraphrase in lay words): all of them count.
    const describes = weighted.filter((w) => counts.has(w.term) || heading.has(w.term)).length >= DESCRIBING_WORDS;
    const central = weighted.reduce((a, w) => a + (heading.has(w.term) || (counts.get(w.term) ?? 0) >= (describes ? 1 : 2) ? w.weight : 0), 0);
    best = Math.max(best, central / all);
  }
  // A small knowledge base says most things once (a clinic handbook mentions driving home in one sentence): lack of focus counts in proportion to its size.
  return 1 - (1 - best) * Math.min(1, vocabulary.chunks / VOCABULARY_CHUNKS);
}
