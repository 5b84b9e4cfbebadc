/**
 * Misspelled names. Clinicians type rare names from memory ("Hirschprung",
 * "Alagile"), and a word the knowledge base never uses makes a question look
 * like one about something it does not cover. A misspelling is a word no
 * English dictionary (WordNet 3.1, read from the install) knows, one edit
 * away (a letter left out, added, changed, or two swapped) from a word the
 * knowledge base does use; which neighbours it uses is asked of the index's
 * own vocabulary (`unknown-subject.ts`), never of a list. A dictionary word
 * ("carcinoid", "scabies") is never respelled: a knowledge base that lacks
 * it does not cover it.
 */
import { WordNetFile } from "./wordnet-files.ts";

/** Shortest word looked at: short words have too many neighbours one edit away ("anal", "oral"). */
export const MIN_MISSPELLED_LENGTH = 6;

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** The words one edit (deletion, insertion, substitution of a letter, or transposition of two) away from `word`. */
export function editNeighbours(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      out.add(head + c + tail);
      if (tail) out.add(head + c + tail.slice(1));
    }
  }
  out.delete(word);
  return [...out];
}

let indexes: WordNetFile[] | undefined;

/** Base forms a dictionary lists an inflected word under (plural, possessive, past, -ing). */
export function baseForms(word: string): string[] {
  const w = word.replace(/'s$/, "");
  const forms = [w];
  if (w.endsWith("ies")) forms.push(`${w.slice(0, -3)}y`);
  if (w.endsWith("es")) forms.push(w.slice(0, -2));
  if (w.endsWith("s")) forms.push(w.slice(0, -1));
  if (w.endsWith("ed")) forms.push(w.slice(0, -2), w.slice(0, -1));
  if (w.endsWith("ing")) forms.push(w.slice(0, -3), `${w.slice(0, -3)}e`);
  return forms;
}

const PARTS = ["noun", "verb", "adj", "adv"] as const;
export type PartOfSpeech = (typeof PARTS)[number];

/** The parts of speech WordNet lists the word as (as written or by its base form); none for a word it does not know. */
export function partsOfSpeech(word: string): Set<PartOfSpeech> {
  indexes ??= PARTS.map((p) => new WordNetFile(`index.${p}`));
  const forms = baseForms(word.toLowerCase());
  return new Set(PARTS.filter((_, i) => forms.some((f) => indexes![i]!.find(f) !== undefined)));
}

/** Whether WordNet lists the word (any part of speech, as written or by its base form). */
export function isDictionaryWord(word: string): boolean {
  return partsOfSpeech(word).size > 0;
}

/**
 * The subject words worth respelling: unknown to the knowledge base (`df` 0),
 * long enough, letters only, and in no dictionary.
 */
export function possibleMisspellings(words: Iterable<string>, frequencies: Map<string, number>): string[] {
  return [...words].filter((w) => frequencies.get(w) === 0 && /^[a-z]+(?:'s)?$/.test(w) && w.replace(/'s$/, "").length >= MIN_MISSPELLED_LENGTH && !isDictionaryWord(w));
}
