import type { ParseInput, ParsedDocument, Parser } from "@rounds/core";
import { decodeUtf8, parseFailure } from "./fail.ts";
import { htmlToSections } from "./html-sections.ts";

export const htmlParser: Parser = {
  specificationVersion: "v1",
  id: "html",
  mediaTypes: ["text/html"],
  async parse(input: ParseInput): Promise<ParsedDocument> {
    const { title, sections } = htmlToSections(decodeUtf8(input.bytes));
    if (sections.length === 0) throw parseFailure("empty", "The page has no readable text.");
    return { kind: "document", sections, ...(title ? { title } : {}) };
  },
};
