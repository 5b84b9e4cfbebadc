import { createAnthropic } from "@ai-sdk/anthropic";
import { guardLanguageModel, type PluginContext, RoundsError } from "@rounds/core";

export interface AnthropicSettings {
  apiKey?: string;
  baseURL?: string;
  chatModel: string;
}

const KEY = "ANTHROPIC_API_KEY (pluginSettings.@rounds/plugin-anthropic.apiKey)";

/**
 * Claude over the Messages API: the AI SDK's own `LanguageModelV3`
 * (`@ai-sdk/anthropic`), guarded so that failures become Rounds errors with
 * the HTTP status and never the prompt. Streaming, JSON-schema output (the
 * SDK sends it as a forced tool call) and citations are core's, unchanged.
 */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings as unknown as AnthropicSettings;
  ctx.register("languageModels", "anthropic", () => {
    if (!s.apiKey) throw new RoundsError("CONFIG_INVALID", `The Anthropic plugin needs an API key: set ${KEY}.`, { details: { setting: "pluginSettings.@rounds/plugin-anthropic.apiKey" } });
    const provider = createAnthropic({ apiKey: s.apiKey, ...(s.baseURL && { baseURL: s.baseURL }) });
    return guardLanguageModel(provider.messages(s.chatModel), "Anthropic", KEY);
  });
}
