import type { ParseInput, ParsedDocument, ParsedSection, Parser } from "@rounds/core";
import { decodeUtf8, parseFailure } from "./fail.ts";

/** "00:01:02.500" or "01:02,500" → milliseconds. */
function timestampMs(ts: string): number {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/.exec(ts.trim());
  if (!m) throw parseFailure("corrupt", "A cue has an invalid timestamp.");
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]!.padEnd(3, "0"));
}

function done(sections: ParsedSection[]): ParsedDocument {
  if (sections.length === 0) throw parseFailure("empty", "The transcript has no speech.");
  return { kind: "transcript", sections };
}

/** WebVTT with `<v Speaker>` voice tags or `Speaker: text` lines. */
export const vttParser: Parser = {
  specificationVersion: "v1",
  id: "vtt",
  mediaTypes: ["text/vtt"],
  async parse(input: ParseInput): Promise<ParsedDocument> {
    const text = decodeUtf8(input.bytes);
    if (!/^WEBVTT/.test(text)) throw parseFailure("corrupt", "The file does not start with WEBVTT.");
    return done(cues(text.replace(/^WEBVTT[^\n]*\n/, "")));
  },
};

/** SubRip (.srt): numbered cues, `Speaker: text` when speakers are named. */
export const srtParser: Parser = {
  specificationVersion: "v1",
  id: "srt",
  mediaTypes: ["application/x-subrip"],
  async parse(input: ParseInput): Promise<ParsedDocument> {
    return done(cues(decodeUtf8(input.bytes)));
  },
};

/**
 * One section per speaker turn. A cue may hold several voices (`<v A>…</v><v B>…`
 * or one `Name: text` line each); each becomes its own section with the cue's
 * times, so no words are filed under the wrong speaker. Text with no voice tag
 * or name stays unlabelled rather than guessed.
 */
function cues(body: string): ParsedSection[] {
  const out: ParsedSection[] = [];
  for (const block of body.replace(/\r\n/g, "\n").split(/\n\s*\n/)) {
    const lines = block.split("\n").map((l) => l.trim()).filter(Boolean);
    const timing = lines.findIndex((l) => l.includes("-->"));
    if (timing < 0) continue;
    const [start, end] = lines[timing]!.split("-->").map((s) => s.trim().split(/\s+/)[0]!);
    const startMs = timestampMs(start!), endMs = timestampMs(end!);
    const turns: Array<{ speaker?: string; words: string[] }> = [];
    const say = (speaker: string | undefined, text: string) => {
      const last = turns.at(-1);
      if (last && (speaker === undefined || last.speaker === speaker)) last.words.push(text);
      else turns.push({ ...(speaker ? { speaker } : {}), words: [text] });
    };
    for (const l of lines.slice(timing + 1)) {
      // Voice spans, possibly several on one line: <v A>…</v> <v B>…
      const voices = [...l.matchAll(/<v(?:\.[^ >]+)?\s+([^>]+)>([\s\S]*?)(?=<v[\s.]|$)/g)];
      if (voices.length) {
        const before = l.slice(0, voices[0]!.index);
        if (before.trim()) say(undefined, before);
        for (const v of voices) say(v[1]!.trim(), v[2]!.replace(/<\/v>/g, ""));
        continue;
      }
      // Any alphabet: "Łukasz Wójcik: …" and "Zoë: …" name their speakers as "Client: …" does.
      const named = /^(\p{Lu}[\p{L}\p{M}\p{N}_ .'’-]{0,40}):\s+(.*)$/u.exec(l);
      if (named) say(named[1]!.trim(), named[2]!);
      else say(undefined, l);
    }
    for (const t of turns) {
      const text = t.words.join(" ").replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
      if (text) out.push({ text, startMs, endMs, ...(t.speaker ? { speaker: t.speaker } : {}) });
    }
  }
  return out;
}

/**
 * Speech-to-text JSON: an array, or `{ segments: [...] }`, of
 * `{ speaker?, start, end, text }` with times in seconds (numbers), as
 * OpenAI-compatible and most diarizing services return them.
 */
export const transcriptJsonParser: Parser = {
  specificationVersion: "v1",
  id: "transcript-json",
  mediaTypes: ["application/vnd.rounds.transcript+json"],
  async parse(input: ParseInput): Promise<ParsedDocument> {
    let data: unknown;
    try {
      data = JSON.parse(decodeUtf8(input.bytes));
    } catch (error) {
      if ((error as { code?: string }).code === "PARSE_FAILED") throw error;
      throw parseFailure("corrupt", "The transcript is not valid JSON.");
    }
    const segments = Array.isArray(data) ? data : (data as { segments?: unknown }).segments;
    if (!Array.isArray(segments)) throw parseFailure("corrupt", "The transcript JSON has no segments.");
    const out: ParsedSection[] = [];
    for (const s of segments as Array<Record<string, unknown>>) {
      const text = typeof s.text === "string" ? s.text.replace(/\s+/g, " ").trim() : "";
      const start = Number(s.start);
      const end = Number(s.end);
      if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) throw parseFailure("corrupt", "A transcript segment has invalid times.");
      if (!text) continue;
      out.push({ text, startMs: Math.round(start * 1000), endMs: Math.round(end * 1000), ...(typeof s.speaker === "string" && s.speaker ? { speaker: s.speaker } : {}) });
    }
    return done(out);
  },
};
