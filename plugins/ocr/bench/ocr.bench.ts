/**
 * OCR of scanned PDFs through the PDF parser as Rounds loads it (plugin host
 * with @rounds/plugin-parsers and @rounds/plugin-ocr, pages handed to the
 * Tesseract worker): pages/s and character accuracy against the text the
 * pages were rendered from. Set: the four pages of prose in
 * `src/testing/scanned-pdf.ts` (born-digital PDF → pdf.js render → scanned
 * PDF with no text layer), as PNG at 200 dpi and as JPEG (quality 0.5) at
 * 150 dpi. The worker's start (WebAssembly and English data) is timed apart.
 */
import { resolve } from "node:path";
import { PluginHost } from "@rounds/core";
import type { BenchResult } from "../../../bench/run.ts";
import { characterAccuracy, pagesOfText, renderPage, renderPageJpeg, scannedPdf, textPdf } from "../src/testing/scanned-pdf.ts";

export default async function run(): Promise<BenchResult[]> {
  const source = await textPdf(pagesOfText);
  const n = pagesOfText.length;
  const variants: Array<[string, Uint8Array]> = [
    ["PNG 200 dpi", await scannedPdf(await Promise.all(pagesOfText.map((_, i) => renderPage(source, i + 1, 200))))],
    ["JPEG q0.5 150 dpi", await scannedPdf(await Promise.all(pagesOfText.map((_, i) => renderPageJpeg(source, i + 1, 150, 0.5))))],
  ];
  const host: PluginHost = await PluginHost.create({
    plugins: [resolve(import.meta.dirname, "../../parsers"), resolve(import.meta.dirname, "..")],
    services: { parserFor: async (mediaType: string) => { const id = host.parserIdFor(mediaType); return id ? host.get("parsers", id) : undefined; } },
  });
  const suite = `OCR of scanned PDFs (${n} pages of prose, tesseract.js eng, 1 worker)`;
  const results: BenchResult[] = [];
  try {
    const pdf = await host.get("parsers", "pdf");
    const ocr = await host.get("parsers", "ocr");
    let t = performance.now();
    await ocr.parse({ bytes: await renderPage(await textPdf([["Warm up"]]), 1, 100), fileName: "w.png", mediaType: "image/png" });
    results.push({ suite, name: "worker start + first small image", value: (performance.now() - t) / 1000, unit: "s" });
    for (const [name, bytes] of variants) {
      t = performance.now();
      const out = await pdf.parse({ bytes, fileName: "scan.pdf", mediaType: "application/pdf" });
      const seconds = (performance.now() - t) / 1000;
      const accuracy = pagesOfText.map((lines, i) => characterAccuracy(lines.join("\n"), out.sections.find((s) => s.page === i + 1)?.text ?? ""));
      results.push(
        { suite, name: `${name}: throughput`, value: n / seconds, unit: "pages/s" },
        { suite, name: `${name}: character accuracy (mean)`, value: accuracy.reduce((a, b) => a + b, 0) / n, unit: "ratio" },
        { suite, name: `${name}: character accuracy (worst page)`, value: Math.min(...accuracy), unit: "ratio" },
      );
    }
  } finally {
    await host.dispose();
  }
  return results;
}
