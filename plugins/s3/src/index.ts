import type { PluginContext } from "@rounds/core";
import { S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.ts";

export { S3BlobStore, type S3BlobStoreOptions };

/** Registers the S3 blob store; settings come from `blob.s3` in the Rounds config or this plugin's settings. */
export function activate(ctx: PluginContext): void {
  const fromConfig = (ctx.services.blobS3 ?? {}) as Partial<S3BlobStoreOptions>;
  const options = { ...fromConfig, ...(ctx.settings as Partial<S3BlobStoreOptions>) } as S3BlobStoreOptions;
  ctx.register("blobStores", "s3", () => new S3BlobStore(options));
}
