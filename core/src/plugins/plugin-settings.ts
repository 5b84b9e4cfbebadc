/**
 * A plugin's settings, as its manifest declares them (VS Code's
 * `contributes.configuration`): a JSON Schema object whose properties may name
 * the environment variable that sets them (`"env": "SLACK_BOT_TOKEN"`). Core
 * reads these names from the manifests, so a new plugin's secrets need no edit
 * outside the plugin's own folder.
 */
import type { LoadedManifest } from "./manifest.ts";

export type SettingType = "string" | "number" | "boolean" | "list";

/** One declared setting, for `rounds plugins`, the admin API and the environment. */
export interface PluginSetting {
  /** The property name under `pluginSettings["<plugin>"]`. */
  name: string;
  type: SettingType;
  description?: string;
  /** The environment variable that sets it, when the manifest names one. */
  env?: string;
}

const typeOf = (schemaType: unknown): SettingType =>
  schemaType === "integer" || schemaType === "number" ? "number"
    : schemaType === "boolean" ? "boolean"
      : schemaType === "array" ? "list"
        : "string";

/** The settings a manifest declares, in manifest order. */
export function pluginSettings(loaded: Pick<LoadedManifest, "manifest">): PluginSetting[] {
  const properties = (loaded.manifest.contributes.configuration?.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).map(([name, spec]) => ({
    name,
    type: typeOf(spec.type),
    ...(typeof spec.description === "string" ? { description: spec.description } : {}),
    ...(typeof spec.env === "string" ? { env: spec.env } : {}),
  }));
}
