/**
 * One structural piece of a parsed document: a page, a section under a
 * heading, or a transcript turn. Citations point at these.
 */
export interface ParsedSection {
  text: string;
  /** 1-based page number, for paged formats. */
  page?: number;
  /** Heading path, outermost first, e.g. ["Dosing", "Adults"]. */
  headings?: string[];
  /** Transcript speaker label. */
  speaker?: string;
  /** Transcript timing in milliseconds from the start. */
  startMs?: number;
  endMs?: number;
  /** The text was recognised from an image (OCR), not read from a text layer: citations say so. */
  ocr?: boolean;
}

export interface ParsedDocument {
  title?: string;
  /** "document" for prose, "transcript" for speaker turns. */
  kind: "document" | "transcript";
  sections: ParsedSection[];
  /** Page count for paged formats. */
  pageCount?: number;
}

export interface ParseInput {
  bytes: Uint8Array;
  /** Sanitised file name (no directories). */
  fileName: string;
  /** Sniffed media type, e.g. `application/pdf`. */
  mediaType: string;
  /** Called with the fraction done (0–1) by parsers that take long (OCR). */
  onProgress?: (fraction: number) => void;
}

/** Why a document could not be parsed; stable for UIs and tests. */
export type ParseFailureReason = "corrupt" | "encrypted" | "empty" | "no_text_layer" | "too_large" | "unsupported";

/**
 * Turns bytes of one media type into structured sections.
 * A parser throws `RoundsError("PARSE_FAILED", …, { details: { reason } })`
 * with a `ParseFailureReason`.
 *
 * Version history: v1 (initial).
 */
export interface Parser {
  readonly specificationVersion: "v1";
  readonly id: string;
  /** Media types this parser accepts. */
  readonly mediaTypes: readonly string[];
  parse(input: ParseInput): Promise<ParsedDocument>;
}
