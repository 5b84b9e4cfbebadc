import { createHash } from "node:crypto";
import type { Embedder } from "@rounds/core";
import { terms } from "@rounds/core";

/**
 * A dense embedder with no model weights: signed feature hashing of stemmed
 * words, word bigrams and character 4-grams, log-scaled term frequencies,
 * L2-normalised. It captures vocabulary and morphology (not meaning), which
 * is why Rounds pairs it with BM25 in SQL and fuses the two rankings.
 */
export class HashNgramEmbedder implements Embedder {
  readonly specificationVersion = "v1" as const;
  readonly modelId: string;
  readonly maxBatchSize = 256;
  /**
   * No say in rank fusion: the embedded default ranks by BM25 alone. Fused at
   * half BM25's weight, these vocabulary-level vectors lowered section MRR@10
   * against BM25 alone on every paraphrased MedQuAD set and refused more
   * answerable questions (docs/quality/answers.md, answer18 round); the
   * vectors are still stored, so `answers.vectorWeight` can fuse them again.
   */
  readonly fusionWeight = 0;
  private readonly cache = new Map<string, [number, number]>();

  constructor(readonly dimensions = 384) {
    this.modelId = `rounds:hash-ngram-v1`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }

  /** Feature counts before hashing; exposed for the classifier. */
  features(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
    const ts = terms(text);
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      add(`w:${t}`, 1);
      if (i + 1 < ts.length) add(`b:${t}_${ts[i + 1]!}`, 0.5);
      const padded = `<${t}>`;
      if (padded.length > 5) for (let j = 0; j + 4 <= padded.length; j++) add(`c:${padded.slice(j, j + 4)}`, 0.25);
    }
    return counts;
  }

  private slot(feature: string): [number, number] {
    let hit = this.cache.get(feature);
    if (!hit) {
      const h = createHash("sha1").update(feature).digest();
      hit = [h.readUInt32LE(0) % this.dimensions, h[4]! & 1 ? 1 : -1];
      if (this.cache.size < 500_000) this.cache.set(feature, hit);
    }
    return hit;
  }

  private vector(text: string): number[] {
    const v = new Array<number>(this.dimensions).fill(0);
    for (const [feature, count] of this.features(text)) {
      const [i, sign] = this.slot(feature);
      v[i]! += sign * (count > 1 ? 1 + Math.log(count) : count);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm === 0) {
      v[0] = 1; // an empty text still gets a valid unit vector
      return v;
    }
    return v.map((x) => x / norm);
  }
}
