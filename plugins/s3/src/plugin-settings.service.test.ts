// The S3 store's settings are the plugin's own: the `S3_*` variables its
// manifest declares reach it through core's `loadConfig` and the plugin host,
// and the store they configure talks to a real S3 protocol server (s3rver,
// started here on loopback). Core's config knows nothing about S3: the old
// `blob.s3` place is refused, naming the new one.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { type BlobStore, loadConfig, PluginHost, type RoundsError, silentLogger } from "@rounds/core";
// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const plugin = "@rounds/plugin-s3";
let endpoint = "";
let server: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  const instance = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: mkdtempSync(join(tmpdir(), "s3rver-")) });
  const { port } = (await instance.run()) as { port: number };
  server = instance;
  endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => server?.close());

async function failure(run: () => unknown): Promise<RoundsError> {
  try {
    await run();
  } catch (e) {
    return e as RoundsError;
  }
  throw new Error("expected a failure");
}

async function withStore<T>(settings: Record<string, Record<string, unknown>>, use: (store: Promise<BlobStore>) => Promise<T>): Promise<T> {
  const host = await PluginHost.create({ plugins: [plugin], tier: "server", dataDir: mkdtempSync(join(tmpdir(), "rounds-s3-")), settings, logger: silentLogger(), resolveFrom: root });
  try {
    return await use(host.get("blobStores", "s3"));
  } finally {
    await host.dispose();
  }
}

describe("the S3 plugin's settings", () => {
  it("come from the S3_* variables its manifest declares and configure a working store", async () => {
    const bucket = `rounds-settings-${process.pid}`;
    const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const env = { ROUNDS_PLUGINS: plugin, ROUNDS_BLOB_STORE: "s3", S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_FORCE_PATH_STYLE: "true", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER", S3_PREFIX: "clinic-a" };
    const config = loadConfig({ env, cwd: mkdtempSync(join(tmpdir(), "rounds-cfg-")), resolvePluginsFrom: root });
    expect(config.blob).toEqual({ store: "s3" });
    expect(config.pluginSettings[plugin]).toEqual({ endpoint, bucket, forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER", prefix: "clinic-a" });
    await withStore(config.pluginSettings, async (pending) => {
      const store = await pending;
      await store.put("notes/a.txt", Buffer.from("through the plugin's settings"));
      const chunks: Buffer[] = [];
      for await (const chunk of await store.get("notes/a.txt")) chunks.push(Buffer.from(chunk as Uint8Array));
      expect(Buffer.concat(chunks).toString()).toBe("through the plugin's settings");
      // The prefix setting took effect: the object sits under it in the bucket.
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual(["clinic-a/notes/a.txt"]);
    });
    client.destroy();
  });

  it("refuse to build the store without a bucket, naming the setting and its variable", async () => {
    const error = await withStore({ [plugin]: { endpoint } }, (pending) => failure(() => pending));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe('Setting pluginSettings["@rounds/plugin-s3"].bucket (S3_BUCKET) is required when blob.store is s3.');
  });

  it("are refused under core's old blob.s3, with the new place named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rounds-cfg-"));
    writeFileSync(join(dir, "rounds.config.json"), JSON.stringify({ plugins: [plugin], blob: { store: "s3", s3: { bucket: "b", endpoint } } }));
    const error = await failure(() => loadConfig({ env: {}, cwd: dir, resolvePluginsFrom: root }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/^Setting blob\.s3 has moved to pluginSettings\["@rounds\/plugin-s3"\] .*or set S3_BUCKET, S3_REGION, S3_ENDPOINT/);
  });
});
