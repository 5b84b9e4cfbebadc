import { RoundsError } from "../../errors/index.ts";
import type { ParseInput, ParsedDocument, Parser } from "../../ports/index.ts";

/** Plain text, split on blank lines. */
export class FakeParser implements Parser {
  readonly specificationVersion = "v1" as const;
  readonly id = "fake-text";
  readonly mediaTypes = ["text/plain"] as const;
  async parse(input: ParseInput): Promise<ParsedDocument> {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(input.bytes);
    const sections = text.split(/\n\s*\n/).map((t) => t.trim()).filter(Boolean).map((t) => ({ text: t }));
    if (sections.length === 0) throw new RoundsError("PARSE_FAILED", "The document is empty.", { details: { reason: "empty" } });
    return { kind: "document", sections };
  }
}
