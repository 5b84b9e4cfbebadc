/**
 * Media-type sniffing from content, not from the file name: magic bytes for
 * binary formats, structure for text formats. The extension only breaks ties
 * between text flavours (Markdown vs plain text). A small table is all Rounds
 * needs, so it is written here rather than pulling a general library into core.
 */
export const audioVideoTypes = new Set(["audio/wav", "audio/mpeg", "audio/ogg", "audio/flac", "audio/mp4", "video/mp4", "video/webm", "audio/webm"]);

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, at: number, s: string) => starts(b, [...s].map((c) => c.charCodeAt(0)), at);

function zipHas(bytes: Uint8Array, name: string): boolean {
  // Local file headers carry names in clear; enough to tell DOCX from other ZIPs.
  const needle = new TextEncoder().encode(name);
  outer: for (let i = 0; i + needle.length < Math.min(bytes.length, 4 * 1024 * 1024); i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 1024 * 1024));
    return !bytes.subarray(0, 8192).includes(0);
  } catch {
    return false;
  }
}

export function sniffMediaType(bytes: Uint8Array, fileName: string): string {
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  if (ascii(bytes, 0, "%PDF-")) return "application/pdf";
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return zipHas(bytes, "word/document.xml") || (zipHas(bytes, "[Content_Types].xml") && ext === "docx")
      ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
      : "application/zip";
  }
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return "application/x-ole-storage";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) return "audio/wav";
  if (ascii(bytes, 0, "ID3") || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0 && bytes.length > 4 && !isUtf8(bytes.subarray(0, 64)))) return "audio/mpeg";
  if (ascii(bytes, 0, "OggS")) return "audio/ogg";
  if (ascii(bytes, 0, "fLaC")) return "audio/flac";
  if (ascii(bytes, 4, "ftyp")) return ascii(bytes, 8, "M4A") ? "audio/mp4" : "video/mp4";
  if (starts(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return "video/webm";
  if (!isUtf8(bytes)) return "application/octet-stream";

  const text = new TextDecoder().decode(bytes.subarray(0, 64 * 1024)).replace(/^\uFEFF/, "");
  const head = text.trimStart();
  if (/^WEBVTT(\s|$)/.test(head)) return "text/vtt";
  if (/^\d+\s*\r?\n\d{2}:\d{2}:\d{2}[,.]\d{3}\s*-->\s*\d{2}:\d{2}:\d{2}[,.]\d{3}/.test(head)) return "application/x-subrip";
  if (/^<(!doctype html|html|head|body|article|main|div|p|h[1-6])[\s>]/i.test(head)) return "text/html";
  if (/^[[{]/.test(head) && /"(segments|start)"\s*:/.test(text) && /"text"\s*:/.test(text)) return "application/vnd.rounds.transcript+json";
  if (["md", "markdown"].includes(ext) || /^#{1,6}\s+\S/m.test(text)) return "text/markdown";
  return "text/plain";
}
