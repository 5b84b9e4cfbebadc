import type { DeidOperator, LanguageModel, PluginContext } from "@rounds/core";
import { RoundsError } from "@rounds/core/errors";
import { ModelSecondPass } from "./model-second-pass.ts";
import { SafeHarborDeidentifier, type SafeHarborSettings } from "./safe-harbor.ts";

export { mergeSpans, REDACTED, SafeHarborDeidentifier, type SafeHarborSettings } from "./safe-harbor.ts";
export { ModelSecondPass, SECOND_PASS_PROMPT } from "./model-second-pass.ts";
export { shiftDate } from "./pseudonymizer.ts";

const OPERATORS: readonly DeidOperator[] = ["placeholder", "pseudonym", "redact", "keep"];

export interface DeidPluginSettings extends SafeHarborSettings {
  /** A `languageModels` id for the optional second pass; none (the default) turns it off. */
  secondPassModel?: string;
}

/** Reads the validated settings (the host applies the manifest's defaults). */
export function settingsFrom(raw: Record<string, unknown>): DeidPluginSettings {
  const settings: DeidPluginSettings = {};
  if (typeof raw.operator === "string" && (OPERATORS as readonly string[]).includes(raw.operator)) settings.operator = raw.operator as DeidOperator;
  if (typeof raw.minConfidence === "number") settings.minConfidence = raw.minConfidence;
  if (Array.isArray(raw.gazetteer)) settings.gazetteer = raw.gazetteer.filter((n): n is string => typeof n === "string");
  if (typeof raw.secondPassModel === "string" && raw.secondPassModel) settings.secondPassModel = raw.secondPassModel;
  return settings;
}

/**
 * Registers the Safe Harbor de-identifier (`deidentifiers` / `safe-harbor`);
 * with `secondPassModel` set, wrapped in the model second pass, the model
 * taken from the host's `languageModel` service.
 */
export function activate(ctx: PluginContext): void {
  const settings = settingsFrom(ctx.settings);
  ctx.register("deidentifiers", "safe-harbor", async () => {
    const rules = new SafeHarborDeidentifier(settings);
    if (!settings.secondPassModel) return rules;
    const languageModel = ctx.services.languageModel as ((id: string) => Promise<LanguageModel>) | undefined;
    if (!languageModel) throw new RoundsError("CONFIG_INVALID", "secondPassModel is set but this host lends no language models to plugins.", { details: { setting: "pluginSettings.@rounds/plugin-deid.secondPassModel" } });
    return new ModelSecondPass(rules, await languageModel(settings.secondPassModel));
  });
}
