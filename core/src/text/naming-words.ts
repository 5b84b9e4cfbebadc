/**
 * Words that can only name a thing: what a question is about, as opposed to
 * the general words it asks with. A word is a name when WordNet (3.1, read
 * from the install) lists it as a noun ("colonoscopy", "surgery") or as an
 * adjective that relates to a noun in its first sense ("renal", "bipolar"),
 * never as a verb or adverb ("fast", "drive", "checked"), or when WordNet
 * does not list it at all (a drug's or procedure's name: "clozapine",
 * "electroconvulsive"). A describing adjective ("obese", "sick") is not a
 * name: a knowledge base says the same thing in other words ("body mass
 * index of 35"). Numbers name nothing, and neither do words of fewer than
 * four letters: units and short forms ("kg" of "mg/kg", "ECT") that an index
 * may split or spell differently from the question. Nor do measures: a noun
 * whose first sense is a span of time or a quantity ("four", "months",
 * "litres") says how long or how much, which a knowledge base writes in its
 * own numbers and units ("eighteen weeks" for "four months").
 */
import { baseForms, partsOfSpeech } from "./near-spellings.ts";
import { synsetOffsets, WordNetFile } from "./wordnet-files.ts";

/** Lexicographer file of relational adjectives ("of or relating to …") in data.adj. */
const RELATIONAL_ADJECTIVES = "01";

/** Lexicographer files of nouns that measure rather than name: noun.quantity and noun.time. */
const MEASURES = new Set(["23", "28"]);

let adjectives: { index: WordNetFile; data: WordNetFile } | undefined;
let nouns: { index: WordNetFile; data: WordNetFile } | undefined;

/** Whether the word's first noun sense (WordNet lists the most frequent first; by its first listed base form) is a span of time or a quantity. */
function measure(word: string): boolean {
  nouns ??= { index: new WordNetFile("index.noun"), data: new WordNetFile("data.noun") };
  const first = baseForms(word).map((f) => synsetOffsets(nouns!.index, f)[0]).find((o) => o !== undefined);
  return first !== undefined && MEASURES.has(nouns.data.lineAt(first).slice(9, 11));
}

/** Whether the adjective's first sense relates to a noun (lexicographer file adj.pert). */
function relational(word: string): boolean {
  adjectives ??= { index: new WordNetFile("index.adj"), data: new WordNetFile("data.adj") };
  const first = synsetOffsets(adjectives.index, word)[0];
  // "offset lex_filenum ...": the file number is at a fixed place.
  return first !== undefined && adjectives.data.lineAt(first).slice(9, 11) === RELATIONAL_ADJECTIVES;
}

/** Whether `word` (lower case) can only name a thing (see above). */
export function isNamingWord(word: string): boolean {
  if (!/^[a-z][a-z'-]{3,}$/.test(word)) return false;
  const parts = partsOfSpeech(word);
  if (parts.has("verb") || parts.has("adv")) return false;
  if (parts.has("noun") && measure(word)) return false;
  return !parts.has("adj") || parts.has("noun") || relational(word);
}
