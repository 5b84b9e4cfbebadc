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
import { stem, terms, words as wordsOf } from "../text/analyze.ts";
import { partsOfSpeech } from "../text/near-spellings.ts";
import { type Alternative, countsWithAlternatives, withAlternatives } from "../text/synonyms.ts";
import { personOrNoNoun } from "./off-topic.ts";
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

/**
 * Whether WordNet lists the word as an adjective and as no noun but a person ("diabetic", "epileptic", "renal"): written
 * before another word it modifies that word ("diabetic foot ulcers" is not about diabetes).
 */
function onlyModifier(word: string): boolean {
  return partsOfSpeech(word).has("adj") && personOrNoNoun(word);
}

/** How a question names a document's title (`titleNaming`). */
export interface TitleNaming {
  /** The IDF-weighted share (0..1) of the title's words the question names. */
  share: number;
  /** The question's words that are part of that name: the naming words and the unknown words written directly before them ("Comel" in "Comel-Netherton"). */
  name: Set<string>;
}

/**
 * How fully a question names a document by its title: the IDF-weighted share
 * (0..1) of the title's words the question holds, itself or by another name
 * (a short form the title spells out, "OPCA"; a respelling; a synonym). A
 * question that names a page's title ("Comel-Netherton disease" for the page
 * "Netherton syndrome") is about that page's subject even where its other
 * names are words the knowledge base never uses; a generic title word
 * ("syndrome", "disease") weighs little, so naming the rare one names the page.
 *
 * English puts the head of a name last. So a title word directly followed by
 * a word the knowledge base never uses (itself or by a one-word respelling)
 * modifies it and names something else ("diabetic ketoacidosis" is not
 * "Diabetes"), while unknown words directly before a naming word are part of
 * the name ("Comel" in "Comel-Netherton disease"): `name` holds those, the
 * only unknown words the naming excuses. A short form read as the letters of
 * one title word names nothing ("ACL" is not "achondroplasia"); another name
 * counts only when the title holds all of it ("vitamin C" for "C" does not
 * name "Vitamins"). `vocabulary` holds the title words' and the question's
 * subject words' document frequencies; a title word the index holds no lexeme
 * for is left out, and a title without known words is named by nothing (0).
 */
export function titleNaming(question: string, vocabulary: { chunks: number; frequencies: Map<string, number> }, alternatives: readonly Alternative[] = []): (title: string) => TitleNaming {
  const unknown = (w: string) => vocabulary.frequencies.get(w) === 0
    && !alternatives.some((a) => a.words.length === 1 && a.for.includes(w) && (vocabulary.frequencies.get(a.words[0]!) ?? 0) > 0);
  // Within a phrase (no punctuation between), a word's right neighbour is what it modifies.
  const phrases = question.split(/[^\p{L}\p{N}'\s-]+/u).map((phrase) => wordsOf(phrase)).filter((ws) => ws.length);
  // A member of a family is told by a letter or number written after the family's name ("vitamin D", "type 2", "factor V").
  const members = new Set((question.match(/\b(?:[A-Z]|[IVX]+|[A-Z]?\d+[A-Z]?\d*)\b/g) ?? []).map((w) => w.toLowerCase()));
  const heads = phrases.map((ws) => ws.map((w, i) => !(i + 1 < ws.length && unknown(ws[i + 1]!))));
  // The question's words that name something: each with the member it names when it names one of a family, and whether it is
  // an adjective modifying the next word ("diabetic" in "diabetic foot"), which names only a title word written the same way.
  const asked: Array<{ term: string; word: string; member?: string; modifies: boolean }> = [];
  for (const [p, ws] of phrases.entries()) {
    for (const [i, w] of ws.entries()) {
      if (!heads[p]![i]) continue;
      const next = ws[i + 1];
      const member = next !== undefined && members.has(next) ? next : undefined;
      const modifies = next !== undefined && member === undefined && terms(next).length > 0 && onlyModifier(w);
      for (const term of terms(w)) asked.push({ term, word: w, ...(member && { member }), modifies });
    }
  }
  // A one-word other name stands for a question word only where it names something ("diabetes" for "diabetic" in "diabetic
  // nerve pain" does not); a phrase's other name stands for the whole phrase ("Kawasaki disease" for "mucocutaneous lymph node syndrome").
  const askedTerms = new Set(asked.map((a) => a.term));
  const namingTerms = new Set(asked.filter((a) => !a.modifies).map((a) => a.term));
  // A short form read as the letters of one word ("ACL" in "achondroplasia") is a guess, not a name.
  const shortForms = new Set((question.match(/\b[A-Z][A-Z0-9]+\b/g) ?? []).map((w) => w.toLowerCase()));
  const others = alternatives.filter((a) => !(a.words.length === 1 && a.for.every((w) => shortForms.has(w))) && a.for.flatMap((w) => terms(w)).every((t) => (a.for.length === 1 ? namingTerms : askedTerms).has(t)));
  return (title) => {
    // Another name names the title only whole ("vitamin C" for "C" does not name "Vitamins").
    const titleTerms = new Set(terms(title));
    // A family's name with a member's letter names a title that holds the member ("vitamin D" names "Vitamin D deficiency", not "Vitamins").
    const usable = asked.filter((a) => a.member === undefined || titleTerms.has(a.member));
    // A title word is named by a question word of its stem (an adjective modifying another word only when written the same way), or by another name.
    const byOtherName = new Set<string>();
    const names = (w: string, t: string) => byOtherName.has(t) || usable.some((a) => a.term === t && (!a.modifies || a.word === w));
    const naming = new Set<string>();
    for (const other of others) {
      const ts = other.words.flatMap((w) => terms(w));
      if (!ts.length || !ts.every((t) => titleTerms.has(t))) continue;
      for (const t of ts) byOtherName.add(t);
      for (const w of other.for) for (const t of terms(w)) naming.add(t);
    }
    let named = 0;
    let all = 0;
    for (const w of new Set(wordsOf(title))) {
      const df = vocabulary.frequencies.get(w);
      if (df === undefined) continue;
      const weight = idf(df, vocabulary.chunks);
      all += weight;
      if (terms(w).some((t) => names(w, t))) {
        named += weight;
        for (const t of terms(w)) naming.add(t);
      }
    }
    // The question's words of the name: those naming the title, and the unknown words written directly before one.
    const name = new Set<string>();
    for (const [p, ws] of phrases.entries()) {
      for (let i = ws.length - 1; i >= 0; i--) {
        if (!heads[p]![i] || !terms(ws[i]!).some((t) => naming.has(t))) continue;
        name.add(ws[i]!);
        for (let j = i - 1; j >= 0 && unknown(ws[j]!); j--) name.add(ws[j]!);
      }
    }
    return { share: all > 0 ? named / all : 0, name };
  };
}
