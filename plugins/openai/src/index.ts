import { createOpenAI } from "@ai-sdk/openai";
import OpenAI from "openai";
import { type BlobStore, guardLanguageModel, type PluginContext, RoundsError } from "@rounds/core";
import { OpenAITrainer } from "./openai-trainer.ts";
import { OpenAIEmbedder } from "./openai-embedder.ts";
import { OpenAITranscriber } from "./openai-transcriber.ts";

export { OpenAIEmbedder, OpenAITrainer, OpenAITranscriber };

export interface OpenAISettings {
  baseURL?: string;
  apiKey?: string;
  organization?: string;
  chatModel: string;
  embeddingModel: string;
  embeddingDimensions: number;
  transcriptionModel: string;
  maxRetries: number;
}

/**
 * One provider for chat, embeddings and speech to text. The chat model is
 * the AI SDK's own `LanguageModelV3` over the Chat Completions API (which
 * vLLM, Ollama and LM Studio speak), so core uses it unchanged.
 */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings as unknown as OpenAISettings;
  const provider = () => {
    if (!s.apiKey && !s.baseURL) {
      throw new RoundsError("CONFIG_INVALID", "The OpenAI plugin needs an API key (OPENAI_API_KEY, setting apiKey) or a baseURL of a compatible local server.", { details: { setting: "pluginSettings.@rounds/plugin-openai.apiKey" } });
    }
    return createOpenAI({ apiKey: s.apiKey ?? "not-needed", ...(s.baseURL && { baseURL: s.baseURL }), ...(s.organization && { organization: s.organization }) });
  };
  // The `openai` SDK, for what the AI SDK does not cover (fine-tuning, diarized transcripts).
  const client = () => new OpenAI({ apiKey: s.apiKey ?? "not-needed", ...(s.baseURL && { baseURL: s.baseURL }), ...(s.organization && { organization: s.organization }), maxRetries: s.maxRetries });
  ctx.register("languageModels", "openai", () => {
    const p = provider();
    // Fine-tuned versions from the model registry are served by their remote model id.
    // Guarded: a vendor failure becomes a Rounds error with its status only (the SDK's error carries the prompt and the vendor's body).
    return Object.assign(guardLanguageModel(p.chat(s.chatModel), "OpenAI", "OPENAI_API_KEY"), {
      forArtifact: (artifact: { kind: string; modelId?: string }) => {
        if (artifact.kind !== "remote-model" || !artifact.modelId) throw new RoundsError("MODEL_UNAVAILABLE", `The OpenAI plugin cannot serve a ${artifact.kind} artifact.`);
        return guardLanguageModel(p.chat(artifact.modelId), "OpenAI", "OPENAI_API_KEY");
      },
    });
  });
  ctx.register("embedders", "openai", () => new OpenAIEmbedder(provider().embedding(s.embeddingModel), s.embeddingModel, s.embeddingDimensions, s.maxRetries));
  ctx.register("trainers", "openai", () => {
    provider(); // same key check
    const blobs = ctx.services.blobs as (() => Promise<BlobStore>) | undefined;
    if (!blobs) throw new RoundsError("CONFIG_INVALID", "The OpenAI trainer needs the host's blob store service.");
    return new OpenAITrainer(client(), blobs);
  });
  ctx.register("transcribers", "openai", () => new OpenAITranscriber(provider().transcription(s.transcriptionModel), { modelId: s.transcriptionModel, client, maxRetries: s.maxRetries }));
}
