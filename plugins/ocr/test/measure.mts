// Tuning split: pages 1–2 of pagesOfText. Prints accuracy and timing; the test's floor comes from here.
import { createImageParser, createRecognizer } from "../src/index.ts";
import { characterAccuracy, pagesOfText, renderPage, textPdf } from "../src/testing/scanned-pdf.ts";
const tune = pagesOfText.slice(0, 2);
const pdf = await textPdf(tune);
const r = await createRecognizer();
const parser = createImageParser(async () => r);
for (const dpi of [150, 200, 300]) {
  for (let n = 1; n <= tune.length; n++) {
    const png = await renderPage(pdf, n, dpi);
    const t = performance.now();
    const out = await parser.parse({ bytes: png, fileName: "p.png", mediaType: "image/png" });
    console.log(dpi, n, (performance.now() - t).toFixed(0), "ms", characterAccuracy(tune[n - 1]!.join("\n"), out.sections[0]!.text).toFixed(4));
  }
}
await r.close();
