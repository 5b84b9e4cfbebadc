import { getDocumentProxy } from "unpdf";
import type { ParseInput, ParsedDocument, ParsedSection, Parser } from "@rounds/core";
import { parseFailure } from "./fail.ts";
import { pageImages } from "./pdf-page-images.ts";
import { dropRunningLines, isJunkTitle, isTocPage, pageLines, titleFromLines } from "./pdf-layout.ts";

/**
 * PDF text layer, one section per page (pdf.js via unpdf), in reading order without margin line
 * numbers, running headers/footers or contents pages (see pdf-layout.ts). Pages without a text layer
 * (scans) go, image by image, to `ocr` (the image parser configured for PNG, if any) and are marked
 * `ocr`; without one, a PDF with no text at all fails clearly.
 */
export function createPdfParser(options: { maxPages: number; ocr?: () => Promise<Parser | undefined> }): Parser {
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
        const ocrPages = await recognizeScannedPages(pdf, pages, input, options.ocr);
        // Running headers and footers and contents pages stay in the stored PDF (shown with the page) but are not indexed.
        const cleaned = dropRunningLines(pages);
        const sections: ParsedSection[] = [];
        cleaned.forEach((lines, i) => {
          const t = lines.join("\n").trim();
          if (t && !isTocPage(pages[i]!)) sections.push({ text: t, page: i + 1, ...(ocrPages.has(i + 1) && { ocr: true }) });
        });
        if (sections.length === 0) {
          const anyText = pages.some((p) => p.length > 0);
          if (anyText) throw parseFailure("empty", "The PDF has only a table of contents and page furniture, no text to index.");
          throw parseFailure(pdf.numPages > 0 ? "no_text_layer" : "empty", pdf.numPages > 0 ? "The PDF has no text layer (a scan?): configure @rounds/plugin-ocr to read scans." : "The PDF has no pages.");
        }
        // pdfjs types `info` as `Object`; the rule reads that assertion as a no-op, but TypeScript needs it to read `Title`.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        const info = (await pdf.getMetadata().catch(() => undefined))?.info as { Title?: string } | undefined;
        // Metadata titles are often file names ("Guide_final_v2.indd"): then the first heading of the first indexed page.
        const title = isJunkTitle(info?.Title) ? titleFromLines(cleaned[sections[0]!.page! - 1]!) : info!.Title!.trim();
        return { kind: "document", sections, pageCount: pdf.numPages, ...(title ? { title } : {}) };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "PARSE_FAILED" || code === "PLUGIN_DEPENDENCY_MISSING") throw error;
        throw parseFailure("corrupt", "The PDF could not be read.");
      } finally {
        await pdf.destroy().catch(() => undefined);
      }
    },
  };
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * Fills in the pages that have no text layer with the text an OCR parser
 * reads from their images (in place, as lines) and returns their numbers.
 * Progress goes to `input.onProgress` page by page.
 */
async function recognizeScannedPages(pdf: PdfDocument, pages: string[][], input: ParseInput, ocr: (() => Promise<Parser | undefined>) | undefined): Promise<Set<number>> {
  const empty = pages.flatMap((lines, i) => (lines.length === 0 ? [i + 1] : []));
  const done = new Set<number>();
  if (empty.length === 0 || !ocr) return done;
  const parser = await ocr();
  if (!parser) return done;
  for (const [k, n] of empty.entries()) {
    const images = await pageImages(pdf, n);
    const texts: string[] = [];
    for (const [j, png] of images.entries()) {
      const share = (f: number) => input.onProgress?.((k + (j + f) / images.length) / empty.length);
      const parsed = await parser.parse({ bytes: png, fileName: `${input.fileName}#page=${n}.png`, mediaType: "image/png", onProgress: share });
      texts.push(...parsed.sections.map((s) => s.text));
    }
    input.onProgress?.((k + 1) / empty.length);
    const lines = texts.join("\n").split("\n").map((l) => l.trim()).filter(Boolean);
    if (lines.length) {
      pages[n - 1] = lines;
      done.add(n);
    }
  }
  return done;
}
