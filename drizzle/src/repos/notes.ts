import type { NotePatch, NoteRecord, NoteScope, NotesRepository, PsychotherapyScope } from "@rounds/core";
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { RoundsDb } from "../client.ts";
import { notes, psychotherapyNotes, sessions } from "../schema/index.ts";

const progressColumns = { note: notes, projectId: sessions.projectId, documentId: sessions.documentId };
const psychotherapyColumns = { note: psychotherapyNotes, documentId: sessions.documentId };

type NoteRow = typeof notes.$inferSelect | typeof psychotherapyNotes.$inferSelect;

const toNote = (note: NoteRow, kind: NoteRecord["kind"], projectId: string, documentId: string | null): NoteRecord => ({
  id: note.id, sessionId: note.sessionId, organizationId: note.organizationId, projectId,
  patientId: note.patientId, documentId: documentId ?? "", sections: note.sections, format: note.format, kind,
  riskFlags: note.riskFlags, riskAcknowledgedByUserId: note.riskAcknowledgedByUserId, riskAcknowledgedAt: note.riskAcknowledgedAt,
  authorUserId: note.authorUserId, modelId: note.modelId,
  generationMs: note.generationMs, status: note.status, approvedByUserId: note.approvedByUserId,
  createdAt: note.createdAt, updatedAt: note.updatedAt,
});

const changes = (patch: NotePatch) => ({
  ...(patch.sections ? { sections: patch.sections } : {}),
  ...(patch.status ? { status: patch.status } : {}),
  ...(patch.approvedByUserId ? { approvedByUserId: patch.approvedByUserId } : {}),
  ...(patch.riskAcknowledgedByUserId ? { riskAcknowledgedByUserId: patch.riskAcknowledgedByUserId, riskAcknowledgedAt: new Date() } : {}),
  updatedAt: new Date(),
});

/** What a note query is limited to: the note scope, and the transcript when a list names one. */
type NoteQueryScope = NoteScope & { documentId?: string };

/**
 * Where a note table keeps the scope: organisation, patient and session of its
 * own; the project of its own when it has the column (`psychotherapy_notes`),
 * else its session's (`notes`). The transcript is always the session's.
 */
interface NoteScopeColumns {
  organizationId: PgColumn;
  patientId: PgColumn;
  sessionId: PgColumn;
  projectId?: PgColumn;
}

/**
 * The scope filter of every note query, progress or psychotherapy, read or
 * update, one or a list: the organisation always; the project, patient and
 * transcript when the scope names them. What lives on the session is matched
 * by a sub-query on `sessions` within the same organisation, so the filter
 * needs no join and serves `UPDATE` as well as `SELECT`. These clauses are the
 * isolation boundary of notes: written once, they are the same for both kinds.
 */
function noteScopeWhere(db: RoundsDb, table: NoteScopeColumns, scope: NoteQueryScope): SQL {
  const onSession = and(
    !table.projectId && scope.projectId ? eq(sessions.projectId, scope.projectId) : undefined,
    scope.documentId ? eq(sessions.documentId, scope.documentId) : undefined,
  );
  return and(
    eq(table.organizationId, scope.organizationId),
    table.projectId && scope.projectId ? eq(table.projectId, scope.projectId) : undefined,
    scope.patientId ? eq(table.patientId, scope.patientId) : undefined,
    onSession ? inArray(table.sessionId, db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.organizationId, scope.organizationId), onSession))) : undefined,
  )!;
}

/** A list's filter as a scope, field by field: nothing a caller adds to the filter can widen or move the organisation. */
const listScope = (organizationId: string, filter: { projectId?: string; patientId?: string; documentId?: string }): NoteQueryScope => ({
  organizationId,
  ...(filter.projectId ? { projectId: filter.projectId } : {}),
  ...(filter.patientId ? { patientId: filter.patientId } : {}),
  ...(filter.documentId ? { documentId: filter.documentId } : {}),
});

/**
 * Progress notes in `notes`; psychotherapy notes (HIPAA 45 CFR 164.501) in
 * `psychotherapy_notes`, where every query filters on organisation and author
 * (and project, patient or transcript when the caller names them).
 */
export function createNotesRepository(db: RoundsDb): NotesRepository {
  const selectProgress = (where: SQL | undefined) =>
    db.select(progressColumns).from(notes).innerJoin(sessions, and(eq(sessions.id, notes.sessionId), eq(sessions.organizationId, notes.organizationId))).where(where);
  const selectPsychotherapy = (where: SQL | undefined) =>
    db.select(psychotherapyColumns).from(psychotherapyNotes).innerJoin(sessions, and(eq(sessions.id, psychotherapyNotes.sessionId), eq(sessions.organizationId, psychotherapyNotes.organizationId))).where(where);
  const progressOf = (r: { note: typeof notes.$inferSelect; projectId: string; documentId: string | null }) => toNote(r.note, "progress", r.projectId, r.documentId);
  const psychotherapyOf = (r: { note: typeof psychotherapyNotes.$inferSelect; documentId: string | null }) => toNote(r.note, "psychotherapy", r.note.projectId, r.documentId);
  /**
   * The one scope filter of every note query (see `noteScopeWhere`), and the
   * author filter every ordinary psychotherapy query adds to it.
   */
  const within = (table: NoteScopeColumns, scope: NoteQueryScope) => noteScopeWhere(db, table, scope);
  const authorScope = (scope: PsychotherapyScope) => and(within(psychotherapyNotes, scope), eq(psychotherapyNotes.authorUserId, scope.authorUserId));

  return {
    async createNote(input) {
      return db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: sessions.id }).from(sessions)
          .where(and(eq(sessions.organizationId, input.organizationId), eq(sessions.projectId, input.projectId), eq(sessions.documentId, input.documentId), eq(sessions.patientId, input.patientId))).limit(1);
        const sessionId = existing?.id ?? (await tx.insert(sessions).values({
          organizationId: input.organizationId, projectId: input.projectId, patientId: input.patientId,
          clinicianUserId: input.clinicianUserId, documentId: input.documentId, status: "transcribed",
        }).returning({ id: sessions.id }))[0]!.id;
        const values = {
          sessionId, organizationId: input.organizationId, patientId: input.patientId, sections: input.sections,
          format: input.format, riskFlags: input.riskFlags, authorUserId: input.clinicianUserId, modelId: input.modelId, generationMs: input.generationMs,
        };
        const row = input.kind === "psychotherapy"
          ? (await tx.insert(psychotherapyNotes).values({ ...values, projectId: input.projectId }).returning())[0]!
          : (await tx.insert(notes).values(values).returning())[0]!;
        return toNote(row, input.kind, input.projectId, input.documentId);
      });
    },

    async getNote(scope, id) {
      const [row] = await selectProgress(and(within(notes, scope), eq(notes.id, id)));
      return row ? progressOf(row) : undefined;
    },

    async updateNote(scope, id, expected, patch) {
      const [updated] = await db.update(notes).set(changes(patch))
        .where(and(within(notes, scope), eq(notes.id, id), eq(notes.status, expected))).returning({ id: notes.id });
      if (!updated) return undefined;
      const [row] = await selectProgress(and(within(notes, scope), eq(notes.id, id)));
      return row ? progressOf(row) : undefined;
    },

    async listNotes(organizationId, filter) {
      const rows = await selectProgress(within(notes, listScope(organizationId, filter))).orderBy(desc(notes.createdAt)).limit(200);
      return rows.map(progressOf);
    },

    async getPsychotherapyNote(scope, id) {
      const [row] = await selectPsychotherapy(and(authorScope(scope), eq(psychotherapyNotes.id, id)));
      return row ? psychotherapyOf(row) : undefined;
    },

    async updatePsychotherapyNote(scope, id, expected, patch) {
      const [updated] = await db.update(psychotherapyNotes).set(changes(patch))
        .where(and(authorScope(scope), eq(psychotherapyNotes.id, id), eq(psychotherapyNotes.status, expected))).returning({ id: psychotherapyNotes.id });
      if (!updated) return undefined;
      const [row] = await selectPsychotherapy(and(authorScope(scope), eq(psychotherapyNotes.id, id)));
      return row ? psychotherapyOf(row) : undefined;
    },

    async listPsychotherapyNotes(scope, filter) {
      const rows = await selectPsychotherapy(and(authorScope(scope), within(psychotherapyNotes, listScope(scope.organizationId, filter))))
        .orderBy(desc(psychotherapyNotes.createdAt)).limit(200);
      return rows.map(psychotherapyOf);
    },

    async getPsychotherapyNoteForBreakGlass(scope, id) {
      const [row] = await selectPsychotherapy(and(within(psychotherapyNotes, scope), eq(psychotherapyNotes.id, id)));
      return row ? psychotherapyOf(row) : undefined;
    },
  };
}
