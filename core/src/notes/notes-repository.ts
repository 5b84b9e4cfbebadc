/**
 * Therapy sessions and their clinical notes. Implemented in
 * `drizzle/src/repos/notes.ts`. Owned by session notes. Every read and write
 * takes the organisation and filters on it inside the query.
 */

export interface NoteSection {
  key: string;
  title: string;
  text: string;
  /** Risk statements marked `{{RED:...}}` in the text. */
  risk: string[];
}

export interface NoteRecord {
  id: string;
  sessionId: string;
  organizationId: string;
  projectId: string;
  patientId: string;
  documentId: string;
  sections: NoteSection[];
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
  modelId: string;
  generationMs: number;
}

export interface NotesRepository {
  /** Creates the note, and the session record of its transcript when this is the first note. */
  createNote(input: NewNote): Promise<NoteRecord>;
  getNote(organizationId: string, id: string): Promise<NoteRecord | undefined>;
  /** Compare-and-set on status: an approved note is not edited. */
  updateNote(organizationId: string, id: string, expected: NoteRecord["status"], patch: { sections?: NoteSection[]; status?: NoteRecord["status"]; approvedByUserId?: string }): Promise<NoteRecord | undefined>;
  listNotes(organizationId: string, filter: { patientId?: string; documentId?: string }): Promise<NoteRecord[]>;
}
