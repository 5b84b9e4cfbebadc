/**
 * How much of a question's subject the knowledge base has never seen. A
 * question about a condition the documents never mention ("carcinoid",
 * "scabies") or about nothing medical at all ("the longest river") has
 * subject words with no occurrence in any indexed chunk; a paraphrase in lay
 * words ("swollen veins that itch") does not. Words are weighted by the same
 * BM25 IDF the lexical index uses, so a rare unknown word outweighs a common one.
 *
 * A small knowledge base has not seen most words of its own field yet (a
 * 44-chunk clinic handbook never says "obese" or "interfere"), so absence
 * of a general word says little there. A name is different: a word that can
 * only name a thing (`naming-words.ts`: "colonoscopy", "electroconvulsive", a
 * drug's name) and that the knowledge base never uses in any form is what the
 * question is about, whatever the knowledge base's size; the shared general
 * words ("fast", "blood pressure", "drive") cannot carry an answer about it.
 * So the share over all subject words counts in full from
 * `VOCABULARY_CHUNKS` indexed chunks up (the measure the thresholds were
 * tuned with on the MedQuAD packs), and below, in proportion to the size, it
 * gives way to the share over the subject's names alone.
 */
import type { AppContext } from "../app/app-context.ts";
import { stem, words as wordsOf } from "../text/analyze.ts";
import { isNamingWord } from "../text/naming-words.ts";
import { editNeighbours, possibleMisspellings } from "../text/near-spellings.ts";
import { spellingVariants } from "../text/spelling-variants.ts";
import { type Alternative, alternativesIn, wordNet } from "../text/synonyms.ts";
import { subjectTerms } from "./question-intent.ts";

/** Indexed chunks from which a word's absence counts in full. */
export const VOCABULARY_CHUNKS = 1000;

/** BM25 inverse document frequency (as the retrieval query computes it). */
export const idf = (df: number, n: number) => Math.log(1 + (Math.max(n, 1) - Math.min(df, n) + 0.5) / (Math.min(df, n) + 0.5));

/** The question's subject as distinct words (the words whose stems are subject terms). */
export function subjectWords(question: string): string[] {
  const subject = new Set(subjectTerms(question));
  return [...new Set(wordsOf(question).filter((w) => subject.has(stem(w))))];
}

/**
 * IDF-weighted share (0..1) of the subject words that occur in no indexed
 * chunk: over all of them on a knowledge base of `VOCABULARY_CHUNKS` chunks
 * and more; below, blended in proportion to its size with the share over the
 * subject's naming words (`isNamingWord`); 0 without subject words.
 */
export function unknownShare(subject: string[], vocabulary: { chunks: number; frequencies: Map<string, number> }, alternatives: readonly Alternative[] = []): number {
  const all = { known: 0, unknown: 0 };
  const naming = { known: 0, unknown: 0 };
  for (const w of subject) {
    const df = knownFrequency(w, vocabulary.frequencies, alternatives);
    if (df === undefined) continue; // a stop word to the index: neither known nor unknown
    const weight = idf(df, vocabulary.chunks);
    const side = df === 0 ? "unknown" : "known";
    all[side] += weight;
    if (isNamingWord(w)) naming[side] += weight;
  }
  const share = (s: { known: number; unknown: number }) => (s.known + s.unknown > 0 ? s.unknown / (s.known + s.unknown) : 0);
  const scale = Math.min(1, vocabulary.chunks / VOCABULARY_CHUNKS);
  return scale * share(all) + (1 - scale) * share(naming);
}

/**
 * A subject word's document frequency, or, when the knowledge base never uses
 * it, the largest one among its alternatives whose words it all uses (a page
 * that says "hypertension" knows "high blood pressure").
 */
export function knownFrequency(word: string, frequencies: Map<string, number>, alternatives: readonly Alternative[]): number | undefined {
  const df = frequencies.get(word);
  if (df !== 0) return df;
  let best = 0;
  for (const a of alternatives) {
    if (!a.for.includes(word)) continue;
    const dfs = a.words.map((w) => frequencies.get(w));
    if (dfs.every((x) => x === undefined)) continue;
    best = Math.max(best, Math.min(...dfs.map((x) => x ?? Infinity)));
  }
  return best;
}

/** The question's subject words (with their other names, `synonyms.ts`, and other spellings, `spelling-variants.ts`); read them with `subjectStatistics`. */
export async function subjectOf(question: string): Promise<{ subject: string[]; alternatives: Alternative[] }> {
  const subject = subjectWords(question);
  return { subject, alternatives: subject.length ? [...alternativesIn(wordNet(), question, new Set(subject)), ...spellingVariants(subject)] : [] };
}

/** The knowledge base's statistics for the subject's words and their alternatives' (one scoped query; none without subject words). */
export async function subjectStatistics(app: AppContext, scope: { organizationId: string; projectId: string }, of: { subject: string[]; alternatives: Alternative[] }): Promise<{ chunks: number; frequencies: Map<string, number> }> {
  const all = [...new Set([...of.subject, ...of.alternatives.flatMap((a) => a.words)])];
  return of.subject.length ? await app.store.knowledge.termFrequencies(scope, all) : { chunks: 0, frequencies: new Map() };
}

/** Misspelled subject words respelled per question (each costs one lookup of its few hundred neighbours). */
const MAX_RESPELLED = 2;

/**
 * Respellings of the subject's misspelled words (`near-spellings.ts`): for
 * each, its neighbour one edit away that the knowledge base uses in the most
 * chunks, as an alternative, and the vocabulary with those neighbours'
 * frequencies. One scoped query, only when a subject word is unknown to the
 * knowledge base and to the dictionary; nothing otherwise.
 */
export async function respellings(app: AppContext, scope: { organizationId: string; projectId: string }, subject: string[], vocabulary: { chunks: number; frequencies: Map<string, number> }): Promise<{ alternatives: Alternative[]; vocabulary: { chunks: number; frequencies: Map<string, number> } }> {
  const misspelled = possibleMisspellings(subject, vocabulary.frequencies).slice(0, MAX_RESPELLED);
  if (!misspelled.length) return { alternatives: [], vocabulary };
  const neighbours = misspelled.map((w) => ({ word: w, near: editNeighbours(w.replace(/'s$/, "")) }));
  const { frequencies } = await app.store.knowledge.termFrequencies(scope, neighbours.flatMap((n) => n.near));
  const merged = new Map(vocabulary.frequencies);
  const alternatives: Alternative[] = [];
  for (const { word, near } of neighbours) {
    let best: string | undefined;
    let bestDf = 0;
    for (const n of near) {
      const df = frequencies.get(n) ?? 0;
      if (df > bestDf) [best, bestDf] = [n, df];
    }
    if (!best) continue;
    alternatives.push({ words: [best], for: [word] });
    merged.set(best, bestDf);
  }
  return { alternatives, vocabulary: { chunks: vocabulary.chunks, frequencies: merged } };
}
