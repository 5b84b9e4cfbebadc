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
import type { NoteRecord, NoteSection } from "../notes-repository.ts";
import { loadRiskSet, type LabelledUtterance, type RiskSplit } from "../risk/risk-set.ts";
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

/** What the rendered note shows of one turn with flags, in every format measured. */
export interface TurnShown {
  risk: boolean; inBlock: boolean; inSection: boolean;
  review: boolean; reviewInBlock: boolean;
  denied: boolean; deniedInBlock: boolean;
  /** Some section of every format cites the turn (the risk section's quote or a pick for what the turn does). */
  inAnySection: boolean;
}

/** The extractive note in each format, cut to its word limit as stored, with the text blocks `notes` shows. */
function renderNotes(turns: TranscriptTurn[], formats: NoteFormat[], wordLimit: number, flags: RiskFlag[]) {
  return formats.map((format) => {
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
}

/** Per flagged turn, what the note shows of it in every format; `turnsOf` adds turns with no flag (for `inAnySection`). */
export function turnsShown(turns: TranscriptTurn[], formats: NoteFormat[], wordLimit: number, flags: RiskFlag[], turnsOf: number[] = []): Map<number, TurnShown> {
  const rendered = renderNotes(turns, formats, wordLimit, flags);
  const byTurn = new Map<number, RiskFlag[]>(turnsOf.map((t) => [t, []]));
  for (const f of flags) byTurn.set(f.turn, [...(byTurn.get(f.turn) ?? []), f]);
  const out = new Map<number, TurnShown>();
  for (const [turn, turnFlags] of byTurn) {
    const t = turns[turn];
    const label = t ? citeLabel({ speaker: t.speaker, startMs: t.startMs, turn: t.index }) : "";
    const has = (verdict: RiskFlag["verdict"]) => turnFlags.some((f) => f.verdict === verdict);
    const listed = (verdict: RiskFlag["verdict"]) => rendered.every((r) => turnFlags.filter((f) => f.verdict === verdict).every((f) => !!t && t.text.includes(f.quote) && r.blocks[verdict].includes(`"${f.quote}" (${label})`)));
    const cites = (s: NoteSection) => (s.citations ?? []).some((c) => c.turn === turn && c.speaker === t?.speaker && c.startMs === t?.startMs) && s.text.includes(`(${label})`);
    out.set(turn, {
      risk: has("risk"), inBlock: has("risk") && listed("risk"),
      inSection: has("risk") && rendered.every((r) => cites(r.sections[NOTE_FORMATS[r.format].findIndex((d) => d.key === riskSectionKey(r.format))]!)),
      review: has("review"), reviewInBlock: has("review") && listed("review"),
      denied: has("denied"), deniedInBlock: has("denied") && listed("denied"),
      inAnySection: rendered.every((r) => r.sections.some(cites)),
    });
  }
  return out;
}

/** Checks one transcript; `flags` defaults to the screen's. */
export function riskTurnsInNote(turns: TranscriptTurn[], formats: NoteFormat[] = ["soap", "dap", "birp", "girp"], wordLimit = 150, flags: RiskFlag[] = screenTranscript(turns)): RiskInNote {
  const out = emptyRiskInNote();
  for (const shown of turnsShown(turns, formats, wordLimit, flags).values()) {
    if (shown.risk) {
      out.riskTurns++;
      if (shown.inBlock) out.inBlock++;
      if (shown.inSection) out.inSection++;
    } else if (shown.review) {
      out.reviewTurns++;
      if (shown.reviewInBlock) out.reviewInBlock++;
    }
    if (shown.denied) {
      out.deniedTurns++;
      if (shown.deniedInBlock) out.deniedInBlock++;
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

/**
 * Labelled risk statements that reach the note (issue #18's "share of risk turns that reach the note", measured on
 * labels rather than on the screen's own flags). Every utterance of a labelled split is a turn; the split is laid out as
 * sessions of `size` turns taken at a stride through the file (session k holds utterances k, k + n/size, …), so each
 * session mixes risk, denials and ordinary talk as the file does rather than holding one block of a label. For each turn
 * labelled `risk`, in every format:
 * - `flagged`: its flag-tier flags are in the risk block with the turn's own speaker and time (`flaggedInSection`: and
 *   the risk section cites the turn);
 * - `review`: not that, but a review-tier flag of the turn is listed under "Possible risk — review" (on top of the note,
 *   acknowledged before approval, but in no section);
 * - `sectionOnly`: neither, but some section of every format quotes the turn (picked for what it does, by chance);
 * - `missed`: none of these: the note does not carry the statement.
 * `reached` = flagged + review + sectionOnly.
 */
export interface LabelledRiskInNote {
  riskTurns: number;
  flagged: number;
  flaggedInSection: number;
  review: number;
  sectionOnly: number;
  missed: number;
  reached: number;
  /** The statements the note does not carry, for reading (the committed labelled text, never outside data). */
  missedTexts: string[];
}

/** Sessions of `size` labelled utterances taken at a stride, so labels mix within a session; each turn keeps its utterance. */
export function stridedSessions(lines: LabelledUtterance[], size = 8): Array<{ turns: TranscriptTurn[]; utterances: LabelledUtterance[] }> {
  const count = Math.ceil(lines.length / size);
  const out: Array<{ turns: TranscriptTurn[]; utterances: LabelledUtterance[] }> = [];
  for (let k = 0; k < count; k++) {
    const utterances = lines.filter((_, i) => i % count === k);
    out.push({ utterances, turns: transcriptTurns(utterances.map((u, j) => ({ text: u.text, speaker: u.role === "clinician" ? "Therapist" : "Client", startMs: j * 10_000 }))) });
  }
  return out;
}

export function labelledRiskInNote(lines: LabelledUtterance[], formats: NoteFormat[] = ["soap", "dap", "birp", "girp"], wordLimit = 150, size = 8): LabelledRiskInNote {
  const out: LabelledRiskInNote = { riskTurns: 0, flagged: 0, flaggedInSection: 0, review: 0, sectionOnly: 0, missed: 0, reached: 0, missedTexts: [] };
  for (const { turns, utterances } of stridedSessions(lines, size)) {
    const risky = utterances.flatMap((u, i) => (u.label === "risk" ? [i] : []));
    const shown = turnsShown(turns, formats, wordLimit, screenTranscript(turns), risky);
    for (const i of risky) {
      const s = shown.get(i)!;
      out.riskTurns++;
      if (s.risk && s.inBlock) {
        out.flagged++;
        if (s.inSection) out.flaggedInSection++;
      }
      else if (s.review && s.reviewInBlock) out.review++;
      else if (s.inAnySection) out.sectionOnly++;
      else {
        out.missed++;
        out.missedTexts.push(utterances[i]!.text);
      }
    }
  }
  out.reached = out.flagged + out.review + out.sectionOnly;
  return out;
}
