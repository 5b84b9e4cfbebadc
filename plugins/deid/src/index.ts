import type { DeidOperator, PluginContext } from "@rounds/core";
import { SafeHarborDeidentifier, type SafeHarborSettings } from "./safe-harbor.ts";

export { mergeSpans, REDACTED, SafeHarborDeidentifier, type SafeHarborSettings } from "./safe-harbor.ts";
export { shiftDate } from "./pseudonymizer.ts";

const OPERATORS: readonly DeidOperator[] = ["placeholder", "pseudonym", "redact", "keep"];

/** Reads the validated settings (the host applies the manifest's defaults). */
export function settingsFrom(raw: Record<string, unknown>): SafeHarborSettings {
  const settings: SafeHarborSettings = {};
  if (typeof raw.operator === "string" && (OPERATORS as readonly string[]).includes(raw.operator)) settings.operator = raw.operator as DeidOperator;
  if (typeof raw.minConfidence === "number") settings.minConfidence = raw.minConfidence;
  if (Array.isArray(raw.gazetteer)) settings.gazetteer = raw.gazetteer.filter((n): n is string => typeof n === "string");
  return settings;
}

/** Registers the Safe Harbor de-identifier (`deidentifiers` / `safe-harbor`). */
export function activate(ctx: PluginContext): void {
  const settings = settingsFrom(ctx.settings);
  ctx.register("deidentifiers", "safe-harbor", () => new SafeHarborDeidentifier(settings));
}
