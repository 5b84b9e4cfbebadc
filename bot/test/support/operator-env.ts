// One deployment's settings as an operator writes them: environment
// variables (as in `.env.example`) plus a JSON config file, for the suites
// that run the real CLI as separate processes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppTarget } from "./test-app.ts";
import { defaultPlugins } from "../../src/app/default-plugins.ts";

interface ServerEnvironment {
  dataDir: string; serverSecret: string; database: { url: string }; queue: { redisUrl: string; prefix: string };
  pluginSettings: { "@rounds/plugin-s3": { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string } }; plugins: string[];
}

/** Environment variables for a fresh environment of `target`; `config` goes into the file named by ROUNDS_CONFIG. */
export async function operatorEnvironment(target: AppTarget, config: Record<string, unknown> = {}, extraPlugins: string[] = []): Promise<Record<string, string>> {
  return operatorVariables(target.name, await target.environment(), config, extraPlugins);
}

/** The same, for an environment already made (e.g. one a test app seeded first). */
export function operatorVariables(tier: AppTarget["name"], environment: unknown, config: Record<string, unknown> = {}, extraPlugins: string[] = []): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "rounds-operator-"));
  const configFile = join(dir, "rounds.config.json");
  writeFileSync(configFile, JSON.stringify(config));
  const common = { ROUNDS_CONFIG: configFile, ROUNDS_LOG_LEVEL: "info", ROUNDS_HOST: "127.0.0.1", ROUNDS_PORT: "0" };
  if (tier === "embedded") {
    const e = environment as { dataDir: string };
    return { ...common, ROUNDS_TIER: "embedded", ROUNDS_DATA_DIR: e.dataDir, ROUNDS_PLUGINS: [...defaultPlugins, ...extraPlugins].join(",") };
  }
  const e = environment as ServerEnvironment;
  const s3 = e.pluginSettings["@rounds/plugin-s3"];
  return {
    ...common,
    ROUNDS_TIER: "server", ROUNDS_DATA_DIR: e.dataDir, ROUNDS_SERVER_SECRET: e.serverSecret,
    DATABASE_URL: e.database.url, REDIS_URL: e.queue.redisUrl, ROUNDS_QUEUE_PREFIX: e.queue.prefix, ROUNDS_QUEUE_CONCURRENCY: "2",
    ROUNDS_BLOB_STORE: "s3", S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_FORCE_PATH_STYLE: "true",
    S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    ROUNDS_PLUGINS: [...e.plugins, ...extraPlugins].join(","),
  };
}
