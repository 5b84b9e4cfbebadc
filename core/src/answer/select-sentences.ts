/**
 * Extractive answers: the sentences that answer the question, quoted first,
 * only from passages about the question's subject. Passages are ordered by
 * how well their title and section headings name the subject and the kind of
 * answer asked for (a "Treatment" or "Management" section for a treatment
 * question), then by retrieval rank. Sentences that only restate the question
 * are skipped; sentences skipped inside a quote are marked with an ellipsis.
 */
import { splitSentences, turnLabelOf } from "../ingest/chunker.ts";
import { terms } from "../text/analyze.ts";
import { type Alternative, withAlternatives } from "../text/synonyms.ts";
import { answerCues, asksWhatItIs, headingCues, type Intent, questionIntents, subjectTerms } from "./question-intent.ts";

export interface QuotablePassage {
  n: number;
  documentId: string;
  title: string;
  /** Document title and section path. */
  context?: string;
  text: string;
}

export interface Quotation {
  /** One `> sentence … sentence [n]` line per quoted passage, best first. */
  quotes: string[];
  cited: number[];
}

/** How much a subject term says which subject is meant (its IDF in the knowledge base); every term counts 1 without statistics. */
export type TermWeight = (term: string) => number;
const EVEN: TermWeight = () => 1;

/** The weighted share of `wanted` in `have`: a rare word ("maltase") names the subject more than a common one ("deficiency"). */
const share = (wanted: string[], have: Set<string>, weight: TermWeight) => {
  let all = 0;
  let held = 0;
  for (const t of wanted) {
    all += weight(t);
    if (have.has(t)) held += weight(t);
  }
  return all > 0 ? held / all : 0;
};
const overlap = (cues: Set<string>, have: Iterable<string>) => {
  let n = 0;
  for (const t of have) if (cues.has(t)) n++;
  return n;
};

interface ScoredPassage {
  p: QuotablePassage;
  rank: number;
  aboutHeading: number;
  aboutText: number;
  intentHeading: boolean;
  score: number;
}

/** How much the document most about the subject gains over the others (see `focus`). */
const DOCUMENT_FOCUS = 1;

/**
 * The heading words of the sections that answer a question: those of its main intent, or none when it asks
 * for nothing the cues read (the "definition" fallback of a question not in a definition's form: "urate
 * crystals under the microscope - crystal arthritis?"). Such a question does not ask for the overview, so no section is put
 * first for its heading and retrieval's order stands (issue #17, answer19 round).
 */
function sectionCues(question: string, intents: Intent[]): Set<string> {
  const primary = intents[0]!;
  return primary === "definition" && !asksWhatItIs(question) ? new Set() : headingCues(primary);
}

function scorePassages(passages: QuotablePassage[], cues: Set<string>, subject: string[], alternatives: readonly Alternative[], focus: ((p: QuotablePassage) => number) | undefined, weight: TermWeight, inOrder = false): ScoredPassage[] {
  // A document is as much about the subject as its most focused passage here (a lay question names the subject in
  // words the overview uses, not the "Treatment" section): its sections share that, so the anchor is the document about the subject.
  const documentFocus = new Map<string, number>();
  // Without a subject word that weighs anything (no subject, or only words the knowledge base never uses), no passage can hold it.
  const weighable = subject.some((t) => weight(t) > 0);
  if (focus) for (const p of passages) documentFocus.set(p.documentId, Math.max(documentFocus.get(p.documentId) ?? 0, focus(p)));
  const scored: ScoredPassage[] = passages.map((p, rank) => {
    // The subject named by another name ("Hypertension" for "high blood pressure") counts as named.
    const heading = withAlternatives(new Set(terms(p.context ?? p.title)), alternatives);
    const section = new Set(terms((p.context ?? "").split(" › ").slice(1).join(" ")));
    const text = withAlternatives(new Set(terms(p.text)), alternatives);
    const aboutHeading = share(subject, heading, weight);
    const aboutText = share(subject, new Set([...heading, ...text]), weight);
    const intentHeading = overlap(cues, section) > 0;
    // A passage that holds none of the subject's words is not about it, whatever its heading or document: it
    // earns neither the answering section's nor the document's credit (another condition's "Prevention"
    // section does not anchor an answer). Its own document's answering sections still follow the anchor (below).
    const holdsSubject = aboutText > 0 || !weighable;
    const score = 1 / (rank + 2) + aboutHeading + 0.5 * aboutText + (holdsSubject ? (intentHeading ? 0.6 : 0) + DOCUMENT_FOCUS * (documentFocus.get(p.documentId) ?? 0) : 0);
    return { p, rank, aboutHeading, aboutText, intentHeading, score };
  });
  // Passages already in answer order (rankForAnswer's) keep it: scored again from their new positions, a near tie could swap the anchor.
  if (inOrder) return scored;
  scored.sort((a, b) => b.score - a.score || a.rank - b.rank);
  // Within the anchor document, the sections that answer this kind of question come first: a lay question
  // shares more words with the page's overview than with its "Treatment" section, which is still what it asks for.
  const anchor = scored[0];
  if (!anchor || anchor.intentHeading) return scored;
  const answering = scored.filter((r) => r.p.documentId === anchor.p.documentId && r.intentHeading);
  return answering.length ? [...answering, ...scored.filter((r) => !answering.includes(r))] : scored;
}

/**
 * Passages in the order an answer should use them: about the subject in
 * title and headings, in a section that answers this kind of question, then
 * by retrieval rank. The first is the anchor an answer is built around.
 */
export function rankForAnswer<P extends QuotablePassage>(question: string, passages: P[], alternatives: readonly Alternative[] = [], focus?: (p: QuotablePassage) => number, weight: TermWeight = EVEN): P[] {
  const intents = questionIntents(question);
  return scorePassages(passages, sectionCues(question, intents), subjectTerms(question), alternatives, focus, weight).map((r) => r.p as P);
}

/** Whether a section (by its heading path) answers this kind of question. */
export function answersIntent(question: string, context: string | undefined): boolean {
  const section = new Set(terms((context ?? "").split(" › ").slice(1).join(" ")));
  return overlap(sectionCues(question, questionIntents(question)), section) > 0;
}

/**
 * The sentences of one passage that answer, in their order, with ellipses
 * where sentences are skipped; `answers` when its heading answers the
 * question's kind or a quoted sentence uses the words of that kind of answer.
 */
function quoteOf(passage: ScoredPassage, intents: Intent[], subject: string[], questionTerms: Set<string>, max: number, alternatives: readonly Alternative[], weight: TermWeight): { text: string; answers: boolean } | undefined {
  const headingTerms = new Set(terms(passage.p.context ?? passage.p.title));
  const cueSets = intents.map(answerCues);
  const headings = [passage.p.title, ...(passage.p.context ?? "").split(" › ")];
  const sentences = splitSentences(passage.p.text).map((raw, i) => {
    const s = i === 0 ? withoutHeading(raw, headings) : raw;
    const t = terms(s);
    const set = new Set(t);
    // What the sentence says beyond the question and the heading: a restatement says nothing new.
    const novel = t.filter((w) => !questionTerms.has(w) && !headingTerms.has(w)).length;
    const cue = Math.min(2, cueSets.reduce((a, c, k) => a + overlap(c, set) * (k === 0 ? 1 : 0.5), 0));
    const about = share(subject, withAlternatives(set, alternatives), weight);
    const first = i === 0 ? 0.3 : 0;
    const score = cue * 0.6 + about + first + Math.min(novel, 8) / 16;
    const usable = s.length >= 20 && !/\?\s*$/.test(s) && novel >= 2;
    return { s: s.trim(), i, score, usable, cued: overlap(cueSets[0]!, set) > 0 };
  });
  const usable = sentences.filter((x) => x.usable);
  if (usable.length === 0) return undefined;
  // Answering sections (the heading names the intent) read best from their start.
  const chosen = (passage.intentHeading
    ? usable.slice(0, max)
    : [...usable].sort((a, b) => b.score - a.score || a.i - b.i).slice(0, max)
  ).sort((a, b) => a.i - b.i);
  const lines = passage.p.text.split("\n");
  const text = chosen.map((x, k) => {
    const quoted = withTurn(lines, x.s);
    return k > 0 && x.i !== chosen[k - 1]!.i + 1 ? `… ${quoted}` : quoted;
  }).join(" ");
  return { text, answers: passage.intentHeading || chosen.some((x) => x.cued) };
}

/**
 * A page's title line that runs into its first sentence (a PDF has no marked
 * headings: "Clozapine monitoring Full blood count is checked …") is not
 * quoted: the heading, as written at the start and followed by a capital
 * letter, is left out of the sentence.
 */
function withoutHeading(sentence: string, headings: string[]): string {
  for (const heading of headings.map((h) => h.trim()).filter((h) => h.length >= 3)) {
    if (!sentence.toLowerCase().startsWith(heading.toLowerCase())) continue;
    const rest = sentence.slice(heading.length).trimStart();
    if (/^\p{Lu}/u.test(rest) && rest.length >= 20) return rest;
  }
  return sentence;
}

/**
 * A sentence from a transcript cites its own turn (speaker and the turn's
 * time, from the chunk line it sits on), never the chunk's window; other
 * sentences are quoted as they are.
 */
function withTurn(lines: string[], sentence: string): string {
  const line = lines.find((l) => l.includes(sentence));
  const label = line ? turnLabelOf(line) : undefined;
  if (!label?.time) return sentence;
  return `"${turnLabelOf(sentence).text}" (${label.speaker ?? "unlabelled speaker"} ${label.time})`;
}

/** The share of the first quote's subject words (IDF-weighted) a later quote's passage must hold to be about the same subject. */
const ABOUT_AS_FIRST = 0.5;

/**
 * Quotes for an extractive answer: at most `maxQuotes` passages, all from
 * the document that is most about the question's subject (or from documents
 * naming the subject as clearly in their titles), answer sentences first.
 * No padding: a quote after the first comes from a passage about the subject,
 * holding at least half of the first one's IDF-weighted share of the
 * subject's words (in its headings and text; a page may name the subject in
 * other words section by section), that answers the question's kind
 * (its heading, or the words of the sentences quoted); otherwise it is left
 * out, and the answer has fewer quotes.
 */
export function selectSentences(question: string, passages: QuotablePassage[], options: {
  maxQuotes?: number; maxSentences?: number; alternatives?: readonly Alternative[]; focus?: (p: QuotablePassage) => number; weight?: TermWeight;
  /** The passages are already in the order an answer should use them (`rankForAnswer`'s, with the same options): the first is the anchor. */
  ranked?: boolean;
} = {}): Quotation {
  const alternatives = options.alternatives ?? [];
  const maxQuotes = options.maxQuotes ?? 2;
  const maxSentences = options.maxSentences ?? 3;
  const intents = questionIntents(question);
  const subject = subjectTerms(question);
  const questionTerms = new Set(terms(question));
  const weight = options.weight ?? EVEN;
  const ranked = scorePassages(passages, sectionCues(question, intents), subject, alternatives, options.focus, weight, options.ranked);
  const anchor = ranked[0];
  if (!anchor) return { quotes: [], cited: [] };
  // No padding from other conditions: other documents only when their titles name the subject as well as the anchor's does.
  const candidates = ranked.filter((r) => r.p.documentId === anchor.p.documentId || (anchor.aboutHeading > 0 && r.aboutHeading >= anchor.aboutHeading));
  const quotes: string[] = [];
  const cited: number[] = [];
  let first: ScoredPassage | undefined;
  for (const c of candidates) {
    const quote = quoteOf(c, intents, subject, questionTerms, maxSentences, alternatives, weight);
    if (!quote) continue;
    if (first && (c.aboutText < ABOUT_AS_FIRST * first.aboutText || !quote.answers)) continue;
    first ??= c;
    quotes.push(`> ${quote.text} [${c.p.n}]`);
    cited.push(c.p.n);
    if (quotes.length === maxQuotes) break;
  }
  return { quotes, cited };
}
