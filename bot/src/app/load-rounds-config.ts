import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type LoadConfigOptions, type RoundsConfig } from "@rounds/core/startup";
import { defaultPlugins } from "./default-plugins.ts";

const botDir = dirname(fileURLToPath(import.meta.url));

/**
 * The configuration as the composition root reads it: core's `loadConfig` with
 * bot's default plugins under the file, and plugins (and the environment
 * variables their manifests declare) found from the bot package, as the
 * plugin host finds them.
 */
export function loadRoundsConfig(options: Omit<LoadConfigOptions, "defaults" | "resolvePluginsFrom"> = {}): RoundsConfig {
  return loadConfig({ ...options, defaults: { plugins: defaultPlugins }, resolvePluginsFrom: botDir });
}
