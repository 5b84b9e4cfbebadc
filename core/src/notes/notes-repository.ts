/**
 * Therapy sessions and their clinical notes. Implemented in
 * `drizzle/src/repos/notes.ts`. Owned by session notes. Every read and write
 * takes the organisation and filters on it inside the query.
 */

import type { NoteFormat } from "./note-formats.ts";
import type { RiskFlag } from "./risk/screen-transcript.ts";
import type { TurnCitation } from "./transcript-turns.ts";

export interface NoteSection {
  key: string;
  title: string;
  text: string;
  /** Risk statements marked `{{RED:...}}` in the text. */
  risk: string[];
  /** The transcript turns the section's statements quote or cite. */
  citations?: TurnCitation[];
  /** How a model-written note's section was written and checked; absent on extractive notes and notes written before. */
  check?: SectionCheck;
}

/** Why the check did not keep a model's statement: it is shown to the clinician under its section, never dropped silently. */
export type NotKeptReason = "no_citation" | "unknown_turn" | "not_given" | "not_supported" | "over_limit"
  | "contradicts_negation" | "contradicts_number" | "contradicts_speaker" | "contradicts_certainty";

export interface SectionCheck {
  /** `model`: written by the model, one call for this section; `extractive`: quoted turns (the call failed, or the section is session facts). */
  origin: "model" | "extractive";
  /** Set when the model's call for this section failed and the section was quoted instead, and why. */
  failure?: string;
  /** The model's statements, and how many the check kept. */
  statements: number;
  kept: number;
  notKept: Array<{ text: string; turns: number[]; reason: NotKeptReason }>;
  /**
   * Flagged risk turns (0-based) the model's note left out: an error. The check quotes them in this section
   * from the flags, and the note cannot be approved until a clinician acknowledges its risk.
   */
  riskOmitted?: number[];
}

/**
 * `progress`: the note in the record. `psychotherapy`: the clinician's
 * process notes (HIPAA 45 CFR 164.501), stored in a table of their own and
 * reached only through the author-scoped repository methods: read, listed
 * and changed by their author only (not by admins or auditors), and in a
 * training export only when the export names them and the patient authorised
 * it (`psychotherapy_notes`).
 */
export type NoteKind = "progress" | "psychotherapy";

export interface NoteRecord {
  id: string;
  sessionId: string;
  organizationId: string;
  projectId: string;
  patientId: string;
  documentId: string;
  sections: NoteSection[];
  /** Notes written before formats existed are `legacy`. */
  format: NoteFormat | "legacy";
  kind: NoteKind;
  /** The risk screen's flags and screened negatives, each citing its turn; shown above the sections. */
  riskFlags: RiskFlag[];
  /** Set when a clinician acknowledged the risk flags; a note with risk flags is approved only after. */
  riskAcknowledgedByUserId: string | null;
  riskAcknowledgedAt: Date | null;
  authorUserId: string | null;
  /** The model that wrote it, or `extractive`. */
  modelId: string;
  generationMs: number | null;
  status: "draft" | "approved";
  approvedByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewNote {
  organizationId: string;
  projectId: string;
  patientId: string;
  documentId: string;
  clinicianUserId: string;
  sections: NoteSection[];
  format: NoteFormat;
  kind: NoteKind;
  riskFlags: RiskFlag[];
  modelId: string;
  generationMs: number;
}

export type NotePatch = { sections?: NoteSection[]; status?: NoteRecord["status"]; approvedByUserId?: string; riskAcknowledgedByUserId?: string };

/**
 * What a note query may touch: the organisation always; the project when the
 * caller's credential is limited to one or the caller names it; the patient
 * when the caller names one. Each is a filter inside the query, not a check after it.
 */
export interface NoteScope {
  organizationId: string;
  projectId?: string;
  patientId?: string;
}

/** Whose psychotherapy notes a query may touch: its author's, within the note scope. */
export interface PsychotherapyScope extends NoteScope {
  authorUserId: string;
}

/**
 * Progress notes and psychotherapy notes are stored apart (HIPAA 45 CFR
 * 164.501: `notes` and `psychotherapy_notes`). The progress methods never see
 * a psychotherapy note; the psychotherapy methods take the author's scope and
 * filter on organisation and author in every query.
 */
export interface NotesRepository {
  /** Creates the note in the store of its kind, and the session record of its transcript when this is the first note. */
  createNote(input: NewNote): Promise<NoteRecord>;
  /** A progress note within the scope. */
  getNote(scope: NoteScope, id: string): Promise<NoteRecord | undefined>;
  /** Compare-and-set on status within the scope: an approved note is not edited. Progress notes only. */
  updateNote(scope: NoteScope, id: string, expected: NoteRecord["status"], patch: NotePatch): Promise<NoteRecord | undefined>;
  /** Progress notes, newest first. */
  listNotes(organizationId: string, filter: { projectId?: string; patientId?: string; documentId?: string }): Promise<NoteRecord[]>;
  /** A psychotherapy note of the scope's author; to anyone else it does not exist. */
  getPsychotherapyNote(scope: PsychotherapyScope, id: string): Promise<NoteRecord | undefined>;
  /** Compare-and-set on status, within the author's scope. */
  updatePsychotherapyNote(scope: PsychotherapyScope, id: string, expected: NoteRecord["status"], patch: NotePatch): Promise<NoteRecord | undefined>;
  /** The author's psychotherapy notes, newest first. */
  listPsychotherapyNotes(scope: PsychotherapyScope, filter: { projectId?: string; patientId?: string; documentId?: string }): Promise<NoteRecord[]>;
  /**
   * Break-glass only (`breakGlassNote`: an admin, a stated reason, audited before the read): a
   * psychotherapy note within the scope whoever wrote it. Nothing else calls it.
   */
  getPsychotherapyNoteForBreakGlass(scope: NoteScope, id: string): Promise<NoteRecord | undefined>;
}
