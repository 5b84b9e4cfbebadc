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
}

/**
 * `progress`: the note in the record. `psychotherapy`: the clinician's
 * process notes (HIPAA 45 CFR 164.501), a visibility class of their own that
 * the repository enforces in every query: read, listed and changed by their
 * author only (not by admins or auditors), and in a training export only when
 * the export names them and the patient authorised it (`psychotherapy_notes`).
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

export interface NotesRepository {
  /** Creates the note, and the session record of its transcript when this is the first note. */
  createNote(input: NewNote): Promise<NoteRecord>;
  /** A psychotherapy note is returned to its author (`viewerUserId`) only; to anyone else it does not exist. */
  getNote(organizationId: string, id: string, viewerUserId: string): Promise<NoteRecord | undefined>;
  /** Compare-and-set on status: an approved note is not edited. Psychotherapy notes change only for their author. */
  updateNote(organizationId: string, id: string, viewerUserId: string, expected: NoteRecord["status"], patch: { sections?: NoteSection[]; status?: NoteRecord["status"]; approvedByUserId?: string; riskAcknowledgedByUserId?: string }): Promise<NoteRecord | undefined>;
  /** Psychotherapy notes are listed only to `viewerUserId`, their author; without a viewer, progress notes only. */
  listNotes(organizationId: string, filter: { patientId?: string; documentId?: string; viewerUserId?: string }): Promise<NoteRecord[]>;
}
