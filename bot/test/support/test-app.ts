import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger, type InlinePlugin, type Logger, type RoundsConfig, type RoundsConfigInput } from "@rounds/core";
import { serviceFromEnv } from "@rounds/core/testing";
import { emptyClusterImage, freshDatabase, migratedPgliteCopy } from "@rounds/db/testing";
import { createApp, type RoundsApp } from "../../src/app/create-app.ts";
import { loadRoundsConfig } from "../../src/app/load-rounds-config.ts";

export interface AppTarget {
  name: "embedded" | "server";
  /** Settings that make one environment (database, queue, blobs); call once per suite and reuse for apps sharing data. */
  environment(): Promise<RoundsConfigInput>;
}

const cleanups: Array<() => Promise<void> | void> = [];
export async function cleanupTargets(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}

let s3: { endpoint: string } | undefined;
async function s3Server(): Promise<{ endpoint: string }> {
  if (s3) return s3;
  const dir = mkdtempSync(join(tmpdir(), "rounds-s3rver-"));
  // Loaded here, not at the top: a suite that never makes a server-tier environment does not pay for s3rver and the S3 client.
  // @ts-expect-error s3rver ships no types
  const { default: S3rver } = await import("s3rver");
  const instance = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir });
  const { port } = (await instance.run()) as { port: number };
  cleanups.push(async () => {
    await instance.close();
    s3 = undefined;
  });
  s3 = { endpoint: `http://127.0.0.1:${port}` };
  return s3;
}

let seq = 0;

/**
 * The tiers a flow runs on: embedded (file-backed PGlite, database job
 * queue, local folder) always; server (PostgreSQL, BullMQ on Redis, S3 over
 * s3rver) when TEST_DATABASE_URL and TEST_REDIS_URL are set. Under CI (CI=1
 * or CI=true) the server tier may not be skipped.
 */
export function appTargets(): AppTarget[] {
  const targets: AppTarget[] = [{
    name: "embedded",
    async environment() {
      const dataDir = mkdtempSync(join(tmpdir(), "rounds-app-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      // A copy of a migrated database made once per run: creating one per app took most of a small suite's time.
      await migratedPgliteCopy(dataDir);
      return { tier: "embedded", dataDir };
    },
  }];
  const db = serviceFromEnv("TEST_DATABASE_URL", "the server-tier runs of these suites", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
  const redis = serviceFromEnv("TEST_REDIS_URL", "the server-tier runs of these suites", "redis://127.0.0.1:6379");
  if (db && redis) {
    targets.push({
      name: "server",
      async environment() {
        const dataDir = mkdtempSync(join(tmpdir(), "rounds-app-"));
        cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
        const { endpoint } = await s3Server();
        const { CreateBucketCommand, S3Client } = await import("@aws-sdk/client-s3");
        const bucket = `rounds-flow-${process.pid}-${seq++}`;
        const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        client.destroy();
        return {
          tier: "server", dataDir, serverSecret: "test-secret-test-secret",
          database: { url: await freshDatabase(db) },
          queue: { redisUrl: redis, prefix: `rounds-test-${process.pid}-${seq++}`, concurrency: 2 },
          blob: { store: "s3" },
          plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-s3", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"],
          pluginSettings: { "@rounds/plugin-s3": { endpoint, bucket, forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } },
        };
      },
    });
  }
  return targets;
}

/** An app over an environment, with extra settings and inline plugins; migrated, worker running. An in-memory database starts from the run's new cluster (emptyClusterImage), not initdb. */
export async function startApp(environment: RoundsConfigInput, extra: Partial<RoundsConfigInput> = {}, plugins: InlinePlugin[] = [], logger: Logger = silentLogger(), now?: () => Date): Promise<RoundsApp> {
  const config: RoundsConfig = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { log: { level: "silent" }, ...environment, ...extra, pluginSettings: { ...environment.pluginSettings, ...extra.pluginSettings } } as never });
  const memoryImage = config.database.url === "memory://" ? await emptyClusterImage() : undefined;
  const app = await createApp(config, { migrate: true, logger, plugins, ...(now ? { now } : {}), ...(memoryImage ? { memoryImage } : {}) });
  await app.jobs.startWorker({ concurrency: 2 });
  return app;
}
