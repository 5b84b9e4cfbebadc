/**
 * Whether a question is about what the knowledge base is about at all, read
 * from the knowledge base itself and from WordNet's sense inventory, never
 * from a list of off-topic topics (a clinic may load any knowledge base).
 * Independent of the unknown-subject check (unknown-subject.ts): a word the
 * knowledge base uses somewhere can still be foreign to the question.
 *
 * An everyday question often borrows a word the knowledge base uses in
 * another sense ("a cold brew", "the heart of the old town", "a virus on my
 * laptop", "the operation of a forklift"). The borrowed word finds passages;
 * what gives the question away is the rest of it: everyday things ("brew",
 * "laptop", "forklift") that the knowledge base never discusses beside the
 * question's other words. A subject word is *foreign* when
 *
 * - it is an everyday noun (`everydayNoun`): WordNet lists it as a common
 *   noun, not as a person, and with no health sense (a part of the body, a
 *   bodily process, a condition or a substance: lexicographer files
 *   noun.body, noun.process, noun.state, noun.substance), so "cold",
 *   "heart", "virus", "operation", "fever", a lay name of a symptom or drug,
 *   "son" or "doctor", or an eponym ("Ewing's") is never foreign;
 * - and no passage of the retrieved candidate set (the knowledge base's
 *   passages nearest the whole question) holds it beside another of the
 *   question's subject words, under its own name or one of its alternatives:
 *   the knowledge base may use "coffee" or "laptop" somewhere, never with
 *   what the question asks about them. The other word must be one the
 *   knowledge base uses: beside none (a one-word subject) nothing is foreign.
 *
 * The evidence grows with the knowledge base: a few dozen passages rarely
 * hold any two words together, so the foreign weight counts in full only
 * from `VOCABULARY_CHUNKS` indexed chunks up, in proportion below (as the
 * unknown-subject and focus checks do).
 *
 * Words WordNet does not list (a drug's or disease's name, a misspelling)
 * are never foreign: the unknown-subject and respelling checks judge those.
 * The question is off-topic when foreign words carry `OFF_TOPIC_SHARE` or
 * more of the subject's BM25 IDF weight in this knowledge base. A lay
 * clinical question mentions everyday things too ("cannot see road signs at
 * night"), but its other words are health words or co-occur with each other
 * in the knowledge base ("see" beside "night"), which keeps the share low.
 *
 * Cost: a few in-memory WordNet index look-ups per subject word (cached) and,
 * when the subject has an everyday word, one pass over the candidates' terms
 * (measured in docs/quality/answers.md, "Off-topic gate").
 */
import { stem, terms } from "../text/analyze.ts";
import { baseForms } from "../text/near-spellings.ts";
import type { Alternative } from "../text/synonyms.ts";
import { lemmaOf, synsetOffsets, WordNetFile } from "../text/wordnet-files.ts";
import { idf, knownFrequency, VOCABULARY_CHUNKS } from "./unknown-subject.ts";

/**
 * Share of the subject's IDF weight carried by foreign words from which a
 * question is off-topic (the default of `answers.offTopicShare`). Tuned on the OT development pack
 * (bot/eval/packs/offtopic-lookalikes-tune.jsonl) and blind7 and blind9
 * (docs/quality/answers.md, "Off-topic gate"); blind10 held out.
 */
export const OFF_TOPIC_SHARE = 0.45;

/** WordNet lexicographer files of health senses: noun.body 08, noun.process 22, noun.state 26, noun.substance 27. */
const HEALTH_SENSES = new Set(["08", "22", "26", "27"]);
/** Lexicographer file of people (noun.person 18): patients, relatives and clinicians are what a clinical question is about, not everyday things. */
const PEOPLE = "18";

let nouns: { index: WordNetFile; data: WordNetFile } | undefined;
const sensesCache = new Map<string, Array<{ file: string; common: boolean }>>();

/**
 * The word's noun senses in WordNet (by its first listed base form): each sense's lexicographer file and whether the word
 * is a common noun in it (lower case in WordNet, so not only an eponym such as "Ewing" or a place); none for a word
 * WordNet does not list as a noun.
 */
function nounSenses(word: string): Array<{ file: string; common: boolean }> {
  const cached = sensesCache.get(word);
  if (cached) return cached;
  nouns ??= { index: new WordNetFile("index.noun"), data: new WordNetFile("data.noun") };
  let senses: Array<{ file: string; common: boolean }> = [];
  for (const form of baseForms(word)) {
    const offsets = synsetOffsets(nouns.index, form);
    if (!offsets.length) continue;
    // "offset lex_filenum ss_type w_cnt word lex_id word lex_id ...": the file number at a fixed place, the lemmas as written.
    senses = offsets.map((o) => {
      const f = nouns!.data.lineAt(o).split(" ");
      const lemmas = f.slice(4, 4 + 2 * Number.parseInt(f[3]!, 16)).filter((_, i) => i % 2 === 0).filter((l) => lemmaOf(l) === form);
      return { file: f[1]!, common: lemmas.some((l) => l[0] === l[0]!.toLowerCase()) };
    });
    break;
  }
  if (sensesCache.size > 50_000) sensesCache.clear();
  sensesCache.set(word, senses);
  return senses;
}

/**
 * Whether the word is an everyday noun: WordNet lists it as a noun, none of its senses is a health sense, and one is a
 * common noun that is not a person.
 */
export function everydayNoun(word: string): boolean {
  const senses = nounSenses(word);
  return !senses.some((s) => HEALTH_SENSES.has(s.file)) && senses.some((s) => s.common && s.file !== PEOPLE);
}

/** Whether WordNet lists the word as a noun only for a person ("diabetic": someone with diabetes), or not as a noun at all. */
export function personOrNoNoun(word: string): boolean {
  return nounSenses(word).every((s) => s.file === PEOPLE);
}

export interface OffTopic {
  /** IDF-weighted share (0..1) of the subject carried by foreign words. */
  share: number;
  /** The foreign words (for evaluation and logs of the question's own words; no passage text). */
  foreign: string[];
}

/**
 * The foreign share of a question's subject (see above) given the knowledge
 * base's statistics for the subject's words and the texts of the retrieved
 * candidate passages; 0 without subject words.
 */
export function offTopicShare(subject: string[], vocabulary: { chunks: number; frequencies: Map<string, number> }, candidateTexts: readonly string[], alternatives: readonly Alternative[] = []): OffTopic {
  if (!subject.length) return { share: 0, foreign: [] };
  // Each subject word's stems (its own and its alternatives'); the candidates' terms are read only when the subject has an everyday word.
  const stems = new Map(subject.map((w) => [w, [stem(w), ...alternatives.filter((a) => a.for.includes(w)).flatMap((a) => a.words.map(stem))]]));
  let passages: Array<Set<string>> | undefined;
  const holds = (p: Set<string>, w: string) => stems.get(w)!.some((s) => p.has(s));
  // Only a word the knowledge base uses can be found beside another: with none but the word itself (a one-word subject,
  // "tests for ALL in an adult"), no passage could hold the pair, and its absence is no evidence.
  const known = subject.filter((w) => (knownFrequency(w, vocabulary.frequencies, alternatives) ?? 0) > 0);
  /** Whether the subject has another word the knowledge base uses, and no candidate passage holds the word beside one. */
  const alone = (w: string) => {
    const others = known.filter((o) => o !== w);
    if (!others.length) return false;
    passages ??= candidateTexts.map((t) => new Set(terms(t)));
    return !passages.some((p) => holds(p, w) && others.some((o) => holds(p, o)));
  };
  let total = 0;
  let foreignWeight = 0;
  const foreign: string[] = [];
  for (const w of subject) {
    const df = knownFrequency(w, vocabulary.frequencies, alternatives);
    if (df === undefined) continue; // a stop word to the index
    const weight = idf(df, vocabulary.chunks);
    total += weight;
    if (everydayNoun(w) && alone(w)) {
      foreignWeight += weight;
      foreign.push(w);
    }
  }
  // On a small knowledge base few passages hold any two words together, so a word found beside no other is weak evidence
  // (a clinic handbook of a few dozen passages never writes "watched" beside "infusion"): foreignness counts in proportion
  // to the knowledge base's size below VOCABULARY_CHUNKS, as the unknown-subject and focus checks' evidence does.
  const scale = Math.min(1, vocabulary.chunks / VOCABULARY_CHUNKS);
  return { share: total > 0 ? (scale * foreignWeight) / total : 0, foreign };
}
