import { createOpenAI } from "@ai-sdk/openai";
import { type PluginContext, RoundsError } from "@rounds/core";
import { OpenAIEmbedder } from "./openai-embedder.ts";
import { OpenAITranscriber } from "./openai-transcriber.ts";

export { OpenAIEmbedder, OpenAITranscriber };

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
  ctx.register("languageModels", "openai", () => provider().chat(s.chatModel));
  ctx.register("embedders", "openai", () => new OpenAIEmbedder(provider().embedding(s.embeddingModel), s.embeddingModel, s.embeddingDimensions, s.maxRetries));
  ctx.register("transcribers", "openai", () => new OpenAITranscriber(provider().transcription(s.transcriptionModel), s.maxRetries));
}
