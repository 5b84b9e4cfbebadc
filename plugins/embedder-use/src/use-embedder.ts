import { RoundsError, type Embedder } from "@rounds/core";
import { loadUseModel } from "./use-model.ts";

/**
 * Google's Universal Sentence Encoder lite (512 dimensions, SentencePiece vocabulary of 8k pieces)
 * on TensorFlow.js: a sentence embedder trained on meaning, so lay words land near the pages'
 * words ("heart attack" near "myocardial infarction"), which hashed n-grams cannot do.
 * Queries and passages are embedded the same way; vectors are L2-normalised.
 */
export class UseEmbedder implements Embedder {
  readonly specificationVersion = "v1" as const;
  readonly modelId = "use-lite-512";
  readonly dimensions = 512;
  readonly maxBatchSize = 16;
  /**
   * Never evidence on its own. On the tune sets (MedQuAD tune split, first paraphrased set) the best
   * passage's cosine does not tell absent topics from covered ones: refused answerable questions scored
   * 0.40–0.68 and refused absent-topic ones 0.28–0.75, so every bar that lets answerable questions
   * through lets as many absent ones through; at core's generic 0.75 an absent topic (0.756) was answered.
   */
  readonly evidenceSimilarity = Number.POSITIVE_INFINITY;

  constructor(private readonly modelDir: string, readonly fusionWeight: number) {}

  /** Loads the model now (it also loads on first use); resolves with the time it took. */
  async load(): Promise<number> {
    const t0 = performance.now();
    await loadUseModel(this.modelDir);
    return performance.now() - t0;
  }

  async embedDocuments(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]> {
    const model = await loadUseModel(this.modelDir);
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.maxBatchSize) {
      options?.signal?.throwIfAborted();
      // An empty text has no tokens, and a batch ending in one comes back a row short: it is embedded as one space.
      const batch = texts.slice(i, i + this.maxBatchSize).map((t) => (t.trim() ? t : " "));
      const vectors = await model.embed(batch);
      if (vectors.length !== batch.length) throw new RoundsError("MODEL_UNAVAILABLE", `Universal Sentence Encoder returned ${vectors.length} vectors for ${batch.length} texts.`);
      for (const v of vectors) out.push(unit(v));
    }
    return out;
  }

  async embedQuery(text: string, options?: { signal?: AbortSignal }): Promise<number[]> {
    return (await this.embedDocuments([text], options))[0]!;
  }
}

function unit(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}
