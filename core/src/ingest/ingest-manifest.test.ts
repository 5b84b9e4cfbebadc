import { describe, expect, it } from "vitest";
import { RoundsError } from "../errors/index.ts";
import { parseCsv } from "./ingest-manifest.ts";

describe("the ingest manifest's CSV", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and numbers each record by its first line", () => {
    const text = "\uFEFFpath,patient\r\n\"a, b.pdf\",P1\r\n\r\n\"say \"\"hi\"\".vtt\",\nsessions/two\nlines.vtt,\"P\n2\"\nlast.md,P3";
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["path", "patient"] },
      { line: 2, fields: ["a, b.pdf", "P1"] },
      { line: 4, fields: ["say \"hi\".vtt", ""] },
      { line: 5, fields: ["sessions/two"] },
      { line: 6, fields: ["lines.vtt", "P\n2"] },
      { line: 8, fields: ["last.md", "P3"] },
    ]);
  });

  it("refuses a quoted field that never ends, naming its line", () => {
    expect(() => parseCsv("path\n\"open.vtt\nmore")).toThrow(RoundsError);
    expect(() => parseCsv("path\n\"open.vtt\nmore")).toThrow("The manifest has a quoted field that never ends (from line 2).");
  });
});
