/**
 * `@rounds/core/startup`: what a process needs before it runs anything
 * (configuration, errors, the plugin host reading manifests, the names of
 * core's commands), without the use cases, the job queues or the API. The
 * CLI builds its help and checks its arguments from this alone.
 */
export { RoundsError, errorCodes, inputErrorOf, type ErrorCode } from "./errors/index.ts";
export { loadConfig, type LoadConfigOptions, type RoundsConfig } from "./config/index.ts";
export { PluginHost } from "./plugins/host.ts";
export type { CommandContribution } from "./plugins/manifest.ts";
export { builtinCommandContributions } from "./commands/builtin-contributions.ts";
export { DEFAULT_DOMAIN, describeDomain } from "./tenancy/default-domain.ts";
// Leaf helpers the CLI's own `deid` command runs before (or without) an app: a text check and placeholder numbering.
export { sniffMediaType } from "./ingest/media-type.ts";
export { placeholderNumbering } from "./ports/deidentifier.ts";
