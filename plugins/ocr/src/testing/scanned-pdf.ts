import { ensurePdfjsNode20 } from "@rounds/core";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { renderPageAsImage } from "unpdf";

ensurePdfjsNode20(); // pdf.js decodes images with a Node 22 method; without it scanned pages look empty on Node 20

/** Prose written for these tests (no real patient, no eval-data string), one array of lines per page. */
export const pagesOfText: string[][] = [
  [
    "Monitoring after sedation in the day unit",
    "Every patient is observed for at least sixty minutes after the last dose.",
    "Record blood pressure, heart rate and oxygen saturation every fifteen minutes.",
    "A nurse stays within sight of the patient until they can walk unaided.",
    "Discharge needs a responsible adult to accompany the patient home.",
    "Patients are told not to drive or operate machinery for twenty-four hours.",
  ],
  [
    "Storage and handling of controlled medicines",
    "Keep the cabinet locked; the key is held by the nurse in charge of the shift.",
    "Two registered staff sign the register for each dose given or destroyed.",
    "Balances are checked at every handover and discrepancies reported the same day.",
    "Expired stock is returned to the pharmacy with a completed return form.",
    "The temperature log is read twice daily and kept for two years.",
  ],
  [
    "Consent before a course of treatment",
    "The clinician explains the purpose, the expected benefits and the common risks.",
    "Patients may withdraw consent at any time without affecting their other care.",
    "Written consent is stored with the care plan and reviewed before each course.",
    "Where capacity is in doubt, an assessment is recorded before treatment starts.",
    "Interpreters are booked in advance for patients who prefer another language.",
  ],
  [
    "Follow-up and outcome measures",
    "A follow-up call is made within forty-eight hours of each session.",
    "Mood and anxiety scores are collected at baseline and after every fourth session.",
    "Adverse events are graded for severity and entered in the incident system.",
    "The team reviews outcomes monthly and updates this guide when practice changes.",
    "Questions about this guide go to the clinical governance lead of the unit.",
  ],
];

/** A born-digital PDF (text layer) with `pages` of Helvetica prose. */
export async function textPdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((l, i) => page.drawText(l, { x: 56, y: 770 - i * 22, size: i === 0 ? 14 : 11, font }));
  }
  return doc.save();
}

/** Page `n` of `pdf` rendered by pdf.js onto a canvas at `dpi`, as PNG (what a scanner would produce, without noise). */
export async function renderPage(pdf: Uint8Array, n: number, dpi = 200): Promise<Uint8Array> {
  return new Uint8Array(await renderPageAsImage(new Uint8Array(pdf), n, { canvasImport: () => import("@napi-rs/canvas"), scale: dpi / 72 }));
}

/** Page `n` rendered at `dpi` as a JPEG of `quality` (0–1): a lossy scan, as many scanners and fax gateways write. */
export async function renderPageJpeg(pdf: Uint8Array, n: number, dpi: number, quality: number): Promise<Uint8Array> {
  const { createCanvas, loadImage } = await import("@napi-rs/canvas");
  const img = await loadImage(Buffer.from(await renderPage(pdf, n, dpi)));
  const canvas = createCanvas(img.width, img.height);
  canvas.getContext("2d").drawImage(img, 0, 0);
  return new Uint8Array(canvas.toBuffer("image/jpeg", Math.round(quality * 100)));
}

/**
 * A scanned PDF: each image (PNG or JPEG) becomes a full page with no text layer, as a scanner
 * writes it; a page given as lines of text is born-digital instead (a mixed document).
 */
export async function scannedPdf(pages: Array<Uint8Array | string[]>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const bytes of pages) {
    if (Array.isArray(bytes)) {
      const page = doc.addPage([595, 842]);
      bytes.forEach((l, i) => page.drawText(l, { x: 56, y: 770 - i * 22, size: i === 0 ? 14 : 11, font }));
      continue;
    }
    const img = bytes[0] === 0xff ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
    const page = doc.addPage([595, 842]);
    page.drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
  }
  return doc.save();
}

/** Character accuracy: 1 − (Levenshtein distance / reference length), on whitespace-normalised text. */
export function characterAccuracy(reference: string, recognised: string): number {
  const a = reference.replace(/\s+/g, " ").trim();
  const b = recognised.replace(/\s+/g, " ").trim();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return 1 - prev[b.length]! / Math.max(1, a.length);
}
