export { configSchema, environmentVariables, type EnvironmentVariable, type RoundsConfig, type RoundsConfigInput } from "./schema.ts";
export { loadConfig, parseConfig, pluginVariables, type LoadConfigOptions } from "./load-config.ts";
