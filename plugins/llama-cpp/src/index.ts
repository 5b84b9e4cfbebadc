import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { RoundsError, resolveSourceArgument, type CommandInvocation, type PluginContext } from "@rounds/core";
import { LlamaEmbedder } from "./llama-embedder.ts";
import { LlamaLanguageModel } from "./llama-language-model.ts";
import { addModel, ModelCatalog, type RegisteredModel } from "./model-files.ts";
import { ModelWorker, type ModelWorkerOptions } from "./model-worker.ts";

export { LlamaLanguageModel, LlamaEmbedder, ModelWorker, type ModelWorkerOptions, ModelCatalog, type RegisteredModel };
export type { RequestMetric, ModelInfo } from "./model-worker.ts";

/**
 * node-llama-cpp's default thread count is badly wrong on small machines
 * (4 threads on 2 cores made generation ~400x slower here): use the cores we have, at most 4.
 */
export const defaultThreads = (): number => Math.max(1, Math.min(4, availableParallelism()));

export function activate(ctx: PluginContext): { dispose(): Promise<void> } {
  const s = ctx.settings as {
    modelPath?: string; embeddingModelPath?: string; threads?: number; contextSize: number;
    maxConcurrent: number; idleUnloadMs: number; timeoutMs: number; gpu: boolean; modelsDir?: string; huggingFaceEndpoint?: string; downloadTimeoutMs: number; maxDownloadBytes: number;
  };
  const catalog = new ModelCatalog(join(ctx.dataDir, "models.json"));
  const modelsDir = s.modelsDir ?? join(ctx.dataDir, "models");
  const workers: ModelWorker[] = [];
  const worker = (modelPath: string): ModelWorker => {
    const options: ModelWorkerOptions = {
      modelPath, threads: s.threads ?? defaultThreads(), contextSize: s.contextSize, sequences: s.maxConcurrent,
      gpu: s.gpu ? "auto" : false, maxConcurrent: s.maxConcurrent, idleUnloadMs: s.idleUnloadMs, timeoutMs: s.timeoutMs, logger: ctx.logger,
    };
    const w = new ModelWorker({ ...options, beforeLoad: () => catalog.verify(modelPath) });
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
  ctx.register("commands", "models", { run: (invocation: CommandInvocation) => modelsCommand(invocation) });
  const modelsCommand = async (invocation: CommandInvocation) => {
    const { args, progress } = invocation;
    const [verb = "list", ...rest] = args.trim().split(/\s+/).filter(Boolean);
    const describe = (m: RegisteredModel) => `• ${m.name}: ${m.architecture}, ${(m.sizeBytes / 2 ** 20).toFixed(1)} MiB, context ${m.contextLength ?? "?"}, ${m.chatTemplate ? "chat template" : "no chat template (base model)"}, sha256 ${m.sha256.slice(0, 12)}…`;
    if (verb === "list") {
      const models = catalog.list();
      return { blocks: [{ type: "text" as const, text: models.length ? models.map(describe).join("\n") : "No model files added yet. Add one with: models add <path>" }], data: models };
    }
    if (verb === "add" && rest.length === 1) {
      const source = await resolveSourceArgument(invocation, rest[0]!, {
        what: "model file", folder: { path: modelsDir, called: "models folder" }, urlSchemes: ["https:", "http:", "hf:", "huggingface:"],
        sendInstead: "Copy the model file to the server",
      });
      const entry = await addModel(source, {
        catalog, modelsDir, downloadTimeoutMs: s.downloadTimeoutMs, maxDownloadBytes: s.maxDownloadBytes,
        ...(s.huggingFaceEndpoint ? { huggingFaceEndpoint: s.huggingFaceEndpoint } : {}),
        ...(progress ? { onProgress: progress } : {}),
      });
      const use = `To answer with it, set ROUNDS_LLAMA_MODEL=${entry.path} (or pluginSettings["@rounds/plugin-llama-cpp"].modelPath) and restart; it is checked against this record before every load.`;
      return { blocks: [{ type: "text" as const, text: `Added ${describe(entry).slice(2)}\n${use}` }], data: entry };
    }
    throw new RoundsError("BAD_REQUEST", "Usage: models list | models add <path|hf:user/repo/file.gguf|https://…/file.gguf>");
  };
  return { dispose: async () => { await Promise.all(workers.map((w) => w.unload())); } };
}
