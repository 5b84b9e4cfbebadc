import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { RoundsError, assertBlobKey, type BlobInfo, type BlobStore } from "@rounds/core";

/**
 * Blobs in a local folder: `objects/<key>` holds the bytes, `meta/<key>.json`
 * size, sha256 and content type. Writes go to a temp file and are renamed
 * into place, so a crash never leaves a half-written blob under its key.
 */
export class FsBlobStore implements BlobStore {
  readonly specificationVersion = "v1" as const;
  readonly id = "fs";
  private readonly objects: string;
  private readonly meta: string;
  private readonly tmp: string;

  constructor(root: string) {
    this.objects = join(root, "objects");
    this.meta = join(root, "meta");
    this.tmp = join(root, "tmp");
  }

  async put(key: string, body: Uint8Array | Readable, options: { contentType?: string } = {}): Promise<BlobInfo> {
    assertBlobKey(key);
    await mkdir(this.tmp, { recursive: true, mode: 0o700 });
    const tmpFile = join(this.tmp, randomUUID());
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const source = body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body;
    try {
      await pipeline(source, meter, createWriteStream(tmpFile, { mode: 0o600 }));
      const info: BlobInfo = { key, size, sha256: hash.digest("hex"), contentType: options.contentType ?? "application/octet-stream" };
      const target = join(this.objects, key);
      // Only the server's user reads stored documents (the folder may be outside the data folder, via `root`).
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await mkdir(dirname(join(this.meta, key)), { recursive: true, mode: 0o700 });
      await rename(tmpFile, target);
      await writeFile(join(this.meta, `${key}.json`), JSON.stringify(info), { mode: 0o600 });
      return info;
    } catch (error) {
      await rm(tmpFile, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const info = await this.head(key);
    if (!info) throw new RoundsError("NOT_FOUND", "Blob not found.", { details: { key } });
    return createReadStream(join(this.objects, key));
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    try {
      return JSON.parse(await readFile(join(this.meta, `${key}.json`), "utf8")) as BlobInfo;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await rm(join(this.meta, `${key}.json`), { force: true });
    await rm(join(this.objects, key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<string> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else keys.push(relative(this.objects, full).split(sep).join("/"));
      }
    };
    await walk(this.objects);
    for (const k of keys.filter((k) => k.startsWith(prefix)).sort()) yield k;
  }
}
