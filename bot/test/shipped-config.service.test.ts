// The configuration Rounds ships must boot. `.env.example` (copied to `.env`
// as its header says) and `docker-compose.yml`'s environment are read as
// files, interpolated the way Docker Compose does (a service's `env_file`,
// `.env`, under its `environment`), pointed at this machine's
// PostgreSQL, Redis and an S3 server (only the network endpoints and the
// data folder are replaced), then `rounds migrate` runs as a real process
// and every configured plugin is activated and every configured id
// (embedder, classifier, de-identifier, blob store) resolves. A plugin name
// that does not exist fails here instead of in an operator's first start.
import { silentLogger } from "@rounds/core";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app/create-app.ts";
import { runCli } from "./support/cli-process.ts";
import { composeEnvironment, dotEnvExample as readDotEnvExample } from "./support/compose-file.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";

afterAll(cleanupTargets);

const server = appTargets().find((t) => t.name === "server");

const dotEnvExample = readDotEnvExample();
// The secrets an operator must fill in; everything else as shipped.
const minimalDotEnv = { ROUNDS_SERVER_SECRET: "a-long-random-test-secret", POSTGRES_PASSWORD: "pw", MINIO_ROOT_PASSWORD: "pw-too" };

const sources: Array<[string, () => Record<string, string>]> = [
  [".env.example", () => dotEnvExample],
  ["docker-compose.yml migrate service with .env.example as .env", () => composeEnvironment(dotEnvExample, "migrate")],
  ["docker-compose.yml api service with only the required secrets", () => composeEnvironment(minimalDotEnv, "api")],
];

describe.skipIf(!server).each(sources)("the shipped configuration from %s", (_name, shipped) => {
  it("resolves its plugins and runs migrate", async () => {
    const env = await server!.environment() as {
      dataDir: string; database: { url: string }; queue: { redisUrl: string; prefix: string };
      pluginSettings: { "@rounds/plugin-s3": { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string } };
    };
    const s3 = env.pluginSettings["@rounds/plugin-s3"];
    const shippedEnv = shipped();
    expect(shippedEnv.ROUNDS_PLUGINS, "the shipped configuration names its plugins").toBeTruthy();
    // Only where things are on this machine changes.
    const local: Record<string, string> = {
      ...Object.fromEntries(Object.entries(shippedEnv).filter(([, v]) => v !== "")),
      ROUNDS_DATA_DIR: env.dataDir, DATABASE_URL: env.database.url, REDIS_URL: env.queue.redisUrl, ROUNDS_QUEUE_PREFIX: env.queue.prefix,
      S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      ROUNDS_LOG_LEVEL: "warn",
    };
    expect(await runCli(["migrate"], local)).toMatch(/Migrations applied/);

    const config = loadRoundsConfig({ env: local });
    expect(config.plugins).toEqual(shippedEnv.ROUNDS_PLUGINS!.split(",").map((p) => p.trim()));
    const app = await createApp(config, { migrate: false, logger: silentLogger() });
    try {
      await app.host.activateAll();
      for (const p of app.host.list()) expect(`${p.name}: ${p.state}${p.error ? ` ${p.error}` : ""}`).toBe(`${p.name}: active`);
      await expect(app.host.get("embedders", config.models.embedder)).resolves.toBeDefined();
      await expect(app.host.get("classifiers", config.models.classifier)).resolves.toBeDefined();
      await expect(app.host.get("blobStores", config.blob.store)).resolves.toBeDefined();
      if (config.models.deidentifier) await expect(app.host.get("deidentifiers", config.models.deidentifier)).resolves.toBeDefined();
      expect(await app.database.ping()).toBe(true);
    } finally {
      await app.close();
    }
  }, 180_000);
});
