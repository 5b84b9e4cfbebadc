import { RoundsError, type PluginContext } from "@rounds/core";
import { S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.ts";

export { S3BlobStore, type S3BlobStoreOptions };

/**
 * Registers the S3 blob store. Its settings are this plugin's own
 * (`pluginSettings["@rounds/plugin-s3"]`, or the `S3_*` variables its manifest
 * declares); the store is built, and a missing bucket refused, only when the
 * configuration picks it (`blob.store: "s3"`).
 */
export function activate(ctx: PluginContext): void {
  const settings = ctx.settings as Partial<S3BlobStoreOptions>;
  ctx.register("blobStores", "s3", () => {
    if (!settings.bucket) {
      throw new RoundsError("CONFIG_INVALID", `Setting pluginSettings["${ctx.pluginId}"].bucket (S3_BUCKET) is required when blob.store is s3.`, { details: { plugin: ctx.pluginId, setting: "bucket" } });
    }
    return new S3BlobStore({ ...settings, bucket: settings.bucket });
  });
}
