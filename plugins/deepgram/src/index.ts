import { DeepgramClient } from "@deepgram/sdk";
import { type PluginContext, RoundsError } from "@rounds/core";
import { DeepgramTranscriber } from "./deepgram-transcriber.ts";

export { DeepgramTranscriber };

export interface DeepgramSettings {
  apiKey?: string;
  baseURL?: string;
  model: string;
  smartFormat: boolean;
  maxRetries: number;
  timeoutSeconds: number;
}

/** Deepgram's pre-recorded speech to text, with speakers and utterance times. */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings as unknown as DeepgramSettings;
  ctx.register("transcribers", "deepgram", () => {
    if (!s.apiKey) {
      throw new RoundsError("CONFIG_INVALID", "The Deepgram plugin needs an API key (DEEPGRAM_API_KEY, setting apiKey).", { details: { setting: "pluginSettings.@rounds/plugin-deepgram.apiKey" } });
    }
    // The SDK would also read DEEPGRAM_API_KEY from the environment itself; the key is passed explicitly so settings decide.
    const client = new DeepgramClient({ apiKey: s.apiKey, ...(s.baseURL && { baseUrl: s.baseURL }) });
    return new DeepgramTranscriber(() => client, { model: s.model, smartFormat: s.smartFormat, maxRetries: s.maxRetries, timeoutSeconds: s.timeoutSeconds });
  });
}
