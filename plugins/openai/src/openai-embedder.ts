import { embed, embedMany, type EmbeddingModel } from "ai";
import type { Embedder } from "@rounds/core";
import { safeCall } from "./safe-call.ts";

export class OpenAIEmbedder implements Embedder {
  readonly specificationVersion = "v1" as const;
  readonly modelId: string;
  readonly maxBatchSize = 2048;

  constructor(private readonly model: EmbeddingModel, modelName: string, readonly dimensions: number, private readonly maxRetries = 2) {
    this.modelId = `openai:${modelName}`;
  }

  private get providerOptions() {
    return { openai: { dimensions: this.dimensions } };
  }

  async embedDocuments(texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.maxBatchSize) {
      const values = texts.slice(i, i + this.maxBatchSize);
      const { embeddings } = await safeCall("embedding", () => embedMany({
        model: this.model, values, maxRetries: this.maxRetries, providerOptions: this.providerOptions, ...(options.signal && { abortSignal: options.signal }),
      }));
      out.push(...embeddings);
    }
    return out;
  }

  async embedQuery(text: string, options: { signal?: AbortSignal } = {}): Promise<number[]> {
    const { embedding } = await safeCall("embedding", () => embed({
      model: this.model, value: text, maxRetries: this.maxRetries, providerOptions: this.providerOptions, ...(options.signal && { abortSignal: options.signal }),
    }));
    return embedding;
  }
}
