import { extractText, getDocumentProxy } from "unpdf";
import type { ParseInput, ParsedDocument, ParsedSection, Parser } from "@rounds/core";
import { parseFailure } from "./fail.ts";

/** PDF text layer, one section per page (pdf.js via unpdf). Scans without text fail clearly. */
export function createPdfParser(options: { maxPages: number }): Parser {
  return {
    specificationVersion: "v1",
    id: "pdf",
    mediaTypes: ["application/pdf"],
    async parse(input: ParseInput): Promise<ParsedDocument> {
      let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
      try {
        pdf = await getDocumentProxy(new Uint8Array(input.bytes), { isEvalSupported: false, stopAtErrors: false, verbosity: 0 });
      } catch (error) {
        const name = (error as { name?: string }).name ?? "";
        if (name === "PasswordException") throw parseFailure("encrypted", "The PDF is password-protected.");
        throw parseFailure("corrupt", "The PDF is damaged or not a PDF.");
      }
      try {
        if (pdf.numPages > options.maxPages) throw parseFailure("too_large", `The PDF has ${pdf.numPages} pages; the limit is ${options.maxPages}.`);
        const { text } = await extractText(pdf, { mergePages: false });
        const sections: ParsedSection[] = [];
        text.forEach((pageText, i) => {
          const t = pageText.replace(/[ \t]+/g, " ").replace(/\s*\n\s*/g, "\n").trim();
          if (t) sections.push({ text: t, page: i + 1 });
        });
        if (sections.length === 0) {
          throw parseFailure(pdf.numPages > 0 ? "no_text_layer" : "empty", pdf.numPages > 0 ? "The PDF has no text layer (a scan?): run OCR first." : "The PDF has no pages.");
        }
        const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: string } | undefined;
        return { kind: "document", sections, pageCount: pdf.numPages, ...(info?.Title ? { title: info.Title } : {}) };
      } catch (error) {
        if ((error as { code?: string }).code === "PARSE_FAILED") throw error;
        throw parseFailure("corrupt", "The PDF could not be read.");
      } finally {
        await pdf.destroy().catch(() => undefined);
      }
    },
  };
}
