import { getDocumentProxy } from "unpdf";
import type { ParseInput, ParsedDocument, ParsedSection, Parser } from "@rounds/core";
import { parseFailure } from "./fail.ts";
import { dropRunningLines, isJunkTitle, isTocPage, pageLines, titleFromLines } from "./pdf-layout.ts";

/**
 * PDF text layer, one section per page (pdf.js via unpdf), in reading order without margin line
 * numbers, running headers/footers or contents pages (see pdf-layout.ts). Scans without text fail clearly.
 */
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
        const pages: string[][] = [];
        for (let n = 1; n <= pdf.numPages; n++) {
          const page = await pdf.getPage(n);
          const content = await page.getTextContent();
          const items = content.items.flatMap((i) => ("str" in i ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number, width: i.width, height: i.height }] : []));
          pages.push(pageLines(items));
          page.cleanup();
        }
        // Running headers and footers and contents pages stay in the stored PDF (shown with the page) but are not indexed.
        const cleaned = dropRunningLines(pages);
        const sections: ParsedSection[] = [];
        cleaned.forEach((lines, i) => {
          const t = lines.join("\n").trim();
          if (t && !isTocPage(pages[i]!)) sections.push({ text: t, page: i + 1 });
        });
        if (sections.length === 0) {
          const anyText = pages.some((p) => p.length > 0);
          if (anyText) throw parseFailure("empty", "The PDF has only a table of contents and page furniture, no text to index.");
          throw parseFailure(pdf.numPages > 0 ? "no_text_layer" : "empty", pdf.numPages > 0 ? "The PDF has no text layer (a scan?): run OCR first." : "The PDF has no pages.");
        }
        // pdfjs types `info` as `Object`; the rule reads that assertion as a no-op, but TypeScript needs it to read `Title`.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: string } | undefined;
        // Metadata titles are often file names ("Guide_final_v2.indd"): then the first heading of the first indexed page.
        const title = isJunkTitle(info?.Title) ? titleFromLines(cleaned[sections[0]!.page! - 1]!) : info!.Title!.trim();
        return { kind: "document", sections, pageCount: pdf.numPages, ...(title ? { title } : {}) };
      } catch (error) {
        if ((error as { code?: string }).code === "PARSE_FAILED") throw error;
        throw parseFailure("corrupt", "The PDF could not be read.");
      } finally {
        await pdf.destroy().catch(() => undefined);
      }
    },
  };
}
