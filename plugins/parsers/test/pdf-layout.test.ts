// A generated PDF in the shape of a regulatory draft: a contents page, then
// pages with a running header and footer and numbered margin lines, and a
// file name as metadata title. Parsed by the real PDF parser (pdf.js).
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { isJunkTitle, isTocPage, pageLines } from "../src/pdf-layout.ts";
import { createPdfParser } from "../src/pdf-parser.ts";

const body = [
  ["Esketamine Monitoring", "Patients are observed for two hours after each dose.", "Blood pressure is checked forty minutes after dosing."],
  ["Dosing", "Drug doses start at 56 mg twice weekly.", "Doses are not increased before week two."],
  ["Discharge", "Patients do not drive until the next day.", "A companion takes the patient home."],
];

async function draftPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle("Guide_final_v2_edited.indd");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const toc = doc.addPage([612, 792]);
  toc.drawText("Contents", { x: 72, y: 720, size: 16, font });
  body.forEach(([heading], i) => toc.drawText(`${heading} ${".".repeat(40)} ${i + 2}`, { x: 72, y: 690 - 20 * i, size: 11, font }));
  let lineNo = 1;
  body.forEach((lines, p) => {
    const page = doc.addPage([612, 792]);
    page.drawText("Clinic guidance draft - not for implementation", { x: 72, y: 760, size: 9, font });
    lines.forEach((text, i) => {
      const y = 700 - 24 * i;
      page.drawText(String(lineNo++), { x: 36, y, size: 9, font });
      page.drawText(text, { x: 72, y, size: i === 0 ? 14 : 11, font });
    });
    page.drawText(`Page ${p + 2} of ${body.length + 1}`, { x: 280, y: 40, size: 9, font });
  });
  return doc.save();
}

describe("PDF clean-up", () => {
  it("indexes the body text only: no margin line numbers, running header/footer or contents page; title from the first heading", async () => {
    const doc = await createPdfParser({ maxPages: 100 }).parse({ bytes: await draftPdf(), fileName: "draft.pdf", mediaType: "application/pdf" });
    expect(doc.sections.map((s) => s.page)).toEqual([2, 3, 4]);
    const text = doc.sections.map((s) => s.text).join("\n");
    expect(text).toContain("Drug doses start at 56 mg twice weekly.");
    expect(text).not.toMatch(/\b\d+(Patients|Drug|Doses|Blood|Esketamine|Dosing|Discharge|A)\b/);
    expect(text).not.toMatch(/^\d+\s/m);
    expect(text).not.toContain("Clinic guidance draft");
    expect(text).not.toMatch(/Page \d of 4/);
    expect(text).not.toContain("Contents");
    expect(doc.sections[0]!.text.split("\n")[0]).toBe("Esketamine Monitoring");
    expect(doc.title).toBe("Esketamine Monitoring");
  });

  it("drops line numbers in the right margin as well, and never glues them to the last word", () => {
    const lines = pageLines([
      { str: "The first dose of the Drug", x: 72, y: 700, width: 300, height: 10 }, { str: "7", x: 540, y: 700, width: 6, height: 10 },
      { str: "is not", x: 72, y: 686, width: 40, height: 10 }, { str: "8", x: 540, y: 686, width: 6, height: 10 },
      { str: "repeated within 24 hours.", x: 72, y: 672, width: 160, height: 10 }, { str: "9", x: 540, y: 672, width: 6, height: 10 },
    ]);
    expect(lines).toEqual(["The first dose of the Drug", "is not", "repeated within 24 hours."]);
  });

  it("keeps numbers that are part of the text and a metadata title that is a title", () => {
    const lines = pageLines([
      { str: "12", x: 30, y: 700, width: 10, height: 10 }, { str: "Give 2 tablets daily.", x: 72, y: 700, width: 120, height: 10 },
      { str: "Dose:", x: 72, y: 680, width: 30, height: 10 }, { str: "40", x: 105, y: 680, width: 12, height: 10 }, { str: "mg", x: 120, y: 680, width: 14, height: 10 },
    ]);
    expect(lines).toEqual(["Give 2 tablets daily.", "Dose: 40 mg"]);
    expect(isJunkTitle("Esketamine monitoring guidance")).toBe(false);
    expect(isJunkTitle("Microsoft Word - protocol v3.docx")).toBe(true);
    expect(isTocPage(["Esketamine Monitoring", "Patients are observed for two hours.", "Blood pressure is checked."])).toBe(false);
  });
});
