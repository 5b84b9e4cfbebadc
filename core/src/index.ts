/**
 * @rounds/core: ports, the plugin host, configuration, jobs, use cases and
 * the HTTP API. Imports no vendor SDK (see README.md).
 */
export * from "./errors/index.ts";
export * from "./ports/index.ts";
export * from "./plugins/index.ts";
export * from "./config/index.ts";
export { createLogger, silentLogger, phiKeys, type Logger, type LoggerOptions } from "./logging/logger.ts";
export { assertBlobKey, collect } from "./blob/blob-key.ts";
