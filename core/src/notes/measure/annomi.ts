/**
 * Measures of the notes pipeline on the public AnnoMI motivational-interviewing
 * transcripts (github.com/uccollab/AnnoMI, `AnnoMI-simple.csv`), whose
 * per-utterance annotations say what each therapist turn does (reflection,
 * question, therapist_input, other) and what kind of talk each client turn is
 * (change, neutral, sustain). The CSV is read from a path; it is not in this
 * repository (the AnnoMI repository carries no licence file).
 *
 * What is measured, with the same functions `generateNote` uses (turns, risk
 * screen, extractive note; the de-identifier is not run here):
 * - support: the share of note statements whose cited turn, by AnnoMI's own
 *   annotation, does what the section says (an Intervention cites a therapist
 *   reflection or input, Goals cite client change talk, a Response follows a
 *   therapist reflection or input, …) and whose speaker and time equal the row's;
 * - turn functions against AnnoMI's therapist-behaviour labels;
 * - role inference with speaker labels replaced by neutral names;
 * - risk reaching the note: held-out risk statements inserted as client turns.
 */
import { readFileSync } from "node:fs";
import { splitSentences } from "../../ingest/chunker.ts";
import type { ParsedSection } from "../../ports/index.ts";
import { extractiveNote } from "../extractive-note.ts";
import { NOTE_FORMATS, riskSectionKey, type NoteFormat } from "../note-formats.ts";
import { loadRiskSet, type RiskSplit } from "../risk/risk-set.ts";
import { screenTranscript } from "../risk/screen-transcript.ts";
import { limitSection } from "../section-text.ts";
import { addRiskInNote, emptyRiskInNote, riskTurnsInNote, type RiskInNote } from "./risk-in-note.ts";
import { contradiction, sharesWords } from "../support-check.ts";
import { transcriptTurns } from "../transcript-turns.ts";
import { turnFunctions } from "../turn-function.ts";

export interface AnnoMiRow {
  transcriptId: string;
  utteranceId: number;
  interlocutor: "therapist" | "client";
  startMs: number;
  text: string;
  behaviour: string;
  talk: string;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") { field += "\""; i++; }
      else if (c === "\"") quoted = false;
      else field += c;
    } else if (c === "\"") quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1);
}

export function loadAnnoMi(path: string): Map<string, AnnoMiRow[]> {
  const [header, ...rows] = parseCsv(readFileSync(path, "utf8"));
  const col = (name: string) => {
    const i = header!.indexOf(name);
    if (i < 0) throw new Error(`AnnoMI CSV has no ${name} column`);
    return i;
  };
  const [tid, uid, who, ts, text, beh, talk] = ["transcript_id", "utterance_id", "interlocutor", "timestamp", "utterance_text", "main_therapist_behaviour", "client_talk_type"].map(col);
  const out = new Map<string, AnnoMiRow[]>();
  for (const r of rows) {
    const [h = 0, m = 0, s = 0] = r[ts!]!.split(":").map(Number);
    const row: AnnoMiRow = { transcriptId: r[tid!]!, utteranceId: Number(r[uid!]), interlocutor: r[who!] === "therapist" ? "therapist" : "client", startMs: ((h * 60 + m) * 60 + s) * 1000, text: r[text!]!, behaviour: r[beh!]!, talk: r[talk!]! };
    const list = out.get(row.transcriptId) ?? [];
    list.push(row);
    out.set(row.transcriptId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.utteranceId - b.utteranceId);
  return out;
}

/** Every client sentence of every transcript, as the risk screen sees them (for counting flags; AnnoMI has no risk labels). */
export function annomiClientSentences(path: string): string[] {
  const out: string[] = [];
  for (const rows of loadAnnoMi(path).values()) for (const r of rows) if (r.interlocutor === "client") out.push(...splitSentences(r.text));
  return out;
}

export const sectionsOf = (rows: AnnoMiRow[], label: (r: AnnoMiRow) => string): ParsedSection[] =>
  rows.map((r) => ({ text: r.text, speaker: label(r), startMs: r.startMs }));

/** Does the cited row do what the section is for, by AnnoMI's annotation? */
function supportsSection(source: string, rows: AnnoMiRow[], i: number): boolean {
  const r = rows[i]!;
  const prev = rows[i - 1];
  const input = (x: AnnoMiRow | undefined) => x?.interlocutor === "therapist" && (x.behaviour === "reflection" || x.behaviour === "therapist_input");
  switch (source) {
    case "patient_report": return r.interlocutor === "client";
    case "goals": return r.interlocutor === "client" && r.talk === "change";
    case "interventions": return input(r);
    case "responses": return r.interlocutor === "client" && input(prev);
    case "assessment": return r.interlocutor === "therapist" && r.behaviour === "reflection";
    case "plan": return (r.interlocutor === "therapist" && r.behaviour === "therapist_input") || (r.interlocutor === "client" && r.talk === "change");
    case "data": return r.interlocutor === "client" || input(r);
    default: return false;
  }
}

export interface AnnoMiMeasure {
  transcripts: number;
  utterances: number;
  /** Per format and overall: statements citing a turn, and those whose turn supports them. */
  support: Record<string, { statements: number; supported: number }>;
  /** Citations whose speaker and time equal the source row. */
  exactCitations: { total: number; exact: number };
  /** Therapist turns: our function against AnnoMI's main behaviour. */
  functionAgreement: { question: [number, number]; reflection: [number, number]; input: [number, number] };
  /** Speakers relabelled "Speaker 1/2": turns whose inferred role is right, wrong, or unknown. */
  roles: { right: number; wrong: number; unknown: number };
  /** Risk flags the screen raises on the unmodified transcripts (no risk labels exist, so these are for reading, not a precision). */
  flagsOnOriginal: number;
  /**
   * Risk statements of a held-out split (default `heldout8`, measured once and never tuned on), inserted as client
   * turns, one per transcript: how many reach the note's flags with the right turn, and how many a section of the
   * written note cites in every format measured.
   */
  insertedRisk: { split: RiskSplit; inserted: number; flagged: number; inNote: number; flaggedInNote: number };
  /**
   * Every turn the screen flags, on the unmodified transcripts (`original`) and on the transcripts with the inserted
   * risk statement (`inserted`): listed in the note's risk block with its speaker and time, and cited by the risk
   * section, in every format (risk-in-note.ts).
   */
  riskInNote: { original: RiskInNote; inserted: RiskInNote };
  /** Citations of flagged turns quoted by the risk section (left out of `support`). */
  riskQuotes: number;
  /**
   * The generated-note support check on true statements: each counted citation as "The client/therapist said
   * \"<quote>\"" (its own speaker), checked against its turn by the lexical layer alone (the check before
   * helper/notes13) and with the contradiction checks (support-check.ts). Every one is true, so what the check
   * refuses is a false alarm.
   */
  check: { statements: number; lexical: number; full: number; refused: Partial<Record<string, number>> };
  part: AnnoMiPart;
}

/**
 * AnnoMI split by transcript: transcripts in the file's order, alternately `tune` (even positions) and `heldout`
 * (odd). Choices about the notes are made looking at `tune` only; `heldout` is reported beside it.
 */
export type AnnoMiPart = "all" | "tune" | "heldout";

export function annomiPart(data: Map<string, AnnoMiRow[]>, part: AnnoMiPart): Array<[string, AnnoMiRow[], number]> {
  return [...data.keys()].map((id, i) => [id, data.get(id)!, i] as [string, AnnoMiRow[], number]).filter(([, , i]) => part === "all" || (part === "tune") === (i % 2 === 0));
}

export function measureAnnoMi(path: string, formats: NoteFormat[] = ["soap", "dap", "birp", "girp"], wordLimit = 150, riskSplit: RiskSplit = "heldout8", part: AnnoMiPart = "all"): AnnoMiMeasure {
  const all = loadAnnoMi(path);
  const data = new Map(annomiPart(all, part).map(([id, rows]) => [id, rows]));
  const m: AnnoMiMeasure = {
    transcripts: data.size, utterances: 0, support: {}, exactCitations: { total: 0, exact: 0 },
    functionAgreement: { question: [0, 0], reflection: [0, 0], input: [0, 0] }, roles: { right: 0, wrong: 0, unknown: 0 }, flagsOnOriginal: 0, insertedRisk: { split: riskSplit, inserted: 0, flagged: 0, inNote: 0, flaggedInNote: 0 }, riskQuotes: 0, part,
    riskInNote: { original: emptyRiskInNote(), inserted: emptyRiskInNote() },
    check: { statements: 0, lexical: 0, full: 0, refused: {} },
  };
  const risks = loadRiskSet(riskSplit).filter((u) => u.label === "risk");
  const position = new Map(annomiPart(all, "all").map(([id, , i]) => [id, i]));
  for (const [id, rows] of data) {
    // The risk statement a transcript gets depends on its place among all transcripts, so a split sees the same ones.
    const k = position.get(id)!;
    m.utterances += rows.length;
    const label = (r: AnnoMiRow) => (r.interlocutor === "therapist" ? "Therapist" : "Client");
    const turns = transcriptTurns(sectionsOf(rows, label));
    const flags = screenTranscript(turns);
    m.flagsOnOriginal += flags.filter((f) => f.verdict === "risk").length;
    m.riskInNote.original = addRiskInNote(m.riskInNote.original, riskTurnsInNote(turns, formats, wordLimit, flags));
    const { functions } = turnFunctions(turns);
    rows.forEach((r, i) => {
      if (r.interlocutor !== "therapist") return;
      const f = functions[i]!;
      const pairs: Array<[keyof AnnoMiMeasure["functionAgreement"], boolean, boolean]> = [
        ["question", r.behaviour === "question", f === "question"],
        ["reflection", r.behaviour === "reflection", f === "reflection"],
        ["input", r.behaviour === "therapist_input", f === "information" || f === "proposal"],
      ];
      for (const [key, gold, ours] of pairs) if (gold) { m.functionAgreement[key][1]++; if (ours) m.functionAgreement[key][0]++; }
    });
    for (const format of formats) {
      const sections = extractiveNote({ turns, flags, format, wordLimit }).map((s) => limitSection(s, wordLimit));
      const riskKey = riskSectionKey(format);
      NOTE_FORMATS[format].forEach((def, si) => {
        const s = sections[si]!;
        for (const c of s.citations ?? []) {
          // The risk section's quotes of flagged turns are the flags themselves (their precision is the screen's), counted apart.
          if (def.key === riskKey && flags.some((f) => f.verdict === "risk" && f.turn === c.turn)) { m.riskQuotes++; continue; }
          const slot = (m.support[`${format}.${def.key}`] ??= { statements: 0, supported: 0 });
          slot.statements++;
          if (supportsSection(def.source, rows, c.turn)) slot.supported++;
          m.exactCitations.total++;
          const r = rows[c.turn]!;
          if (c.startMs === r.startMs && c.speaker === label(r) && r.text.includes(c.quote.replace(/…$/, ""))) m.exactCitations.exact++;
          const statement = `The ${r.interlocutor} said "${c.quote}"`;
          const cited = [turns[c.turn]!];
          m.check.statements++;
          if (sharesWords(statement, cited)) {
            m.check.lexical++;
            const why = contradiction(statement, cited);
            if (why) m.check.refused[why] = (m.check.refused[why] ?? 0) + 1;
            else m.check.full++;
          }
        }
      });
    }
    // Roles from behaviour alone: neutral speaker names.
    const named = transcriptTurns(sectionsOf(rows, (r) => (r.interlocutor === rows[0]!.interlocutor ? "Speaker 1" : "Speaker 2")));
    named.forEach((t, i) => {
      if (t.role === "unknown") m.roles.unknown++;
      else if ((t.role === "clinician") === (rows[i]!.interlocutor === "therapist")) m.roles.right++;
      else m.roles.wrong++;
    });
    // One held-out risk statement as a client turn in the middle of the session.
    const risk = risks[k % risks.length]!;
    const at = Math.floor(rows.length / 2);
    const withRisk = [...rows.slice(0, at), { ...rows[at]!, interlocutor: "client" as const, text: risk.text }, ...rows.slice(at)];
    const riskTurns = transcriptTurns(sectionsOf(withRisk, label));
    m.insertedRisk.inserted++;
    const riskFlags = screenTranscript(riskTurns);
    const flagged = riskFlags.some((f) => f.verdict === "risk" && f.turn === at);
    m.riskInNote.inserted = addRiskInNote(m.riskInNote.inserted, riskTurnsInNote(riskTurns, formats, wordLimit, riskFlags));
    if (flagged) m.insertedRisk.flagged++;
    // Reaching the note: in every format, a section of the written note cites the inserted turn (beside the flags shown on top).
    if (formats.every((format) => extractiveNote({ turns: riskTurns, flags: riskFlags, format, wordLimit }).map((s) => limitSection(s, wordLimit)).some((s) => (s.citations ?? []).some((c) => c.turn === at)))) {
      m.insertedRisk.inNote++;
      if (flagged) m.insertedRisk.flaggedInNote++;
    }
  }
  return m;
}

/** One AnnoMI session's flags as `screenTranscript` raises them on the unmodified transcript. */
export interface AnnoMiSessionFlags {
  transcriptId: string;
  /** Flag-tier risk flags. */
  risk: number;
  /** Review-tier "possible risk — review" flags: on ordinary MI sessions, each one a clinician has to dismiss. */
  review: number;
}

/** Flags per session on AnnoMI's ordinary MI sessions (no risk labels): the cost a clinician pays for each tier. */
export function annomiFlagsPerSession(path: string): AnnoMiSessionFlags[] {
  const out: AnnoMiSessionFlags[] = [];
  for (const [transcriptId, rows] of loadAnnoMi(path)) {
    const flags = screenTranscript(transcriptTurns(sectionsOf(rows, (r) => (r.interlocutor === "therapist" ? "Therapist" : "Client"))));
    out.push({ transcriptId, risk: flags.filter((f) => f.verdict === "risk").length, review: flags.filter((f) => f.verdict === "review").length });
  }
  return out;
}
