import { isAbsolute, join, resolve } from "node:path";
import type { PluginContext } from "@rounds/core";
import { FsBlobStore } from "./fs-blob-store.ts";

export { FsBlobStore };

/** Registers the local-folder blob store (the embedded default) under `<dataDir>/blobs` unless `root` is set. */
export function activate(ctx: PluginContext): void {
  const root = typeof ctx.settings.root === "string" ? ctx.settings.root : undefined;
  const dir = root ? (isAbsolute(root) ? root : resolve(root)) : join(ctx.dataDir, "..", "..", "blobs");
  ctx.register("blobStores", "fs", () => new FsBlobStore(dir));
}
