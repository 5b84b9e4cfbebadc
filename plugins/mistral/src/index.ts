import { createMistral } from "@ai-sdk/mistral";
import { guardLanguageModel, type PluginContext, RoundsError } from "@rounds/core";

export interface MistralSettings {
  apiKey?: string;
  baseURL?: string;
  chatModel: string;
}

const KEY = "MISTRAL_API_KEY (pluginSettings.@rounds/plugin-mistral.apiKey)";

/**
 * Mistral over its chat completions API: the AI SDK's own `LanguageModelV3`
 * (`@ai-sdk/mistral`), guarded so that failures become Rounds errors with
 * the HTTP status and never the prompt. Streaming, JSON-schema output
 * (`response_format: json_schema`) and citations are core's, unchanged.
 */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings as unknown as MistralSettings;
  ctx.register("languageModels", "mistral", () => {
    if (!s.apiKey) throw new RoundsError("CONFIG_INVALID", `The Mistral plugin needs an API key: set ${KEY}.`, { details: { setting: "pluginSettings.@rounds/plugin-mistral.apiKey" } });
    const provider = createMistral({ apiKey: s.apiKey, ...(s.baseURL && { baseURL: s.baseURL }) });
    return guardLanguageModel(provider.chat(s.chatModel), "Mistral", KEY);
  });
}
