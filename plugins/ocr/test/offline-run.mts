// Run by ocr.test.ts under deny-network.mjs: OCR one rendered page with no network at all; prints the text.
import { createRecognizer } from "../src/index.ts";
import { pagesOfText, renderPage, textPdf } from "../src/testing/scanned-pdf.ts";
const png = await renderPage(await textPdf([pagesOfText[2]!]), 1, 200);
const r = await createRecognizer();
try {
  process.stdout.write((await r.recognize(png)).text);
} finally {
  await r.close();
}
