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
  for await (const chunk of stream) parts.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(parts));
}
