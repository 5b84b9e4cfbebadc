import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PluginHost, RoundsError, sniffMediaType, type ParseInput, type Parser } from "@rounds/core";
import { describeParserConformance } from "@rounds/core/testing";
import { describe, expect, it } from "vitest";
import { createDocxParser } from "../src/docx-parser.ts";
import { encodePng } from "../src/png.ts";
import { htmlParser } from "../src/html-parser.ts";
import { createPdfParser } from "../src/pdf-parser.ts";
import { markdownParser, textParser } from "../src/text-parser.ts";
import { srtParser, transcriptJsonParser, vttParser } from "../src/transcript-parsers.ts";

const root = resolve(import.meta.dirname, "../../..");
const fixture = (name: string): ParseInput => {
  const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
  return { bytes, fileName: name, mediaType: sniffMediaType(bytes, name) };
};
const text = (s: string, name: string, mediaType: string): ParseInput => ({ bytes: new TextEncoder().encode(s), fileName: name, mediaType });
const pdf = createPdfParser({ maxPages: 2000 });
const docx = createDocxParser({ maxUncompressedBytes: 200 * 1024 * 1024, maxRatio: 200, maxEntries: 5000 });

async function reason(parser: Parser, input: ParseInput): Promise<string | undefined> {
  const e = await parser.parse(input).catch((x: unknown) => x);
  expect(RoundsError.isInstance(e) && e.code).toBe("PARSE_FAILED");
  return (e as RoundsError).details?.reason as string;
}

describeParserConformance("pdf", () => pdf, { good: fixture("guide.pdf"), bad: fixture("truncated.pdf") });
describeParserConformance("docx", () => docx, { good: fixture("consent.docx"), bad: fixture("bomb.docx") });
describeParserConformance("html", () => htmlParser, { good: fixture("page.html"), bad: text("<html><body><nav>x</nav></body></html>", "e.html", "text/html") });
describeParserConformance("text", () => textParser, { good: text("One.\n\nTwo.", "a.txt", "text/plain"), bad: fixture("empty.txt") });
describeParserConformance("markdown", () => markdownParser, { good: text("# T\n\nBody.", "a.md", "text/markdown"), bad: text("# \n", "b.md", "text/markdown") });
describeParserConformance("vtt", () => vttParser, { good: fixture("session.vtt"), bad: text("not a vtt", "x.vtt", "text/vtt") });
describeParserConformance("srt", () => srtParser, { good: fixture("session.srt"), bad: text("1\n00:00:01,000 --> 00:00:02,000\n\n", "x.srt", "application/x-subrip") });
describeParserConformance("transcript-json", () => transcriptJsonParser, { good: fixture("session.json"), bad: text("{\"segments\": 3", "x.json", "application/vnd.rounds.transcript+json") });

describe("parsers", () => {
  it("PDF: one section per page with page numbers and the document title", async () => {
    const doc = await pdf.parse(fixture("guide.pdf"));
    expect(doc.pageCount).toBe(3);
    expect(doc.title).toBe("Ketamine infusion monitoring");
    expect(doc.sections.map((s) => s.page)).toEqual([1, 2, 3]);
    expect(doc.sections[0]!.text).toContain("every 15 minutes");
    expect(doc.sections[2]!.text).toContain("Uncontrolled hypertension");
  });

  it("PDF failures: encrypted, truncated, scanned without text, too many pages", async () => {
    expect(await reason(pdf, fixture("encrypted.pdf"))).toBe("encrypted");
    expect(await reason(pdf, fixture("truncated.pdf"))).toBe("corrupt");
    expect(await reason(pdf, fixture("scanned.pdf"))).toBe("no_text_layer");
    expect(await reason(createPdfParser({ maxPages: 2 }), fixture("guide.pdf"))).toBe("too_large");
  });

  it("DOCX: Word headings become heading paths; a ZIP bomb is refused before inflating", async () => {
    const doc = await docx.parse(fixture("consent.docx"));
    expect(doc.title).toBe("Consent for ketamine-assisted therapy");
    const withdraw = doc.sections.find((s) => s.text.includes("withdraw consent"));
    expect(withdraw?.headings).toEqual(["Consent for ketamine-assisted therapy", "Withdrawing consent"]);
    expect(await reason(docx, fixture("bomb.docx"))).toBe("too_large");
    expect(await reason(docx, text("PK\u0003\u0004garbage", "x.docx", "application/zip"))).toBe("corrupt");
  });

  it("HTML: boilerplate stripped, headings kept", async () => {
    const doc = await htmlParser.parse(fixture("page.html"));
    const all = doc.sections.map((s) => s.text).join(" ");
    expect(all).toContain("dimly lit");
    expect(all).not.toMatch(/Home|About us|Clinic header|All rights reserved|track\(\)/);
    expect(doc.sections.find((s) => s.text.includes("instrumental"))?.headings).toEqual(["Set and setting", "Music"]);
  });

  it("Markdown: heading paths", async () => {
    const doc = await markdownParser.parse(text("# Dosing\n\nIntro.\n\n## Adults\n\n0.5 mg/kg over **40** minutes.\n", "d.md", "text/markdown"));
    expect(doc.sections).toEqual([{ text: "Intro.", headings: ["Dosing"] }, { text: "0.5 mg/kg over 40 minutes.", headings: ["Dosing", "Adults"] }]);
  });

  it("transcripts: speakers and millisecond timings from VTT, SRT and JSON agree", async () => {
    const expected = [
      { speaker: "Therapist", startMs: 1000, endMs: 4500 },
      { speaker: "Client", startMs: 5000, endMs: 9000 },
    ];
    for (const [p, f] of [[vttParser, "session.vtt"], [srtParser, "session.srt"], [transcriptJsonParser, "session.json"]] as const) {
      const doc = await p.parse(fixture(f));
      expect(doc.kind).toBe("transcript");
      expect(doc.sections.slice(0, 2).map(({ speaker, startMs, endMs }) => ({ speaker, startMs, endMs }))).toEqual(expected);
      expect(doc.sections[1]!.text).toBe("Better. I wake up less during the night.");
    }
  });

  it("VTT: a cue with two voices becomes two turns, and unlabelled text is not filed under a guessed speaker", async () => {
    const vtt = [
      "WEBVTT", "",
      "00:00:01.000 --> 00:00:06.000", "<v Therapist>How was the week?</v> <v Client>Long. I slept badly.</v>", "",
      "00:00:07.000 --> 00:00:09.000", "Therapist: Tell me more.", "Client: Work was hard.", "",
      "00:00:10.000 --> 00:00:12.000", "and then it rained", "",
    ].join("\n");
    const doc = await vttParser.parse(text(vtt, "x.vtt", "text/vtt"));
    expect(doc.sections.map(({ speaker, text: t, startMs }) => ({ speaker, text: t, startMs }))).toEqual([
      { speaker: "Therapist", text: "How was the week?", startMs: 1000 },
      { speaker: "Client", text: "Long. I slept badly.", startMs: 1000 },
      { speaker: "Therapist", text: "Tell me more.", startMs: 7000 },
      { speaker: "Client", text: "Work was hard.", startMs: 7000 },
      { speaker: undefined, text: "and then it rained", startMs: 10000 },
    ]);
  });

  it("SRT and VTT: a speaker named with letters outside ASCII is a speaker, not unlabelled text (outsider round 18)", async () => {
    const srt = "1\n00:00:01,000 --> 00:00:03,000\nŁukasz Wójcik: I slept badly.\nall week\n\n2\n00:00:03,000 --> 00:00:05,000\nZoë Ó Briain: Since when?\n";
    const vtt = `WEBVTT\n\n${srt.replace(/,/g, ".").replace(/^\d+\n/gm, "")}`;
    for (const [parser, t, type] of [[srtParser, srt, "application/x-subrip"], [vttParser, vtt, "text/vtt"]] as const) {
      const doc = await parser.parse(text(t, "x", type));
      expect(doc.sections.map(({ speaker, text: said }) => ({ speaker, said }))).toEqual([
        { speaker: "Łukasz Wójcik", said: "I slept badly. all week" },
        { speaker: "Zoë Ó Briain", said: "Since when?" },
      ]);
    }
  });

  it("error messages never quote the document", async () => {
    const e = await transcriptJsonParser.parse(text('{"segments":[{"start":5,"end":1,"text":"Jane Roe said"}]}', "x.json", "application/vnd.rounds.transcript+json")).catch((x: unknown) => x as Error);
    expect((e as Error).message).not.toMatch(/Jane/);
  });
});

describe("media sniffing", () => {
  it("recognises every fixture by content", () => {
    const cases: Record<string, string> = {
      "guide.pdf": "application/pdf", "consent.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "page.html": "text/html", "session.vtt": "text/vtt", "session.srt": "application/x-subrip",
      "session.json": "application/vnd.rounds.transcript+json", "empty.txt": "text/plain",
    };
    for (const [f, type] of Object.entries(cases)) expect(fixture(f).mediaType, f).toBe(type);
  });

  it("does not trust the extension", () => {
    const pdfBytes = new Uint8Array(readFileSync(new URL("./fixtures/guide.pdf", import.meta.url)));
    expect(sniffMediaType(pdfBytes, "notes.txt")).toBe("application/pdf");
    expect(sniffMediaType(new TextEncoder().encode("just words"), "report.pdf")).toBe("text/plain");
    expect(sniffMediaType(new Uint8Array([0x00, 0xff, 0x10, 0x80, 0x00]), "x.md")).toBe("application/octet-stream");
    expect(sniffMediaType(new TextEncoder().encode("RIFF\u0000\u0000\u0000\u0000WAVEfmt "), "a.txt")).toBe("audio/wav");
    expect(sniffMediaType(encodePng({ data: new Uint8Array(4 * 3), width: 2, height: 2, channels: 3 }), "scan.txt")).toBe("image/png");
    expect(sniffMediaType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), "scan.png")).toBe("image/jpeg");
  });
});

describe("plugin", () => {
  it("manifest ids and activate() agree, and every media type finds its parser", async () => {
    const host = await PluginHost.create({ plugins: ["@rounds/plugin-parsers"], resolveFrom: root });
    for (const mediaType of ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/plain", "text/markdown", "text/html", "text/vtt", "application/x-subrip", "application/vnd.rounds.transcript+json"]) {
      const id = host.parserIdFor(mediaType);
      expect(id, mediaType).toBeDefined();
      const parser = await host.get("parsers", id!);
      expect(parser.mediaTypes).toContain(mediaType);
    }
    expect(host.list()[0]!.state).toBe("active");
  });
});
