import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { PluginHost, type Parser, type RoundsError } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImageParser, createRecognizer, type Recognizer } from "../src/index.ts";
import { characterAccuracy, pagesOfText, renderPage, renderPageJpeg, scannedPdf, textPdf } from "../src/testing/scanned-pdf.ts";

// Split: pages 1–2 of pagesOfText tuned the floor (test/measure.mts: 1.000 at 150, 200 and 300 dpi);
// the assertions below run on pages 3–4 only. The floor sits just under what was measured.
const FLOOR = 0.98;
const heldOut = pagesOfText.slice(2);

describe("OCR with tesseract.js (local data, worker thread)", () => {
  let recognizer: Recognizer;
  let parser: Parser;
  beforeAll(async () => {
    recognizer = await createRecognizer();
    parser = createImageParser(async () => recognizer);
  }, 120_000);
  afterAll(async () => { await recognizer.close(); });

  it("reads rendered pages of a real PDF back to their text, marked as OCR, with progress", async () => {
    const pdf = await textPdf(heldOut);
    for (let n = 1; n <= heldOut.length; n++) {
      const progress: number[] = [];
      const out = await parser.parse({ bytes: await renderPage(pdf, n, 200), fileName: "page.png", mediaType: "image/png", onProgress: (f) => progress.push(f) });
      expect(out.sections).toHaveLength(1);
      expect(out.sections[0]!.ocr).toBe(true);
      expect(characterAccuracy(heldOut[n - 1]!.join("\n"), out.sections[0]!.text)).toBeGreaterThanOrEqual(FLOOR);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toBe(1);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    }
  }, 180_000);

  it("refuses an image with no text and bytes that are no image, with a reason", async () => {
    const blank = await renderPage(await textPdf([[" "]]), 1, 100);
    await expect(parser.parse({ bytes: blank, fileName: "blank.png", mediaType: "image/png" })).rejects.toMatchObject({ code: "PARSE_FAILED", details: { reason: "empty" } });
    const junk = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    await expect(parser.parse({ bytes: junk, fileName: "junk.png", mediaType: "image/png" })).rejects.toMatchObject({ code: "PARSE_FAILED" });
    // The worker survives a bad image: the next one is read.
    const again = await parser.parse({ bytes: await renderPage(await textPdf([heldOut[0]!]), 1, 150), fileName: "p.png", mediaType: "image/png" });
    expect(again.sections[0]!.text).toContain("Consent");
  }, 180_000);
});

describe("nothing downloaded at run time", () => {
  it("recognises a page in a process where every socket connect and fetch throws, worker threads included", async () => {
    const run = promisify(execFile);
    const dir = resolve(import.meta.dirname, "..");
    const { stdout, stderr } = await run(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "--import", "./test/deny-network.mjs", "test/offline-run.mts"], { cwd: dir, timeout: 120_000 });
    expect(stderr).not.toContain("NETWORK-ATTEMPT");
    // The guard ran in the main thread (0) and in Tesseract's worker thread (another id).
    expect(stderr).toMatch(/NETWORK-GUARD thread 0\b/);
    expect(stderr).toMatch(/NETWORK-GUARD thread [1-9]/);
    expect(characterAccuracy(heldOut[0]!.join("\n"), stdout)).toBeGreaterThanOrEqual(FLOOR);
  }, 180_000);
});

describe("scanned PDFs through the PDF parser", () => {
  it("OCRs the pages without a text layer, keeps the text-layer pages, and marks which is which", async () => {
    const host: PluginHost = await PluginHost.create({
      plugins: [resolve(import.meta.dirname, "../../parsers"), resolve(import.meta.dirname, "..")],
      // As bot/src/app/create-app.ts lends it.
      services: { parserFor: async (mediaType: string) => { const id = host.parserIdFor(mediaType); return id ? host.get("parsers", id) : undefined; } },
    });
    try {
      const pdf = await host.get("parsers", "pdf");
      // Page 1 scanned as PNG at 200 dpi, page 2 as JPEG (quality 0.6) at 150 dpi, page 3 born-digital.
      const scan = await scannedPdf([await renderPage(await textPdf([heldOut[0]!]), 1, 200), await renderPageJpeg(await textPdf([heldOut[1]!]), 1, 150, 0.6), pagesOfText[0]!]);
      const progress: number[] = [];
      const out = await pdf.parse({ bytes: scan, fileName: "scan.pdf", mediaType: "application/pdf", onProgress: (f) => progress.push(f) });
      expect(out.pageCount).toBe(3);
      expect(out.sections.map((s) => [s.page, s.ocr])).toEqual([[1, true], [2, true], [3, undefined]]);
      expect(out.sections[2]!.text).toBe(pagesOfText[0]!.join("\n"));
      for (const s of out.sections.slice(0, 2)) expect(characterAccuracy(heldOut[s.page! - 1]!.join("\n"), s.text)).toBeGreaterThanOrEqual(FLOOR);
      expect(progress.at(-1)).toBe(1);
      expect(out.title).toBe(heldOut[0]![0]);

      // A born-digital PDF is read from its text layer: no OCR flag.
      const digital = await pdf.parse({ bytes: await textPdf(heldOut), fileName: "digital.pdf", mediaType: "application/pdf" });
      expect(digital.sections.every((s) => s.ocr === undefined)).toBe(true);
    } finally {
      await host.dispose();
    }
  }, 300_000);

  it("is allowed on the on-prem tier (no egress)", async () => {
    const host = await PluginHost.create({ plugins: [resolve(import.meta.dirname, "..")], tier: "on-prem" });
    try {
      expect(host.list().find((p) => p.name === "@rounds/plugin-ocr")).toMatchObject({ egress: false });
      expect((await host.get("parsers", "ocr")).mediaTypes).toEqual(["image/png", "image/jpeg"]);
    } finally {
      await host.dispose();
    }
  });

  it("without the OCR plugin, a scan still fails with no_text_layer and names the plugin", async () => {
    const host = await PluginHost.create({ plugins: [resolve(import.meta.dirname, "../../parsers")] });
    try {
      const pdf = await host.get("parsers", "pdf");
      const scan = await scannedPdf([await renderPage(await textPdf([heldOut[0]!]), 1, 100)]);
      const e = (await pdf.parse({ bytes: scan, fileName: "scan.pdf", mediaType: "application/pdf" }).catch((x: unknown) => x)) as RoundsError;
      expect(e.details?.reason).toBe("no_text_layer");
      expect(e.message).toContain("@rounds/plugin-ocr");
    } finally {
      await host.dispose();
    }
  }, 120_000);
});
