import mammoth from "mammoth";
import type { ParseInput, ParsedDocument, Parser } from "@rounds/core";
import { parseFailure } from "./fail.ts";
import { htmlToSections } from "./html-sections.ts";
import { inspectZip, type ZipLimits } from "./zip-guard.ts";

/** DOCX through mammoth (Word headings become heading paths), behind a ZIP-bomb guard. */
export function createDocxParser(limits: ZipLimits): Parser {
  return {
    specificationVersion: "v1",
    id: "docx",
    mediaTypes: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    async parse(input: ParseInput): Promise<ParsedDocument> {
      const names = inspectZip(input.bytes, limits);
      if (names.includes("EncryptedPackage") || names.includes("EncryptionInfo")) throw parseFailure("encrypted", "The document is password-protected.");
      if (!names.includes("word/document.xml")) throw parseFailure("corrupt", "The file is a ZIP but not a Word document.");
      let html: string;
      try {
        ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(input.bytes) }));
      } catch {
        throw parseFailure("corrupt", "The Word document could not be read.");
      }
      const { sections } = htmlToSections(`<body>${html}</body>`);
      if (sections.length === 0) throw parseFailure("empty", "The document has no text.");
      const title = sections.find((s) => s.headings?.length)?.headings?.[0];
      return { kind: "document", sections, ...(title ? { title } : {}) };
    },
  };
}
