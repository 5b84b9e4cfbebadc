import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { RoundsError, type PluginContext } from "@rounds/core";
import { LlamaEmbedder } from "./llama-embedder.ts";
import { LlamaLanguageModel } from "./llama-language-model.ts";
import { ModelWorker, type ModelWorkerOptions } from "./model-worker.ts";

export { LlamaLanguageModel, LlamaEmbedder, ModelWorker, type ModelWorkerOptions };
export type { RequestMetric, ModelInfo } from "./model-worker.ts";

/**
 * node-llama-cpp's default thread count is badly wrong on small machines
 * (4 threads on 2 cores made generation ~400x slower here): use the cores we have, at most 4.
 */
export const defaultThreads = (): number => Math.max(1, Math.min(4, availableParallelism()));

export function activate(ctx: PluginContext): { dispose(): Promise<void> } {
  const s = ctx.settings as {
    modelPath?: string; embeddingModelPath?: string; threads?: number; contextSize: number;
    maxConcurrent: number; idleUnloadMs: number; timeoutMs: number; gpu: boolean;
  };
  const workers: ModelWorker[] = [];
  const worker = (modelPath: string): ModelWorker => {
    const options: ModelWorkerOptions = {
      modelPath, threads: s.threads ?? defaultThreads(), contextSize: s.contextSize, sequences: s.maxConcurrent,
      gpu: s.gpu ? "auto" : false, maxConcurrent: s.maxConcurrent, idleUnloadMs: s.idleUnloadMs, timeoutMs: s.timeoutMs, logger: ctx.logger,
    };
    const w = new ModelWorker(options);
    workers.push(w);
    return w;
  };
  const need = (path: string | undefined, setting: string): string => {
    if (!path) throw new RoundsError("CONFIG_INVALID", `@rounds/plugin-llama-cpp needs ${setting}: the path of a GGUF file (register one with "rounds models add <path>").`, { details: { setting } });
    return path;
  };

  ctx.register("languageModels", "llama-cpp", () => {
    const path = need(s.modelPath, "modelPath");
    return new LlamaLanguageModel(`llama-cpp:${basename(path)}`, worker(path), join(ctx.dataDir, "adapters"));
  });
  ctx.register("embedders", "llama-cpp", async () => {
    const path = need(s.embeddingModelPath ?? s.modelPath, "embeddingModelPath");
    // Read from the file's header by a JS parser: no llama.cpp in this process.
    const info = await readGgufFileInfo(path, { readTensorInfo: false, logWarnings: false }).catch(() => {
      throw new RoundsError("MODEL_LOAD_FAILED", `${basename(path)} is not a readable GGUF file.`);
    });
    const arch = String((info.metadata as { general?: { architecture?: string } }).general?.architecture ?? "");
    const dims = Number((info.metadata as unknown as Record<string, { embedding_length?: number } | undefined>)[arch]?.embedding_length);
    if (!Number.isInteger(dims) || dims <= 0) throw new RoundsError("MODEL_LOAD_FAILED", `${basename(path)} does not say its embedding size.`);
    return new LlamaEmbedder(`llama-cpp:${basename(path)}`, dims, worker(path));
  });
  return { dispose: async () => { await Promise.all(workers.map((w) => w.unload())); } };
}
