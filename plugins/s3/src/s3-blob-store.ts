import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NotFound, NoSuchKey,
  PutObjectCommand, S3Client, S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { RoundsError, assertBlobKey, type BlobInfo, type BlobStore } from "@rounds/core";

export interface S3BlobStoreOptions {
  bucket: string;
  region?: string;
  /** Custom endpoint for R2, MinIO or a local S3 server. */
  endpoint?: string;
  /** Path-style URLs (MinIO, s3rver). */
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix inside the bucket. */
  prefix?: string;
  /**
   * When the SDK adds its own flexible checksums. AWS S3 supports them;
   * many S3-compatible servers (older MinIO, s3rver) do not understand the
   * aws-chunked encoding they bring, so the default is `WHEN_REQUIRED`.
   * Rounds verifies content with its own sha256 either way.
   */
  sdkChecksums?: "WHEN_SUPPORTED" | "WHEN_REQUIRED";
}

/**
 * S3-compatible blob store (AWS S3, Cloudflare R2, MinIO). Uploads are
 * spooled to a temp file while their sha256 is computed, then sent with a
 * known length and the checksum as object metadata: bounded memory for any
 * size, and a checksum every reader can verify.
 */
export class S3BlobStore implements BlobStore {
  readonly specificationVersion = "v1" as const;
  readonly id = "s3";
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? options.prefix.replace(/\/?$/, "/") : "";
    this.client = new S3Client({
      region: options.region ?? "us-east-1",
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      requestChecksumCalculation: options.sdkChecksums ?? "WHEN_REQUIRED",
      responseChecksumValidation: options.sdkChecksums ?? "WHEN_REQUIRED",
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    });
  }

  private k(key: string): string {
    assertBlobKey(key);
    return this.prefix + key;
  }

  async put(key: string, body: Uint8Array | Readable, options: { contentType?: string } = {}): Promise<BlobInfo> {
    const objectKey = this.k(key);
    const contentType = options.contentType ?? "application/octet-stream";
    const dir = await mkdtemp(join(tmpdir(), "rounds-s3-"));
    const spool = join(dir, randomUUID());
    try {
      const hash = createHash("sha256");
      const meter = new Transform({ transform(chunk: Buffer, _e, done) { hash.update(chunk); done(null, chunk); } });
      await pipeline(body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body, meter, createWriteStream(spool));
      const sha256 = hash.digest("hex");
      const size = (await stat(spool)).size;
      await this.client.send(new PutObjectCommand({
        Bucket: this.bucket, Key: objectKey, Body: createReadStream(spool), ContentLength: size, ContentType: contentType,
        Metadata: { sha256 },
      }));
      return { key, size, sha256, contentType };
    } catch (error) {
      throw wrap(error, "upload");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.k(key) }));
      return out.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new RoundsError("NOT_FOUND", "Blob not found.", { details: { key } });
      throw wrap(error, "download");
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.k(key) }));
      return { key, size: out.ContentLength ?? 0, sha256: out.Metadata?.sha256 ?? "", contentType: out.ContentType ?? "application/octet-stream" };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw wrap(error, "head");
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.k(key) }));
    } catch (error) {
      if (!isMissing(error)) throw wrap(error, "delete");
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    const keys: string[] = [];
    do {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: token }));
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.prefix.length));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    yield* keys.sort();
  }

  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: this.k(key) }), { expiresIn: expiresInSeconds });
  }

  dispose(): void {
    this.client.destroy();
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || error instanceof NotFound
    || (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey"));
}

function wrap(error: unknown, op: string): RoundsError {
  if (RoundsError.isInstance(error)) return error;
  const name = error instanceof Error ? error.name : "Error";
  return new RoundsError("UPSTREAM_FAILED", `S3 ${op} failed (${name}).`, { cause: error });
}
