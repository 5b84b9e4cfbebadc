/**
 * An approved note as training examples of the task the product asks a
 * model: one example per section, the section's own call as generated-note.ts
 * makes it (its system prompt, and its evidence turns as section-evidence.ts
 * picks them, flagged risk turns marked in the section that states risk) and
 * the approved section as the JSON that call expects,
 * `{"statements": [{"text", "turns": [12]}]}`.
 *
 * A statement of the approved section is read with the turns its citation
 * labels name ("… (Client 00:04:12)."; a label the transcript does not have is
 * not a citation). Only statements the product's check would take in that
 * position are targets: each cites at least one turn, and every turn it cites
 * was given to the section. A section asks no model (Objective; a section no
 * turn does what it is for) or keeps no such statement: no example, counted.
 */
import { splitSentences } from "../ingest/chunker.ts";
import { RISK_OMITTED_LEAD, sectionContext, sectionRequest } from "./generated-note.ts";
import { NOTE_FORMATS, type NoteFormat, type NoteSectionDef } from "./note-formats.ts";
import type { RiskFlag } from "./risk/screen-transcript.ts";
import { citeLabel, type TranscriptTurn, type TurnCitation } from "./transcript-turns.ts";

export interface SectionTrainingInput {
  /** The transcript's turns (the export de-identifies every message it writes). */
  turns: TranscriptTurn[];
  /** The note's stored risk flags (they decide which turns the risk section is given, marked RISK). */
  flags: RiskFlag[];
  /** The note's format; undefined for a note written before formats (its sections are found by key). */
  format: NoteFormat | undefined;
  limit: number;
  sections: Array<{ key: string; text: string; citations?: TurnCitation[] }>;
}

export interface SectionTrainingExample {
  section: string;
  messages: Array<{ role: "system" | "user" | "assistant"; content: string }>;
}

export interface SectionTrainingResult {
  examples: SectionTrainingExample[];
  /** Sections that ask no model, or whose approved text keeps no statement citing a turn given to them. */
  skipped: Array<{ section: string; reason: "asks_no_model" | "no_cited_statement" }>;
}

/** The statements of a section's text, each with the turns (0-based) its citation label names. */
export function citedStatements(text: string, turns: TranscriptTurn[], citations: TurnCitation[] = []): Array<{ text: string; turns: number[] }> {
  const byLabel = new Map<string, number[]>();
  for (const t of turns) {
    const l = citeLabel({ speaker: t.speaker, startMs: t.startMs, turn: t.index });
    byLabel.set(l, [...(byLabel.get(l) ?? []), t.index]);
  }
  const cited = new Set(citations.map((c) => c.turn));
  // Two turns with one label (one speaker, one start time): the one the section's citations name, else the first.
  const turnOf = (l: string): number | undefined => {
    const candidates = byLabel.get(l.trim());
    return candidates?.find((i) => cited.has(i)) ?? candidates?.[0];
  };
  const out: Array<{ text: string; turns: number[] }> = [];
  let from = 0;
  for (const m of text.matchAll(/\(([^()]+)\)\.?/g)) {
    const ids = m[1]!.split(";").map(turnOf);
    if (ids.some((i) => i === undefined)) continue; // a parenthesis, not a citation
    const segment = text.slice(from, m.index).replace(/\{\{RED:|\}\}/g, "").trim();
    from = m.index + m[0].length;
    const body = statementOf(segment).replace(RISK_OMITTED_LEAD, "").replace(/[.;,]+$/, "").trim();
    if (body) out.push({ text: body, turns: [...new Set(ids as number[])] });
  }
  return out;
}

/**
 * The statement a citation label closes: a quoted turn with what leads into it on its sentence ("Agreed: "…),
 * or else the last sentence before the label (each generated statement is one sentence ending with its label).
 */
function statementOf(segment: string): string {
  if (segment.endsWith("\"")) {
    const open = segment.lastIndexOf("\"", segment.length - 2);
    if (open >= 0) {
      const before = segment.slice(0, open);
      const lead = Math.max(before.lastIndexOf(". "), before.lastIndexOf("! "), before.lastIndexOf("? "));
      return segment.slice(lead < 0 ? 0 : lead + 2).trim();
    }
  }
  return splitSentences(segment).at(-1) ?? segment;
}

const defOf = (format: NoteFormat | undefined, key: string): NoteSectionDef | undefined =>
  (format ? NOTE_FORMATS[format] : Object.values(NOTE_FORMATS).flat()).find((d: NoteSectionDef) => d.key === key);

export function sectionTrainingExamples(input: SectionTrainingInput): SectionTrainingResult {
  const ctx = sectionContext(input.turns, input.turns, input.flags, input.format, input.limit);
  const result: SectionTrainingResult = { examples: [], skipped: [] };
  for (const section of input.sections) {
    const def = defOf(input.format, section.key);
    const request = def && sectionRequest(def, ctx);
    if (!request) { result.skipped.push({ section: section.key, reason: "asks_no_model" }); continue; }
    const statements = citedStatements(section.text, input.turns, section.citations)
      .filter((s) => s.turns.every((i) => request.given.has(i)))
      .map((s) => ({ text: s.text, turns: s.turns.map((i) => i + 1) }));
    if (!statements.length) { result.skipped.push({ section: section.key, reason: "no_cited_statement" }); continue; }
    result.examples.push({
      section: section.key,
      messages: [
        { role: "system", content: request.system },
        { role: "user", content: request.user },
        { role: "assistant", content: JSON.stringify({ statements }) },
      ],
    });
  }
  return result;
}
