import { open } from "node:fs/promises";
import type { AppContext } from "../app/app-context.ts";
import { sanitizeFileName } from "./file-name.ts";
import { tooLarge, uploadLimit } from "./ingest-file.ts";
import { sniffMediaType } from "./media-type.ts";

/**
 * Reads a local file for ingest with the upload limit applied before and
 * while reading: the first bytes decide the media type, hence the limit;
 * a file over it is refused without being read, and one that grows past it
 * while being read stops at the limit. Memory is bounded by the limit, not
 * by the file.
 */
export async function readLocalFile(app: AppContext, path: string, fileName: string): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(Math.min(size, 64 * 1024));
    await file.read(head, 0, head.length, 0);
    const limit = uploadLimit(app, sniffMediaType(head, fileName));
    if (size > limit) throw tooLarge(sanitizeFileName(fileName), size, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of file.createReadStream({ start: 0, autoClose: false }) as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw tooLarge(sanitizeFileName(fileName), total, limit);
      chunks.push(chunk);
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } finally {
    await file.close();
  }
}

/** A local file's size and first bytes (enough to tell its media type), without reading the rest. */
export async function peekLocalFile(path: string): Promise<{ head: Uint8Array; size: number }> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(Math.min(size, 64 * 1024));
    await file.read(head, 0, head.length, 0);
    return { head, size };
  } finally {
    await file.close();
  }
}
