/**
 * Regenerates bot/demo/corpus from the Markdown in bot/demo/sources:
 * some documents as PDF (one page per section, so citations show page
 * numbers), some as DOCX (headings kept), the rest as Markdown, and the
 * off-topic memo as HTML. Run: node --conditions=rounds-source --import tsx bot/demo/make-corpus.ts
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { PDFDocument, StandardFonts } from "pdf-lib";

const here = (p: string) => new URL(p, import.meta.url);
const pdfs = new Set(["02-monitoring.md", "05-integration.md", "08-esketamine.md"]);
const docxs = new Set(["03-contraindications.md", "06-adverse-events.md", "10-measurement.md"]);

function wrap(text: string, width = 92): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if ((line + " " + word).trim().length > width) {
      lines.push(line);
      line = word;
    } else line = `${line} ${word}`.trim();
  }
  if (line) lines.push(line);
  return lines;
}

async function toPdf(md: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const title = /^# (.+)$/m.exec(md)![1]!;
  pdf.setTitle(title);
  const sections = md.split(/^## /m);
  sections.forEach((section, i) => {
    const page = pdf.addPage([595, 842]);
    let y = 790;
    const paragraphs = section.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    for (const p of paragraphs) {
      const isHeading = i > 0 && p === paragraphs[0];
      const text = p.replace(/^# /, "").replace(/\*/g, "");
      const f = isHeading || p.startsWith("# ") ? bold : font;
      const size = p.startsWith("# ") ? 16 : isHeading ? 13 : 11;
      for (const l of wrap(text)) {
        page.drawText(l, { x: 50, y, size, font: f });
        y -= size + 6;
      }
      y -= 8;
    }
  });
  return pdf.save();
}

async function toDocx(md: string): Promise<Uint8Array> {
  const children = md.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) =>
    p.startsWith("# ") ? new Paragraph({ text: p.slice(2), heading: HeadingLevel.HEADING_1 })
      : p.startsWith("## ") ? new Paragraph({ text: p.slice(3), heading: HeadingLevel.HEADING_2 })
        : new Paragraph(p.replace(/\*/g, "")));
  return Packer.toBuffer(new Document({ sections: [{ children }] })).then((b) => new Uint8Array(b));
}

for (const name of readdirSync(here("./sources/"))) {
  const md = readFileSync(here(`./sources/${name}`), "utf8");
  const base = name.replace(/\.md$/, "");
  if (pdfs.has(name)) writeFileSync(here(`./corpus/${base}.pdf`), await toPdf(md));
  else if (docxs.has(name)) writeFileSync(here(`./corpus/${base}.docx`), await toDocx(md));
  else if (name === "parking-memo.md") {
    const body = md.split(/\n\s*\n/).map((p) => (p.startsWith("# ") ? `<h1>${p.slice(2)}</h1>` : `<p>${p}</p>`)).join("\n");
    writeFileSync(here(`./corpus/${base}.html`), `<!doctype html><html><head><title>Staff parking update</title></head><body><nav>Intranet home | News | Facilities</nav><main>${body}</main><footer>Facilities team</footer></body></html>\n`);
  } else copyFileSync(here(`./sources/${name}`), here(`./corpus/${name}`));
}
console.log("demo corpus written to bot/demo/corpus");
