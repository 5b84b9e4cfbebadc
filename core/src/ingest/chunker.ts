/**
 * Token-aware chunking. Prose: about `maxTokens` per chunk with
 * `overlapTokens` of trailing sentences repeated, never crossing a heading
 * or page boundary, split on paragraphs and sentences, never mid-word.
 * Transcripts: whole speaker turns grouped into time windows, keeping
 * speakers and start/end times. Counts use a real BPE tokenizer.
 */
import { bpeEncode as encode } from "../text/bpe-encode.ts";
import type { ParsedDocument, ParsedSection } from "../ports/index.ts";

export interface ChunkOptions {
  maxTokens?: number;
  overlapTokens?: number;
  /** Transcript window length. */
  windowMs?: number;
}

export interface Chunk {
  text: string;
  tokenCount: number;
  /** 0-based order within the document version. */
  position: number;
  page?: number;
  headings?: string[];
  /** Recognised by OCR from a scanned page or an image (a chunk never mixes OCR and text-layer sections): citations say so. */
  ocr?: boolean;
  speaker?: string;
  startMs?: number;
  endMs?: number;
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** A transcript chunk line's own label: `[00:01:05] Therapist: …` → time and speaker. */
export function turnLabelOf(line: string): { time?: string; speaker?: string; text: string } {
  const m = /^\[(\d{2}:\d{2}:\d{2})\] (?:([^:\n]{1,60}): )?/.exec(line);
  if (!m) return { text: line };
  return { time: m[1]!, ...(m[2] ? { speaker: m[2] } : {}), text: line.slice(m[0].length) };
}

export const countTokens = (text: string): number => encode(text).length;

/** Sentences, keeping their punctuation; abbreviations like "e.g." and "Dr." do not split. */
export function splitSentences(text: string): string[] {
  const protectedText = text.replace(/\b(e\.g|i\.e|Dr|Mr|Mrs|Ms|vs|approx|etc|No|Fig)\./g, "$1\u0000");
  return protectedText
    .split(/(?<=[.!?])\s+(?=["'(\[]?[A-Z0-9•])|\n+/)
    .map((s) => s.replace(/\u0000/g, ".").trim())
    .filter(Boolean);
}

/** Splits an over-long sentence on word boundaries into pieces within the budget. */
function splitWords(sentence: string, maxTokens: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const word of sentence.split(/\s+/)) {
    const t = countTokens(` ${word}`);
    if (tokens + t > maxTokens && current.length > 0) {
      out.push(current.join(" "));
      current = [];
      tokens = 0;
    }
    current.push(word);
    tokens += t;
  }
  if (current.length) out.push(current.join(" "));
  return out;
}

const sameContext = (a: ParsedSection, b: ParsedSection) =>
  a.page === b.page && a.ocr === b.ocr && JSON.stringify(a.headings ?? []) === JSON.stringify(b.headings ?? []);

export function chunkDocument(doc: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  return doc.kind === "transcript" ? chunkTranscript(doc.sections, options) : chunkProse(doc.sections, options);
}

function chunkProse(sections: ParsedSection[], options: ChunkOptions): Chunk[] {
  const max = options.maxTokens ?? 500;
  const overlap = Math.min(options.overlapTokens ?? 50, Math.floor(max / 4));
  const chunks: Chunk[] = [];
  let group: ParsedSection[] = [];
  const flushGroup = () => {
    if (group.length === 0) return;
    const ctx = group[0]!;
    const units = group.flatMap((s) => splitSentences(s.text)).flatMap((s) => (countTokens(s) > max ? splitWords(s, max) : [s]));
    let current: Array<{ text: string; tokens: number }> = [];
    let tokens = 0;
    const emit = () => {
      const text = current.map((u) => u.text).join(" ");
      chunks.push({
        text, tokenCount: countTokens(text), position: chunks.length,
        ...(ctx.page !== undefined ? { page: ctx.page } : {}), ...(ctx.headings?.length ? { headings: ctx.headings } : {}),
        ...(ctx.ocr && { ocr: true }),
      });
    };
    for (const text of units) {
      const t = countTokens(text) + 1;
      if (tokens + t > max && current.length > 0) {
        emit();
        // Carry trailing sentences as overlap, as long as they fit the overlap budget.
        const carried: typeof current = [];
        let carriedTokens = 0;
        for (let i = current.length - 1; i >= 0; i--) {
          if (carriedTokens + current[i]!.tokens > overlap) break;
          carried.unshift(current[i]!);
          carriedTokens += current[i]!.tokens;
        }
        current = carried;
        tokens = carriedTokens;
        if (tokens + t > max) {
          current = [];
          tokens = 0;
        }
      }
      current.push({ text, tokens: t });
      tokens += t;
    }
    if (current.length) emit();
    group = [];
  };
  for (const s of sections) {
    if (group.length > 0 && !sameContext(group[0]!, s)) flushGroup();
    group.push(s);
  }
  flushGroup();
  return chunks;
}

function chunkTranscript(turns: ParsedSection[], options: ChunkOptions): Chunk[] {
  const max = options.maxTokens ?? 500;
  const windowMs = options.windowMs ?? 90_000;
  const chunks: Chunk[] = [];
  let current: ParsedSection[] = [];
  let tokens = 0;
  // Each turn keeps its own time and speaker inside the chunk, so a quote cites its turn, not the window.
  const line = (t: ParsedSection) => `${t.startMs !== undefined ? `[${clock(t.startMs)}] ` : ""}${t.speaker ? `${t.speaker}: ` : ""}${t.text}`;
  const emit = () => {
    if (current.length === 0) return;
    const text = current.map(line).join("\n");
    const speakers = [...new Set(current.map((t) => t.speaker).filter((s): s is string => !!s))];
    chunks.push({
      text, tokenCount: countTokens(text), position: chunks.length,
      ...(speakers.length ? { speaker: speakers.join(", ") } : {}),
      ...(current[0]!.startMs !== undefined ? { startMs: current[0]!.startMs } : {}),
      ...(current.at(-1)!.endMs !== undefined ? { endMs: current.at(-1)!.endMs } : {}),
    });
    current = [];
    tokens = 0;
  };
  for (const turn of turns) {
    const pieces = countTokens(line(turn)) > max
      ? splitWords(turn.text, max - 10).map((text) => ({ ...turn, text }))
      : [turn];
    for (const piece of pieces) {
      const t = countTokens(line(piece)) + 1;
      const start = current[0]?.startMs;
      const tooLong = start !== undefined && piece.endMs !== undefined && piece.endMs - start > windowMs;
      if (current.length > 0 && (tokens + t > max || tooLong)) emit();
      current.push(piece);
      tokens += t;
    }
  }
  emit();
  return chunks;
}
