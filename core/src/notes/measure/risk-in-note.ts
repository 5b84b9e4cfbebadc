/**
 * Risk turns that reach the note (issue #18: "share of risk turns that reach the note"). For every turn the risk
 * screen flags in a transcript, the note as a clinician reads it (`noteBlocks`, the same blocks `notes` shows, over the
 * extractive note cut to its word limit as stored) is checked in every format:
 * - **risk block**: each of the turn's flags is listed at the top with its quoted sentence and the label of the
 *   turn's own speaker and time, taken from the transcript turn (not from the flag), and the quote is the turn's words;
 * - **risk section** (flag tier only): the format's risk section cites the turn, with the turn's own speaker and time.
 * Review-tier turns ("Possible risk — review") and screened negatives are checked against their own blocks.
 */
import { noteBlocks } from "../commands.ts";
import { extractiveNote } from "../extractive-note.ts";
import { NOTE_FORMATS, riskSectionKey, type NoteFormat } from "../note-formats.ts";
import type { NoteRecord } from "../notes-repository.ts";
import { loadRiskSet, type RiskSplit } from "../risk/risk-set.ts";
import { screenTranscript, type RiskFlag } from "../risk/screen-transcript.ts";
import { limitSection } from "../section-text.ts";
import { citeLabel, transcriptTurns, type TranscriptTurn } from "../transcript-turns.ts";

export interface RiskInNote {
  /** Turns with at least one flag-tier risk flag. */
  riskTurns: number;
  /** … each of whose flags is listed in the risk block with the turn's own speaker and time, in every format. */
  inBlock: number;
  /** … cited by the format's risk section with the turn's own speaker and time, in every format. */
  inSection: number;
  /** Turns with a review-tier flag (and no flag-tier one), and those listed under "Possible risk — review" in every format. */
  reviewTurns: number;
  reviewInBlock: number;
  /** Turns with a screened negative, and those listed under "Screened negatives" in every format. */
  deniedTurns: number;
  deniedInBlock: number;
}

export const emptyRiskInNote = (): RiskInNote => ({ riskTurns: 0, inBlock: 0, inSection: 0, reviewTurns: 0, reviewInBlock: 0, deniedTurns: 0, deniedInBlock: 0 });

export function addRiskInNote(a: RiskInNote, b: RiskInNote): RiskInNote {
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof RiskInNote] + b[k as keyof RiskInNote]])) as unknown as RiskInNote;
}

const HEADS: Record<RiskFlag["verdict"], string> = { risk: "Risk flags (", review: "Possible risk — review (", denied: "Screened negatives:" };

/** Checks one transcript; `flags` defaults to the screen's. */
export function riskTurnsInNote(turns: TranscriptTurn[], formats: NoteFormat[] = ["soap", "dap", "birp", "girp"], wordLimit = 150, flags: RiskFlag[] = screenTranscript(turns)): RiskInNote {
  const out = emptyRiskInNote();
  const rendered = formats.map((format) => {
    const sections = extractiveNote({ turns, flags, format, wordLimit }).map((s) => limitSection(s, wordLimit));
    const now = new Date(0);
    const note: NoteRecord = {
      id: "measure0", sessionId: "", organizationId: "", projectId: "", patientId: "", documentId: "", sections, format, kind: "progress", riskFlags: flags,
      riskAcknowledgedByUserId: null, riskAcknowledgedAt: null, authorUserId: null, modelId: "extractive", generationMs: null, status: "draft", approvedByUserId: null, createdAt: now, updatedAt: now,
    };
    const texts = noteBlocks(note).flatMap((b) => (b.type === "text" ? [b.text] : []));
    const block = (verdict: RiskFlag["verdict"]) => texts.find((t) => t.startsWith(HEADS[verdict])) ?? "";
    return { format, sections, blocks: { risk: block("risk"), review: block("review"), denied: block("denied") } };
  });
  const byTurn = new Map<number, RiskFlag[]>();
  for (const f of flags) byTurn.set(f.turn, [...(byTurn.get(f.turn) ?? []), f]);
  for (const [turn, turnFlags] of byTurn) {
    const t = turns[turn];
    const label = t ? citeLabel({ speaker: t.speaker, startMs: t.startMs, turn: t.index }) : "";
    const listed = (verdict: RiskFlag["verdict"]) => rendered.every((r) => turnFlags.filter((f) => f.verdict === verdict).every((f) => !!t && t.text.includes(f.quote) && r.blocks[verdict].includes(`"${f.quote}" (${label})`)));
    if (turnFlags.some((f) => f.verdict === "risk")) {
      out.riskTurns++;
      if (listed("risk")) out.inBlock++;
      const inSection = rendered.every((r) => {
        const s = r.sections[NOTE_FORMATS[r.format].findIndex((d) => d.key === riskSectionKey(r.format))]!;
        return (s.citations ?? []).some((c) => c.turn === turn && c.speaker === t?.speaker && c.startMs === t?.startMs) && s.text.includes(`(${label})`);
      });
      if (inSection) out.inSection++;
    } else if (turnFlags.some((f) => f.verdict === "review")) {
      out.reviewTurns++;
      if (listed("review")) out.reviewInBlock++;
    }
    if (turnFlags.some((f) => f.verdict === "denied")) {
      out.deniedTurns++;
      if (listed("denied")) out.deniedInBlock++;
    }
  }
  return out;
}

/**
 * The project's own written risk utterances (`risk/risk-set.<split>.tsv`) as sessions: `size` utterances in the file's
 * order per session, each a turn of its own speaker ("Therapist" for a clinician's line, else "Client"), ten seconds
 * apart, so every flag the screen raises there can be followed into the note.
 */
export function writtenRiskSessions(split: RiskSplit, size = 8): TranscriptTurn[][] {
  const lines = loadRiskSet(split);
  const sessions: TranscriptTurn[][] = [];
  for (let i = 0; i < lines.length; i += size) {
    sessions.push(transcriptTurns(lines.slice(i, i + size).map((u, j) => ({ text: u.text, speaker: u.role === "clinician" ? "Therapist" : "Client", startMs: j * 10_000 }))));
  }
  return sessions;
}
