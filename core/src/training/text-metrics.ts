/**
 * Reference-based text metrics for the evaluation gate. Written here (a few
 * dozen lines each, well specified) rather than pulled from a package: the
 * npm options are unmaintained or pull in large NLP toolkits.
 */

function tokenize(text: string): string[] {
  return text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
}

function lcsLength(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** ROUGE-L F1 (β = 1) of a candidate against one reference, 0..1. */
export function rougeL(candidate: string, reference: string): number {
  const c = tokenize(candidate);
  const r = tokenize(reference);
  const lcs = lcsLength(c, r);
  if (lcs === 0) return 0;
  const p = lcs / c.length;
  const rec = lcs / r.length;
  return (2 * p * rec) / (p + rec);
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(" ");
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/**
 * Corpus BLEU-4 with brevity penalty and add-one smoothing of the n-gram
 * precisions for n > 1 (Lin & Och 2004, "smoothing 2"), 0..1.
 */
export function corpusBleu(candidates: string[], references: string[], maxN = 4): number {
  if (candidates.length !== references.length) throw new Error("candidates and references differ in length");
  const matches = new Array<number>(maxN).fill(0);
  const totals = new Array<number>(maxN).fill(0);
  let candLen = 0;
  let refLen = 0;
  candidates.forEach((cand, k) => {
    const c = tokenize(cand);
    const r = tokenize(references[k]!);
    candLen += c.length;
    refLen += r.length;
    for (let n = 1; n <= maxN; n++) {
      const cg = ngrams(c, n);
      const rg = ngrams(r, n);
      for (const [g, count] of cg) matches[n - 1]! += Math.min(count, rg.get(g) ?? 0);
      totals[n - 1]! += Math.max(0, c.length - n + 1);
    }
  });
  if (candLen === 0) return 0;
  let logSum = 0;
  for (let n = 0; n < maxN; n++) {
    const p = n === 0 ? matches[0]! / Math.max(totals[0]!, 1) : (matches[n]! + 1) / (totals[n]! + 1);
    if (p === 0) return 0;
    logSum += Math.log(p) / maxN;
  }
  const bp = candLen > refLen ? 1 : Math.exp(1 - refLen / candLen);
  return bp * Math.exp(logSum);
}
