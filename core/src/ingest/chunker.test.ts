import { describe, expect, it } from "vitest";
import { locatorOf } from "../answer/retrieve-passages.ts";
import { chunkDocument, countTokens, splitSentences } from "./chunker.ts";
import { sanitizeFileName } from "./file-name.ts";

const sentence = (i: number) => `Sentence number ${i} explains that blood pressure is checked every fifteen minutes during infusion ${i}.`;

describe("chunker", () => {
  const long = Array.from({ length: 120 }, (_, i) => sentence(i)).join(" ");

  it("keeps chunks within the token budget, in order, with overlap, never splitting words", () => {
    const chunks = chunkDocument({ kind: "document", sections: [{ text: long, page: 2, headings: ["Monitoring"] }] }, { maxTokens: 200, overlapTokens: 40 });
    expect(chunks.length).toBeGreaterThan(5);
    chunks.forEach((c, i) => {
      expect(c.position).toBe(i);
      expect(c.tokenCount).toBeLessThanOrEqual(200);
      expect(c.tokenCount).toBe(countTokens(c.text));
      expect(c.page).toBe(2);
      expect(c.headings).toEqual(["Monitoring"]);
      expect(c.text).toMatch(/^Sentence number \d+ /);
      expect(c.text).toMatch(/\d+\.$/);
    });
    for (let i = 1; i < chunks.length; i++) {
      const prev = splitSentences(chunks[i - 1]!.text);
      const cur = splitSentences(chunks[i]!.text);
      expect(cur).toContain(prev.at(-1));
      expect(prev).toContain(cur[0]);
    }
    const words = new Set(long.split(/\s+/));
    for (const c of chunks) for (const w of c.text.split(/\s+/)) expect(words.has(w)).toBe(true);
  });

  it("does not cross headings or pages", () => {
    const chunks = chunkDocument({ kind: "document", sections: [
      { text: "Short intro.", headings: ["A"] }, { text: "Another under A.", headings: ["A"] },
      { text: "Under B.", headings: ["A", "B"] }, { text: "Page two.", page: 2 },
    ] });
    expect(chunks.map((c) => [c.text, c.headings, c.page])).toEqual([
      ["Short intro. Another under A.", ["A"], undefined], ["Under B.", ["A", "B"], undefined], ["Page two.", undefined, 2],
    ]);
  });

  it("splits a sentence longer than the budget on word boundaries", () => {
    const monster = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const chunks = chunkDocument({ kind: "document", sections: [{ text: monster }] }, { maxTokens: 100, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.text).join(" ")).toBe(monster);
  });

  it("groups transcript turns into windows with speakers and times", () => {
    const turns = Array.from({ length: 12 }, (_, i) => ({ speaker: i % 2 ? "Client" : "Therapist", startMs: i * 20_000, endMs: i * 20_000 + 15_000, text: `Turn ${i} words.` }));
    const chunks = chunkDocument({ kind: "transcript", sections: turns }, { windowMs: 60_000 });
    expect(chunks.length).toBe(4);
    expect(chunks[0]).toMatchObject({ speaker: "Therapist, Client", startMs: 0, endMs: 55_000, text: "[00:00:00] Therapist: Turn 0 words.\n[00:00:20] Client: Turn 1 words.\n[00:00:40] Therapist: Turn 2 words." });
    expect(chunks.at(-1)!.endMs).toBe(235_000);
  });
});

describe("sanitizeFileName", () => {
  it("strips paths, control and reserved characters, keeps the extension", () => {
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\x\\Dosing guide.pdf")).toBe("Dosing guide.pdf");
    expect(sanitizeFileName("a<b>:c|d?.docx")).toBe("a_b__c_d_.docx");
    expect(sanitizeFileName(".hidden\u0000.md")).toBe("hidden.md");
    expect(sanitizeFileName("..")).toBe("upload");
    const long = sanitizeFileName(`${"x".repeat(300)}.pdf`);
    expect(long.length).toBe(120);
    expect(long.endsWith(".pdf")).toBe(true);
  });

  it("keeps OCR'd pages apart from text-layer pages and marks their chunks; the locator says OCR", () => {
    const chunks = chunkDocument({ kind: "document", sections: [
      { text: "Read from the text layer.", page: 1 },
      { text: "Recognised from a scan.", page: 2, ocr: true },
      { text: "More recognised text.", page: 2, ocr: true },
    ] });
    expect(chunks.map((c) => [c.page, c.ocr])).toEqual([[1, undefined], [2, true]]);
    expect(chunks.map((c) => locatorOf(c))).toEqual(["p. 1", "p. 2 (OCR)"]);
    expect(locatorOf({ ocr: true })).toBe("OCR");
    expect(locatorOf({ page: 3, headings: ["Dosing"], ocr: true })).toBe("p. 3, § Dosing (OCR)");
  });
});
