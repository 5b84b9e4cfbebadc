/**
 * An unknown name for a page's subject, told from an unknown subject. A
 * question may name its subject by a word the knowledge base never uses (an
 * eponym, an abbreviation, an older or a lay name) and still name the page's
 * *other* specifics: the rare words that page holds together (its signs, the
 * organ, the gene, the trigger). A question about a subject the knowledge
 * base does not treat, or about nothing medical, has only general words
 * beside its unknown ones ("rash", "children", "treatment"), and those are
 * spread over many pages.
 *
 * So the known subject words (`knownFrequency` > 0), each weighted by its
 * IDF, are looked up in the retrieved candidates grouped by document (title
 * and candidate passages). The first candidate's document explains the
 * question beside its unknown words when it holds most of that weight
 * (`share`) and clearly more of it than any other retrieved document
 * (`lead`: its share less the best other one's), and there is enough weight
 * to single a page out at all (`weight`, in units of the IDF of a word found
 * in 1% of the chunks): one or two general words single out nothing.
 */
import { stem, words as wordsOf } from "../text/analyze.ts";
import type { Alternative } from "../text/synonyms.ts";
import { idf, knownFrequency } from "./unknown-subject.ts";

/**
 * The bars `namesFirstPage` holds the specifics to: three quarters of the known words'
 * weight on the first document (`share`), a lead over every other retrieved
 * document (`lead`), and together at least the weight of three words each in
 * 1% of the chunks (`weight`). Tuned on the MedQuAD paraphrased packs blind-9,
 * blind-8, blind-7, blind-6, the first paraphrased set and the held-out set's
 * tune half (refuse22, docs/quality/answers.md, "An unknown name for a
 * page's subject"); a lower lead or weight lets absent topics through.
 */
export const OTHER_NAME = { share: 0.75, lead: 0.15, weight: 3 };

/** Whether the specifics single out the first candidate's document (`OTHER_NAME`): the question's unknown words are read as another name for its subject. */
export const namesFirstPage = (s: KnownSpecifics | undefined): boolean => !!s && s.share >= OTHER_NAME.share && s.lead >= OTHER_NAME.lead && s.weight >= OTHER_NAME.weight;

export interface KnownSpecifics {
  /** IDF-weighted share (0..1) of the known subject words the first candidate's document holds. */
  share: number;
  /** That share less the best other retrieved document's. */
  lead: number;
  /** The known subject words' summed IDF over the IDF of a word in 1% of the chunks (how specific they are together). */
  weight: number;
}

export interface SpecificsPassage {
  documentId: string;
  title: string;
  text: string;
}

/** How far the first candidate's document explains the question's known subject words (see above); undefined without candidates or known words. */
export function knownSpecifics(subject: string[], vocabulary: { chunks: number; frequencies: Map<string, number> }, alternatives: readonly Alternative[], candidates: readonly SpecificsPassage[], firstDocumentId: string | undefined): KnownSpecifics | undefined {
  if (!firstDocumentId || !candidates.length) return undefined;
  const known = subject.flatMap((w) => {
    const df = knownFrequency(w, vocabulary.frequencies, alternatives);
    if (!df) return [];
    const forms = [[stem(w)], ...alternatives.filter((a) => a.for.includes(w)).map((a) => a.words.map(stem))];
    return [{ forms, weight: idf(df, vocabulary.chunks) }];
  });
  const total = known.reduce((a, k) => a + k.weight, 0);
  if (!total) return undefined;
  const stemsOf = new Map<string, Set<string>>();
  for (const p of candidates) {
    const stems = stemsOf.get(p.documentId) ?? new Set<string>();
    for (const w of wordsOf(`${p.title} ${p.text}`)) stems.add(stem(w));
    stemsOf.set(p.documentId, stems);
  }
  const shareOf = (stems: Set<string>) => known.reduce((a, k) => a + (k.forms.some((f) => f.every((s) => stems.has(s))) ? k.weight : 0), 0) / total;
  const first = stemsOf.get(firstDocumentId);
  if (!first) return undefined;
  const share = shareOf(first);
  let other = 0;
  for (const [id, stems] of stemsOf) if (id !== firstDocumentId) other = Math.max(other, shareOf(stems));
  const unit = idf(Math.max(1, Math.round(vocabulary.chunks / 100)), vocabulary.chunks);
  return { share, lead: share - other, weight: unit > 0 ? total / unit : 0 };
}
