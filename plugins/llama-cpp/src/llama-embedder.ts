import type { Embedder } from "@rounds/core";
import type { ModelWorker } from "./model-worker.ts";

/** Embeddings from a local GGUF (its own worker, so generation and embedding do not queue behind each other). */
export class LlamaEmbedder implements Embedder {
  readonly specificationVersion = "v1" as const;
  readonly maxBatchSize = 32;

  constructor(readonly modelId: string, readonly dimensions: number, private readonly worker: ModelWorker) {}

  embedDocuments(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]> {
    return this.worker.embed(texts, options?.signal);
  }

  async embedQuery(text: string, options?: { signal?: AbortSignal }): Promise<number[]> {
    return (await this.worker.embed([text], options?.signal))[0]!;
  }
}
