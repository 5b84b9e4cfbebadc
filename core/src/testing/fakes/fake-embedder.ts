import { createHash } from "node:crypto";
import type { Embedder } from "../../ports/index.ts";

/** Deterministic bag-of-words embedder: same words, same direction. For tests. */
export class FakeEmbedder implements Embedder {
  readonly specificationVersion = "v1" as const;
  readonly modelId: string;
  readonly maxBatchSize = 64;
  constructor(readonly dimensions = 16, modelId = "fake:bow") {
    this.modelId = `${modelId}-${dimensions}`;
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
  private vector(text: string): number[] {
    const v = new Array<number>(this.dimensions).fill(0);
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      const h = createHash("md5").update(word).digest();
      v[h.readUInt32LE(0) % this.dimensions]! += 1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }
}
