import { RoundsError, type ParseFailureReason } from "@rounds/core";

/** A parse failure with a stable reason; the message never quotes the document. */
export function parseFailure(reason: ParseFailureReason, message: string): RoundsError {
  return new RoundsError("PARSE_FAILED", message, { details: { reason } });
}

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw parseFailure("corrupt", "The file is not valid UTF-8 text.");
  }
}
