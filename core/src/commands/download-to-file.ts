import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { RoundsError } from "../errors/index.ts";

export interface DownloadOptions {
  /** The whole transfer (connect, headers, body) must finish within this. */
  timeoutMs: number;
  /** Larger bodies are refused: by their declared length before reading, otherwise as soon as the bytes pass it. */
  maxBytes: number;
  headers?: Record<string, string>;
  onProgress?(downloadedBytes: number, totalBytes?: number): void;
}

/**
 * Downloads a URL the operator named (a `SourceArgument` of kind `url`) into
 * `target`, bounded in time and size. Bytes go to a temporary file beside the
 * target that is renamed into place only when complete; on any failure it is
 * deleted, so nothing half-written is left behind. Returns the bytes written.
 */
export async function downloadToFile(url: string, target: string, options: DownloadOptions): Promise<number> {
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const part = `${target}.${randomBytes(6).toString("hex")}.part`;
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal, redirect: "follow", ...(options.headers ? { headers: options.headers } : {}) });
    } catch (cause) {
      throw failure(signal, cause, options);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new RoundsError("UPSTREAM_FAILED", `the server answered ${response.status}`, { details: { status: response.status } });
    }
    const declared = Number(response.headers.get("content-length") ?? "") || undefined;
    if (declared !== undefined && declared > options.maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge(options.maxBytes);
    }
    let total = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        total += chunk.length;
        if (total > options.maxBytes) return done(tooLarge(options.maxBytes));
        options.onProgress?.(total, declared);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), count, createWriteStream(part, { mode: 0o600 }), { signal });
    } catch (cause) {
      throw RoundsError.isInstance(cause) ? cause : failure(signal, cause, options);
    }
    await rename(part, target);
    return total;
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

const tooLarge = (maxBytes: number) => new RoundsError("PAYLOAD_TOO_LARGE", `it is larger than the ${Math.round(maxBytes / 2 ** 20)} MiB download limit`, { details: { maxBytes } });

function failure(signal: AbortSignal, cause: unknown, options: DownloadOptions): RoundsError {
  if (signal.aborted) return new RoundsError("UPSTREAM_FAILED", `it did not finish within ${Math.round(options.timeoutMs / 1000)} s`, { details: { reason: "timeout" } });
  const why = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  return new RoundsError("UPSTREAM_FAILED", `the connection failed (${why.split("\n")[0]!.slice(0, 120)})`, { cause });
}
