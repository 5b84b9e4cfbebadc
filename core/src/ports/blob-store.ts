import type { Readable } from "node:stream";

/** Metadata of a stored blob. */
export interface BlobInfo {
  key: string;
  /** Size in bytes. */
  size: number;
  /** Hex sha256 of the content, computed while writing. */
  sha256: string;
  contentType: string;
}

/**
 * Where original uploads, datasets and model artifacts live.
 * Keys are `/`-separated relative paths; implementations reject `..`,
 * absolute paths and empty segments.
 *
 * Version history: v1 (initial).
 */
export interface BlobStore {
  readonly specificationVersion: "v1";
  /** Store id, e.g. `fs` or `s3`. */
  readonly id: string;
  /** Streams `body` to `key`, replacing any previous content. */
  put(key: string, body: Uint8Array | Readable, options?: { contentType?: string }): Promise<BlobInfo>;
  /** Streams the content; throws `RoundsError(NOT_FOUND)` when absent. */
  get(key: string): Promise<Readable>;
  /** Metadata, or `undefined` when absent. */
  head(key: string): Promise<BlobInfo | undefined>;
  /** Removes the key; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Keys under a prefix, in lexical order. */
  list(prefix: string): AsyncIterable<string>;
  /** A time-limited URL for direct download, when the store has one. */
  presignGet?(key: string, expiresInSeconds: number): Promise<string>;
}
