/**
 * Whether a passage is *about* the question's subject, not only mentions its
 * words. A word of the subject is central to a passage when its heading path
 * (document title and sections) names it, or its first sentence has it in
 * the subject role, before the sentence's first verb (what a passage opens
 * by talking about is what it is about: "Hemorrhoids are swollen veins…";
 * "Symptoms include chest pain, anxiety…" is about symptoms),
 * the passage uses it more than once, or the passage holds several of the
 * subject's words together (a description in lay words); a passing mention
 * ("anxiety" once in a list of symptoms of something else) is not. A
 * passage's focus is the IDF-weighted share of the subject's words central to
 * it; the evidence check asks whether *any* retrieved candidate is about the
 * subject (answer-question.ts), so which passages fusion ranks first does not
 * decide a refusal. A question about a condition the knowledge base never
 * treats ("symptoms of anxiety disorders") finds its words only in passing.
 * As with unknown words, the lack of focus counts in full only from
 * `VOCABULARY_CHUNKS` indexed chunks up, in proportion below.
 */
import { splitSentences } from "../ingest/chunker.ts";
import { stem, terms } from "../text/analyze.ts";
import { type Alternative, countsWithAlternatives, withAlternatives } from "../text/synonyms.ts";
import { idf, knownFrequency, VOCABULARY_CHUNKS } from "./unknown-subject.ts";

export interface FocusPassage {
  title: string;
  context?: string;
  text: string;
}

/** General English verbs (finite forms and auxiliaries) that end a sentence's subject. */
const VERBS = new Set(("is are was were be been being am can could may might must shall should will would has have had does do did " +
  "include includes included cause causes caused affect affects affected occur occurs occurred refer refers referred mean means " +
  "happen happens develop develops result results lead leads involve involves appear appears make makes become becomes").split(" "));

/** The words of a passage's first sentence before its first verb: what the passage opens by talking about. */
export function openingSubject(text: string): string {
  const first = splitSentences(text)[0] ?? "";
  const ws = first.split(/\s+/);
  const verb = ws.findIndex((w) => VERBS.has(w.toLowerCase().replace(/[^a-z]/g, "")));
  // No verb found (a heading-like line, a list item): nothing is in the subject role.
  return verb > 0 ? ws.slice(0, verb).join(" ") : "";
}

/** Distinct subject words one passage must hold to describe the subject by themselves. */
const DESCRIBING_WORDS = 3;

/**
 * The focus (0..1) of one passage on the subject: the IDF-weighted share of
 * the subject words central to it, scaled by the knowledge base's size; 1
 * for every passage without subject words the index knows (nothing to check).
 */
export function focusOn(subject: string[], vocabulary: { chunks: number; frequencies: Map<string, number> }, alternatives: readonly Alternative[] = []): (p: FocusPassage) => number {
  const weighted = subject.flatMap((w) => {
    const df = knownFrequency(w, vocabulary.frequencies, alternatives);
    return df === undefined || df === 0 ? [] : [{ term: stem(w), weight: idf(df, vocabulary.chunks) }];
  });
  const all = weighted.reduce((a, w) => a + w.weight, 0);
  // A small knowledge base says most things once (a clinic handbook mentions driving home in one sentence): lack of focus counts in proportion to its size.
  const scale = Math.min(1, vocabulary.chunks / VOCABULARY_CHUNKS);
  return (p) => {
    if (all === 0) return 1;
    // A word is central also when another name for it is ("hypertension" for "high blood pressure").
    const heading = withAlternatives(new Set([...terms(p.context ?? p.title), ...terms(openingSubject(p.text))]), alternatives);
    const raw = new Map<string, number>();
    for (const t of terms(p.text)) raw.set(t, (raw.get(t) ?? 0) + 1);
    const counts = countsWithAlternatives(raw, alternatives);
    // A passage that holds several of the subject's words together describes it (a paraphrase in lay words): all of them count.
    const describes = weighted.filter((w) => counts.has(w.term) || heading.has(w.term)).length >= DESCRIBING_WORDS;
    const central = weighted.reduce((a, w) => a + (heading.has(w.term) || (counts.get(w.term) ?? 0) >= (describes ? 1 : 2) ? w.weight : 0), 0);
    return 1 - (1 - central / all) * scale;
  };
}

/** The best focus among `passages` (0 without passages; see `focusOn`). */
export function subjectFocus(subject: string[], vocabulary: { chunks: number; frequencies: Map<string, number> }, passages: FocusPassage[], alternatives: readonly Alternative[] = []): number {
  const focus = focusOn(subject, vocabulary, alternatives);
  return Math.max(0, ...passages.map(focus));
}
