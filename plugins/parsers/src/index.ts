import type { Parser, PluginContext } from "@rounds/core";
import { createDocxParser } from "./docx-parser.ts";
import { htmlParser } from "./html-parser.ts";
import { createPdfParser } from "./pdf-parser.ts";
import { markdownParser, textParser } from "./text-parser.ts";
import { srtParser, transcriptJsonParser, vttParser } from "./transcript-parsers.ts";

export { htmlToSections } from "./html-sections.ts";

/** Registers every parser; each is cheap to construct, heavy libraries load on first parse. */
export function activate(ctx: PluginContext): void {
  const s = ctx.settings as { maxPages: number; maxUncompressedBytes: number; maxZipRatio: number };
  // Scanned pages go to the image parser when one is configured (@rounds/plugin-ocr); the host lends it as `parserFor`.
  const parserFor = ctx.services.parserFor as ((mediaType: string) => Promise<Parser | undefined>) | undefined;
  ctx.register("parsers", "pdf", createPdfParser({ maxPages: s.maxPages, ...(parserFor && { ocr: () => parserFor("image/png") }) }));
  ctx.register("parsers", "docx", createDocxParser({ maxUncompressedBytes: s.maxUncompressedBytes, maxRatio: s.maxZipRatio, maxEntries: 5000 }));
  ctx.register("parsers", "text", textParser);
  ctx.register("parsers", "markdown", markdownParser);
  ctx.register("parsers", "html", htmlParser);
  ctx.register("parsers", "vtt", vttParser);
  ctx.register("parsers", "srt", srtParser);
  ctx.register("parsers", "transcript-json", transcriptJsonParser);
}
