import { createHash } from "node:crypto";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { RoundsError, type BlobStore, type ModelArtifact } from "@rounds/core";
import type { ModelWorker } from "./model-worker.ts";
import type { GenerateSpec } from "./protocol.ts";

type Message = GenerateSpec["messages"][number];

/** The AI SDK prompt as plain chat messages (text parts only; a local model has no tools or files here). */
function messagesOf(prompt: LanguageModelV3CallOptions["prompt"]): Message[] {
  const out: Message[] = [];
  for (const m of prompt) {
    if (m.role === "system") out.push({ role: "system", content: m.content });
    else if (m.role === "user" || m.role === "assistant") {
      const text = m.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
      out.push({ role: m.role, content: text });
    }
  }
  return out;
}

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/**
 * A local GGUF model behind the AI SDK's language-model interface. JSON
 * output (`responseFormat: { type: "json", schema }`) is enforced by a
 * grammar built from the schema, so the structure holds even for a weak model.
 */
export class LlamaLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3" as const;
  readonly provider = "llama-cpp";
  readonly supportedUrls = {};

  constructor(
    readonly modelId: string,
    private readonly worker: ModelWorker,
    private readonly adaptersDir: string,
    private readonly lora?: { filePath: string; scale: number },
  ) {}

  private spec(options: LanguageModelV3CallOptions, stream: boolean): GenerateSpec {
    const format = options.responseFormat;
    return {
      messages: messagesOf(options.prompt),
      maxTokens: options.maxOutputTokens ?? 512,
      temperature: options.temperature ?? 0,
      stop: options.stopSequences ?? [],
      ...(format?.type === "json" ? { jsonSchema: format.schema ?? { type: "object" } } : {}),
      ...(this.lora ? { lora: this.lora } : {}),
      stream,
    };
  }

  /** The worker's measurements (shared by the base model and all its adapter versions). */
  runtimeMetrics() {
    return this.worker.metrics();
  }

  async doGenerate(options: LanguageModelV3CallOptions) {
    const r = await this.worker.generate(this.spec(options, false), options.abortSignal);
    return {
      content: [{ type: "text" as const, text: r.text }],
      finishReason: { unified: r.finish, raw: r.finish },
      usage: usage(r.inputTokens, r.outputTokens),
      warnings: [],
      response: { modelId: this.modelId },
    };
  }

  async doStream(options: LanguageModelV3CallOptions) {
    const worker = this.worker;
    const spec = this.spec(options, true);
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings: [] });
        controller.enqueue({ type: "text-start", id: "0" });
        worker.generate(spec, options.abortSignal, (delta) => controller.enqueue({ type: "text-delta", id: "0", delta }))
          .then((r) => {
            controller.enqueue({ type: "text-end", id: "0" });
            controller.enqueue({ type: "finish", finishReason: { unified: r.finish, raw: r.finish }, usage: usage(r.inputTokens, r.outputTokens) });
            controller.close();
          }, (error: unknown) => {
            controller.enqueue({ type: "error", error });
            controller.close();
          });
      },
    });
    return { stream };
  }

  /**
   * A registry version of this model: the base GGUF plus a LoRA adapter from
   * the blob store (verified by sha256, cached on disk). The base weights stay
   * loaded; the worker creates one context per adapter.
   */
  async forArtifact(artifact: ModelArtifact, app: { blobs: BlobStore }): Promise<LanguageModelV3> {
    if (artifact.kind !== "adapter") return this;
    if (!artifact.blobKey || !artifact.sha256) throw new RoundsError("MODEL_LOAD_FAILED", "The registry's adapter record has no file or checksum.");
    const { blobKey, sha256 } = artifact;
    const filePath = join(this.adaptersDir, `${sha256}.gguf`);
    if (!existsSync(filePath) || createHash("sha256").update(readFileSync(filePath)).digest("hex") !== sha256) {
      await mkdir(this.adaptersDir, { recursive: true });
      const partial = `${filePath}.partial`;
      await pipeline(await app.blobs.get(blobKey), createWriteStream(partial));
      const sha = createHash("sha256").update(readFileSync(partial)).digest("hex");
      if (sha !== sha256) {
        await rm(partial, { force: true });
        throw new RoundsError("MODEL_LOAD_FAILED", "The adapter in the blob store does not match the registry's sha256; it was not loaded.");
      }
      await rename(partial, filePath);
    }
    return new LlamaLanguageModel(`${this.modelId}+lora:${sha256.slice(0, 12)}`, this.worker, this.adaptersDir, { filePath, scale: 1 });
  }
}
