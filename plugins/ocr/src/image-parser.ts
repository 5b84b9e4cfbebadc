import type { ParseInput, ParsedDocument, Parser } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import type { Recognizer } from "./recognizer.ts";

/**
 * PNG and JPEG images (and, through the PDF parser, the pages of scans) read
 * by OCR: one section, marked `ocr`, so citations say the text was recognised.
 * The recogniser (a Tesseract worker) starts on first use and stays for the next image.
 */
export function createImageParser(recognizer: () => Promise<Recognizer>): Parser {
  return {
    specificationVersion: "v1",
    id: "ocr",
    mediaTypes: ["image/png", "image/jpeg"],
    async parse(input: ParseInput): Promise<ParsedDocument> {
      const r = await recognizer();
      const { text } = await r.recognize(input.bytes, input.onProgress);
      const t = text.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
      if (!t) throw new RoundsError("PARSE_FAILED", "No text was recognised in the image.", { details: { reason: "empty" } });
      return { kind: "document", sections: [{ text: t, ocr: true }] };
    },
  };
}
