import { parseFailure } from "./fail.ts";

export interface ZipLimits {
  /** Largest total uncompressed size accepted. */
  maxUncompressedBytes: number;
  /** Largest compression ratio of one entry (zip bombs are ratios of 1000+). */
  maxRatio: number;
  maxEntries: number;
}

/**
 * Reads a ZIP's central directory (no inflation) and rejects archives that
 * would expand absurdly: too large in total, too many entries, or an entry
 * compressed beyond any real document's ratio. Returns the entry names.
 */
export function inspectZip(bytes: Uint8Array, limits: ZipLimits): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw parseFailure("corrupt", "The file is not a valid ZIP-based document.");
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count > limits.maxEntries) throw parseFailure("too_large", "The document has too many parts.");
  const names: string[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw parseFailure("corrupt", "The document's ZIP directory is damaged.");
    const compressed = view.getUint32(offset + 20, true);
    const uncompressed = view.getUint32(offset + 24, true);
    const nameLen = view.getUint16(offset + 28, true);
    const extraLen = view.getUint16(offset + 30, true);
    const commentLen = view.getUint16(offset + 32, true);
    names.push(new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLen)));
    total += uncompressed;
    if (uncompressed > 1_000_000 && uncompressed / Math.max(compressed, 1) > limits.maxRatio) {
      throw parseFailure("too_large", "The document expands to an implausible size (possible ZIP bomb).");
    }
    offset += 46 + nameLen + extraLen + commentLen;
  }
  if (total > limits.maxUncompressedBytes) throw parseFailure("too_large", "The document expands beyond the size limit.");
  return names;
}
