import { RoundsError, type Classifier, type Deidentifier, type LanguageModel, type PluginContext } from "@rounds/core";
import { ModelClassifier } from "./model-classifier.ts";

export { ModelClassifier, type ModelClassifierParts } from "./model-classifier.ts";
export { RELEVANCE_SYSTEM_PROMPT, VERDICT_SCHEMA, clip, relevanceMessage } from "./relevance-prompt.ts";

const SETTING = "pluginSettings.@rounds/plugin-classifier-model";

/**
 * Registers `classifiers/language-model`. The model, the fallback classifier
 * and the configured de-identifier come from the host's services; a model
 * the host refuses (a cloud model on the on-prem tier) is a configuration
 * error at first use, not a silent fallback.
 */
export function activate(ctx: PluginContext): void {
  const model = typeof ctx.settings.model === "string" ? ctx.settings.model : "";
  const fallbackId = typeof ctx.settings.fallback === "string" && ctx.settings.fallback ? ctx.settings.fallback : "profile-similarity";
  ctx.register("classifiers", "language-model", async () => {
    if (fallbackId === "language-model") throw new RoundsError("CONFIG_INVALID", "The language-model classifier cannot be its own fallback.", { details: { setting: `${SETTING}.fallback` } });
    const services = ctx.services as {
      languageModel?: (id: string) => Promise<LanguageModel>;
      classifier?: (id: string) => Promise<Classifier>;
      deidentifier?: () => Promise<Deidentifier>;
    };
    if (!services.classifier || !services.deidentifier || (model && !services.languageModel)) {
      throw new RoundsError("CONFIG_INVALID", "The language-model classifier needs the host's classifier, de-identifier and language-model services.", { details: { setting: SETTING } });
    }
    return new ModelClassifier({
      ...(model && { model: await services.languageModel!(model) }),
      fallback: await services.classifier(fallbackId),
      deidentifier: await services.deidentifier(),
      logger: ctx.logger,
      maxChars: Number(ctx.settings.maxChars ?? 6000),
      maxOutputTokens: Number(ctx.settings.maxOutputTokens ?? 300),
    });
  });
}
