import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { RoundsError } from "../../errors/index.ts";
import type { BlobInfo, BlobStore } from "../../ports/index.ts";
import { assertBlobKey, collect } from "../../blob/blob-key.ts";

/** In-memory blob store: the fake every blob store's conformance suite also runs against. */
export class MemoryBlobStore implements BlobStore {
  readonly specificationVersion = "v1" as const;
  readonly id = "memory";
  private readonly blobs = new Map<string, { bytes: Uint8Array; info: BlobInfo }>();

  async put(key: string, body: Uint8Array | Readable, options: { contentType?: string } = {}): Promise<BlobInfo> {
    assertBlobKey(key);
    const bytes = body instanceof Uint8Array ? body : await collect(body);
    const info: BlobInfo = {
      key, size: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex"),
      contentType: options.contentType ?? "application/octet-stream",
    };
    this.blobs.set(key, { bytes: new Uint8Array(bytes), info });
    return info;
  }

  async get(key: string): Promise<Readable> {
    assertBlobKey(key);
    const hit = this.blobs.get(key);
    if (!hit) throw new RoundsError("NOT_FOUND", "Blob not found.", { details: { key } });
    return Readable.from([Buffer.from(hit.bytes)]);
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    return this.blobs.get(key)?.info;
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    this.blobs.delete(key);
  }

  async *list(prefix: string): AsyncIterable<string> {
    for (const k of [...this.blobs.keys()].filter((k) => k.startsWith(prefix)).sort()) yield k;
  }
}
