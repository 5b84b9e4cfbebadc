import type { Readable } from "node:stream";
import { RoundsError } from "../errors/index.ts";

/** Rejects keys that could escape a store's root: absolute, `..`, empty or odd segments. */
export function assertBlobKey(key: string): void {
  const ok = key.length > 0 && key.length <= 1024 && !key.startsWith("/") && !key.includes("\\") && !key.includes("\0")
    && key.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
  if (!ok) throw new RoundsError("BAD_REQUEST", "Invalid blob key.", { details: { reason: "invalid_key" } });
}

/** Reads a stream fully. For small blobs only; large ones should be streamed. */
export async function collect(stream: Readable | AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<string | Uint8Array>) parts.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * Reads an HTTP response body of at most `maxBytes`: refused before reading
 * when its declared length is over, and the transfer aborted as soon as the
 * bytes pass the limit. `tooLarge` makes the caller's error (the declared
 * size, when there was one). Checking `response.ok` stays with the caller.
 */
export async function readBodyLimited(response: Response, maxBytes: number, tooLarge: (declaredSize?: number) => Error): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body.cancel();
    throw tooLarge(declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
