import type { NoteRecord, NotesRepository } from "@rounds/core";
import { and, desc, eq, or, type SQL } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { notes, sessions } from "../schema/index.ts";

const columns = {
  note: notes,
  projectId: sessions.projectId,
  documentId: sessions.documentId,
};

const toNote = (r: { note: typeof notes.$inferSelect; projectId: string; documentId: string | null }): NoteRecord => ({
  id: r.note.id, sessionId: r.note.sessionId, organizationId: r.note.organizationId, projectId: r.projectId,
  patientId: r.note.patientId, documentId: r.documentId ?? "", sections: r.note.sections, format: r.note.format, kind: r.note.kind,
  riskFlags: r.note.riskFlags, riskAcknowledgedByUserId: r.note.riskAcknowledgedByUserId, riskAcknowledgedAt: r.note.riskAcknowledgedAt,
  authorUserId: r.note.authorUserId, modelId: r.note.modelId,
  generationMs: r.note.generationMs, status: r.note.status, approvedByUserId: r.note.approvedByUserId,
  createdAt: r.note.createdAt, updatedAt: r.note.updatedAt,
});

/** The psychotherapy visibility class: such a note exists only for its author; without a viewer, progress notes only. */
const visibleTo = (viewerUserId: string | undefined): SQL =>
  viewerUserId ? or(eq(notes.kind, "progress"), and(eq(notes.kind, "psychotherapy"), eq(notes.authorUserId, viewerUserId)))! : eq(notes.kind, "progress");

export function createNotesRepository(db: RoundsDb): NotesRepository {
  const select = (where: SQL | undefined) =>
    db.select(columns).from(notes).innerJoin(sessions, and(eq(sessions.id, notes.sessionId), eq(sessions.organizationId, notes.organizationId))).where(where);

  return {
    async createNote(input) {
      return db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: sessions.id }).from(sessions)
          .where(and(eq(sessions.organizationId, input.organizationId), eq(sessions.documentId, input.documentId), eq(sessions.patientId, input.patientId))).limit(1);
        const sessionId = existing?.id ?? (await tx.insert(sessions).values({
          organizationId: input.organizationId, projectId: input.projectId, patientId: input.patientId,
          clinicianUserId: input.clinicianUserId, documentId: input.documentId, status: "transcribed",
        }).returning({ id: sessions.id }))[0]!.id;
        const [row] = await tx.insert(notes).values({
          sessionId, organizationId: input.organizationId, patientId: input.patientId, sections: input.sections,
          format: input.format, kind: input.kind, riskFlags: input.riskFlags, authorUserId: input.clinicianUserId, modelId: input.modelId, generationMs: input.generationMs,
        }).returning();
        return toNote({ note: row!, projectId: input.projectId, documentId: input.documentId });
      });
    },

    async getNote(organizationId, id, viewerUserId) {
      const [row] = await select(and(eq(notes.organizationId, organizationId), eq(notes.id, id), visibleTo(viewerUserId)));
      return row ? toNote(row) : undefined;
    },

    async updateNote(organizationId, id, viewerUserId, expected, patch) {
      const [updated] = await db.update(notes).set({
        ...(patch.sections ? { sections: patch.sections } : {}),
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.approvedByUserId ? { approvedByUserId: patch.approvedByUserId } : {}),
        ...(patch.riskAcknowledgedByUserId ? { riskAcknowledgedByUserId: patch.riskAcknowledgedByUserId, riskAcknowledgedAt: new Date() } : {}),
        updatedAt: new Date(),
      }).where(and(eq(notes.organizationId, organizationId), eq(notes.id, id), eq(notes.status, expected), visibleTo(viewerUserId))).returning({ id: notes.id });
      if (!updated) return undefined;
      const [row] = await select(and(eq(notes.organizationId, organizationId), eq(notes.id, id), visibleTo(viewerUserId)));
      return row ? toNote(row) : undefined;
    },

    async listNotes(organizationId, filter) {
      const rows = await select(and(
        eq(notes.organizationId, organizationId),
        filter.patientId ? eq(notes.patientId, filter.patientId) : undefined,
        filter.documentId ? eq(sessions.documentId, filter.documentId) : undefined,
        visibleTo(filter.viewerUserId),
      )).orderBy(desc(notes.createdAt)).limit(200);
      return rows.map(toNote);
    },
  };
}
