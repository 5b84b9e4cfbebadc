import type { SearchHit } from "../ports/index.ts";

/**
 * How many times the next document's best BM25 score the first document's
 * must be for it to be a clear lexical winner. Chosen on the tune splits
 * (README, "Answer quality"): absent-topic and off-topic questions there
 * reach at most 1.57 on MedQuAD and 1.55 on the paraphrased sets, but for one
 * (2.34) whose subject words the knowledge base lacks, which the unknown-word
 * check refuses; answerable paraphrases the focus check refused reach 2.18.
 */
const CLEAR_WINNER = 2;

/**
 * The passage with the best BM25 score when its document wins the lexical
 * list clearly (`CLEAR_WINNER` times the next document's best): a question
 * whose words point at one document that much is about that document's
 * subject, however it names it (in lay words, or by signs, for a page named
 * after the condition), so its focus need not be shown word by word; the
 * coverage and unknown-word checks still apply.
 */
export function clearWinner(hits: SearchHit[]): SearchHit | undefined {
  const bestOf = new Map<string, SearchHit>();
  for (const h of hits) {
    if (h.bm25 === undefined) continue;
    const best = bestOf.get(h.documentId);
    if (!best || h.bm25 > best.bm25!) bestOf.set(h.documentId, h);
  }
  const [first, second] = [...bestOf.values()].sort((a, b) => b.bm25! - a.bm25!);
  return first && first.bm25! > 0 && (!second || first.bm25! >= CLEAR_WINNER * second.bm25!) ? first : undefined;
}
