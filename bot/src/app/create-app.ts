/**
 * The composition root: the one place that knows every concrete part. It
 * opens the database, starts the plugin host, resolves the blob store, picks
 * the job queue for the tier and hands use cases an `AppContext`.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  PluginHost, RoundsError, builtinCommandsPlugin, requireOptionalDependencies, databaseRateCounter, redisRateCounter, builtinJobs, evaluationAnswerer, createBullmqQueue, createDatabaseQueue, createLogger,
  type AppContext, type InlinePlugin, type JobQueue, type Logger, type RoundsConfig,
} from "@rounds/core";
import { createStore, openDatabase, type DatabaseHandle } from "@rounds/db";
import { localOperator } from "../cli/local-operator.ts";
import { closeTree, privateDataDir } from "./private-data-dir.ts";

export interface RoundsApp extends AppContext {
  database: DatabaseHandle;
  /** Disposes everything in reverse order of creation. */
  close(): Promise<void>;
}

export interface CreateAppOptions {
  logger?: Logger;
  /** Apply migrations on start (embedded tier default). */
  migrate?: boolean;
  now?: () => Date;
  /** What holds an embedded data folder's lock (`serve`, `worker`, `cli`), named to a process that is refused. */
  owner?: string;
  /** Plugins given as objects (embedding apps, tests), loaded after the configured ones. */
  plugins?: InlinePlugin[];
  /** With `database.url` `memory://`: the archive of a data folder the in-memory database starts from (OpenDatabaseOptions). */
  memoryImage?: Blob;
}

const botDir = dirname(fileURLToPath(import.meta.url));

export async function createApp(config: RoundsConfig, options: CreateAppOptions = {}): Promise<RoundsApp> {
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const closers: Array<() => Promise<void>> = [];
  try {
    // First in, last out: spans of the whole shutdown are flushed before the process exits.
    if (config.observability.tracing.enabled) {
      // The exporters are optional packages: a default install leaves them out.
      requireOptionalDependencies("Tracing (observability.tracing)", resolve(botDir, "../.."));
      const { startTracing } = await import("./tracing.ts");
      const tracing = startTracing(config.observability.tracing);
      closers.push(() => tracing.close());
    }
    privateDataDir(config.dataDir);
    const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, owner: options.owner ?? "rounds", ...(options.memoryImage ? { memoryImage: options.memoryImage } : {}) });
    if (!config.database.url) closeTree(join(config.dataDir, "db"));
    closers.push(() => database.close());
    if (options.migrate ?? config.tier !== "server") await database.migrate();
    const store = createStore(database);

    const openQueue = (name: string | undefined): JobQueue => config.queue.redisUrl
      ? createBullmqQueue({ redisUrl: config.queue.redisUrl, prefix: config.queue.prefix, logger, app: appRef, lockDurationMs: config.queue.leaseMs, stalledIntervalMs: config.queue.leaseMs, shutdownGraceMs: config.queue.shutdownGraceMs, ...(name ? { queueName: name } : {}) })
      : createDatabaseQueue({ store, logger, app: appRef, leaseMs: config.queue.leaseMs, shutdownGraceMs: config.queue.shutdownGraceMs, ...(name ? { queue: name } : {}) });

    let app: RoundsApp | undefined;
    const appRef = () => {
      if (!app) throw new Error("app not built yet");
      return app;
    };
    const host: PluginHost = await PluginHost.create({
      plugins: [...config.plugins, ...(options.plugins ?? []), builtinCommandsPlugin(appRef)],
      tier: config.tier,
      dataDir: config.dataDir,
      settings: config.pluginSettings,
      logger,
      resolveFrom: botDir,
      // `blobs` resolves lazily: the blob store is itself a plugin (trainers read datasets through it).
      services: {
        blobs: () => host.get("blobStores", config.blob.store),
        // The differencing guard's ledger of released patient cohorts (data sources), in this database: shared by restarts and servers.
        releasedCohorts: store.releasedCohorts,
        // A language model by id, for plugins that use one as a helper (the de-identifier's optional second pass).
        languageModel: (id: string) => host.get("languageModels", id),
        // Another classifier by id (the language-model classifier's offline fallback) and the configured de-identifier (what it sends is de-identified).
        classifier: (id: string) => host.get("classifiers", id),
        deidentifier: () => host.get("deidentifiers", config.models.deidentifier),
        // The parser configured for a media type, if any (the PDF parser hands pages without a text layer to an image parser: OCR).
        parserFor: async (mediaType: string) => {
          const id = host.parserIdFor(mediaType);
          return id ? host.get("parsers", id) : undefined;
        },
        evaluationAnswerer: evaluationAnswerer(appRef, async (organizationId) => (await localOperator(appRef(), organizationId)).userId),
        // A named queue on the tier's backend (e.g. the queue trainer's `trainer` queue, served by `rounds trainer-worker`).
        openQueue: (name: string): JobQueue => {
          const queue = openQueue(name);
          closers.push(() => queue.close());
          return queue;
        },
      },
    });
    closers.push(() => host.dispose());
    // On-prem: refuse at start, not at first use, when any configured plugin would send data off the machine.
    const egress = config.tier === "on-prem" ? host.list().filter((p) => p.egress).map((p) => p.name) : [];
    if (egress.length) {
      throw new RoundsError("PLUGIN_EGRESS_REFUSED", `The on-prem tier keeps everything on this machine, but ${egress.join(", ")} would send data off it. Remove ${egress.length === 1 ? "it" : "them"} from "plugins" or use a local alternative (e.g. @rounds/plugin-llama-cpp).`, { details: { plugins: egress } });
    }
    const blobs = await host.get("blobStores", config.blob.store);

    const jobs: JobQueue = openQueue(undefined);
    closers.push(() => jobs.close());
    for (const definition of builtinJobs) jobs.register(definition);

    const rateCounter = config.queue.redisUrl ? redisRateCounter({ redisUrl: config.queue.redisUrl, prefix: config.queue.prefix, store, logger }) : databaseRateCounter(store);
    if (rateCounter.close) closers.push(() => rateCounter.close!());

    app = {
      config, host, store, jobs, blobs, logger, database, rateCounter,
      now: options.now ?? (() => new Date()),
      close: async () => {
        for (const close of closers.reverse()) {
          try {
            await close();
          } catch (error) {
            logger.warn({ err: error }, "shutdown step failed");
          }
        }
        closers.length = 0;
      },
    };
    return app;
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}
