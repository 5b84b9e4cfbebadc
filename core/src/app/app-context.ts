import type { RoundsConfig } from "../config/index.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import type { Logger } from "../logging/logger.ts";
import type { PluginHost } from "../plugins/index.ts";
import type { BlobStore } from "../ports/index.ts";
import type { RateCounter } from "../identity/rate-counter.ts";
import type { Store } from "../store/store.ts";

/**
 * Everything a use case needs, built once by the composition root
 * (`bot/src/app/create-app.ts`) and passed down. Use cases are plain
 * functions `(app, input) => result` in `core/src/<domain>/<verb-noun>.ts`.
 */
export interface AppContext {
  config: RoundsConfig;
  host: PluginHost;
  store: Store;
  jobs: JobQueue;
  blobs: BlobStore;
  logger: Logger;
  /** Shared hit counter for rate limits (Redis on the server tier); the database when absent. */
  rateCounter?: RateCounter;
  /** Injectable clock for tests. */
  now(): Date;
}
