// The notes store's scope filter (`noteScopeWhere` in src/repos/notes.ts), the
// isolation boundary of session notes, on PGlite and PostgreSQL: two
// organisations, two projects, two patients, two transcripts and two authors,
// a progress and a psychotherapy note for each combination of project,
// patient and author in the first organisation and one of each in the second.
// Every read, update and list, of both kinds, returns exactly the notes its
// scope names, and nothing of the other organisation; a psychotherapy note is
// its author's alone except through the break-glass read.
import { randomUUID } from "node:crypto";
import type { NoteKind, NoteRecord, Store } from "@rounds/core";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/client.ts";
import { createStore } from "../src/repos/index.ts";
import { databaseTargets } from "../src/testing.ts";

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

const profile = { domain: "ketamine-assisted therapy", description: "Ketamine therapy guidance", seeds: [] };

interface World {
  store: Store;
  a: { org: string; projects: [string, string]; patients: [string, string]; authors: [string, string]; documents: [string, string] };
  b: { org: string; project: string; patient: string; author: string };
  notes: NoteRecord[];
}

async function world(store: Store): Promise<World> {
  const org = async (name: string) => (await store.tenancy.createOrganization({ slug: `${name}-${randomUUID().slice(0, 8)}`, name })).id;
  const project = async (organizationId: string, slug: string) => (await store.tenancy.createProject({ organizationId, slug, name: slug, profile })).id;
  const patient = async (organizationId: string, displayName: string) => (await store.identity.createPatient({ organizationId, displayName })).id;
  const author = async (organizationId: string, displayName: string) => (await store.identity.createUser({ organizationId, role: "clinician", displayName })).id;
  const orgA = await org("clinic-a");
  const orgB = await org("clinic-b");
  const a = {
    org: orgA,
    projects: [await project(orgA, "kat"), await project(orgA, "dbt")] as [string, string],
    patients: [await patient(orgA, "Patient One"), await patient(orgA, "Patient Two")] as [string, string],
    authors: [await author(orgA, "Clinician One"), await author(orgA, "Clinician Two")] as [string, string],
    documents: [randomUUID(), randomUUID()] as [string, string],
  };
  const b = { org: orgB, project: await project(orgB, "kat"), patient: await patient(orgB, "Patient Three"), author: await author(orgB, "Clinician Three") };
  const notes: NoteRecord[] = [];
  const write = async (kind: NoteKind, organizationId: string, projectId: string, patientId: string, documentId: string, clinicianUserId: string) =>
    notes.push(await store.notes.createNote({
      organizationId, projectId, patientId, documentId, clinicianUserId, kind, format: "soap", riskFlags: [], modelId: "extractive", generationMs: 1,
      sections: [{ key: "plan", title: "Plan", text: "Review next week.", risk: [] }],
    }));
  // In clinic A: project i holds transcript i; each patient has a session in each project, written by author (i + j) % 2.
  for (const kind of ["progress", "psychotherapy"] as const) {
    for (const [i, projectId] of a.projects.entries()) {
      for (const [j, patientId] of a.patients.entries()) await write(kind, a.org, projectId, patientId, a.documents[i]!, a.authors[(i + j) % 2]!);
    }
    await write(kind, b.org, b.project, b.patient, randomUUID(), b.author);
  }
  return { store, a, b, notes };
}

const ids = (notes: Array<{ id: string } | undefined>) => notes.flatMap((n) => (n ? [n.id] : [])).sort();

for (const target of databaseTargets()) {
  describe(`the notes store's scope on ${target.name}`, () => {
    let w: World;
    const open = async () => {
      if (w) return w;
      const handle = await openDatabase(await target.open());
      await handle.migrate();
      closers.push(() => handle.close());
      w = await world(createStore(handle));
      return w;
    };
    const expected = (kind: NoteKind, keep: (n: NoteRecord) => boolean) => ids(w.notes.filter((n) => n.kind === kind && keep(n)));

    it("lists progress notes by organisation, project, patient and transcript, and never another organisation's", async () => {
      const { store, a, b } = await open();
      expect(ids(await store.notes.listNotes(a.org, {}))).toEqual(expected("progress", (n) => n.organizationId === a.org));
      expect(ids(await store.notes.listNotes(b.org, {}))).toEqual(expected("progress", (n) => n.organizationId === b.org));
      for (const projectId of a.projects) expect(ids(await store.notes.listNotes(a.org, { projectId }))).toEqual(expected("progress", (n) => n.projectId === projectId));
      for (const patientId of a.patients) expect(ids(await store.notes.listNotes(a.org, { patientId }))).toEqual(expected("progress", (n) => n.patientId === patientId));
      for (const documentId of a.documents) expect(ids(await store.notes.listNotes(a.org, { documentId }))).toEqual(expected("progress", (n) => n.documentId === documentId));
      expect(ids(await store.notes.listNotes(a.org, { projectId: a.projects[0], patientId: a.patients[1] }))).toEqual(expected("progress", (n) => n.projectId === a.projects[0] && n.patientId === a.patients[1]));
      // Clinic B's project, patient or transcript named from clinic A: nothing.
      expect(await store.notes.listNotes(a.org, { projectId: b.project })).toEqual([]);
      expect(await store.notes.listNotes(a.org, { patientId: b.patient })).toEqual([]);
    });

    it("lists psychotherapy notes of their author only, by project, patient and transcript", async () => {
      const { store, a, b } = await open();
      for (const author of a.authors) {
        const own = (n: NoteRecord) => n.organizationId === a.org && n.authorUserId === author;
        expect(ids(await store.notes.listPsychotherapyNotes({ organizationId: a.org, authorUserId: author }, {}))).toEqual(expected("psychotherapy", own));
        for (const projectId of a.projects) {
          expect(ids(await store.notes.listPsychotherapyNotes({ organizationId: a.org, authorUserId: author }, { projectId }))).toEqual(expected("psychotherapy", (n) => own(n) && n.projectId === projectId));
          // A project in the scope and another in the filter: both hold, so nothing.
          const other = a.projects.find((p) => p !== projectId)!;
          expect(await store.notes.listPsychotherapyNotes({ organizationId: a.org, projectId, authorUserId: author }, { projectId: other })).toEqual([]);
        }
        for (const patientId of a.patients) expect(ids(await store.notes.listPsychotherapyNotes({ organizationId: a.org, authorUserId: author }, { patientId }))).toEqual(expected("psychotherapy", (n) => own(n) && n.patientId === patientId));
        for (const documentId of a.documents) expect(ids(await store.notes.listPsychotherapyNotes({ organizationId: a.org, authorUserId: author }, { documentId }))).toEqual(expected("psychotherapy", (n) => own(n) && n.documentId === documentId));
      }
      // Another organisation's author, or this organisation with that author: nothing of either.
      expect(await store.notes.listPsychotherapyNotes({ organizationId: a.org, authorUserId: b.author }, {})).toEqual([]);
      expect(await store.notes.listPsychotherapyNotes({ organizationId: b.org, authorUserId: a.authors[0] }, {})).toEqual([]);
      // Progress lists never hold a psychotherapy note.
      expect((await store.notes.listNotes(a.org, {})).every((n) => n.kind === "progress")).toBe(true);
    });

    it("reads and updates one note only inside the scope it is asked with, for each kind", async () => {
      const { store, a, b } = await open();
      for (const note of w.notes.filter((n) => n.organizationId === a.org)) {
        const otherProject = a.projects.find((p) => p !== note.projectId)!;
        const otherPatient = a.patients.find((p) => p !== note.patientId)!;
        const inside = [{ organizationId: a.org }, { organizationId: a.org, projectId: note.projectId }, { organizationId: a.org, patientId: note.patientId }, { organizationId: a.org, projectId: note.projectId, patientId: note.patientId }];
        const outside = [{ organizationId: b.org }, { organizationId: a.org, projectId: otherProject }, { organizationId: a.org, patientId: otherPatient }, { organizationId: b.org, projectId: note.projectId, patientId: note.patientId }];
        if (note.kind === "progress") {
          for (const scope of inside) expect((await store.notes.getNote(scope, note.id))?.id).toBe(note.id);
          for (const scope of outside) expect(await store.notes.getNote(scope, note.id)).toBeUndefined();
          for (const scope of outside) expect(await store.notes.updateNote(scope, note.id, "draft", { status: "approved" })).toBeUndefined();
          expect(await store.notes.getPsychotherapyNote({ organizationId: a.org, authorUserId: note.authorUserId! }, note.id)).toBeUndefined();
        } else {
          const author = note.authorUserId!;
          const otherAuthor = a.authors.find((u) => u !== author)!;
          for (const scope of inside) {
            expect((await store.notes.getPsychotherapyNote({ ...scope, authorUserId: author }, note.id))?.id).toBe(note.id);
            expect(await store.notes.getPsychotherapyNote({ ...scope, authorUserId: otherAuthor }, note.id)).toBeUndefined();
            expect((await store.notes.getPsychotherapyNoteForBreakGlass(scope, note.id))?.id).toBe(note.id);
          }
          for (const scope of outside) {
            expect(await store.notes.getPsychotherapyNote({ ...scope, authorUserId: author }, note.id)).toBeUndefined();
            expect(await store.notes.getPsychotherapyNoteForBreakGlass(scope, note.id)).toBeUndefined();
            expect(await store.notes.updatePsychotherapyNote({ ...scope, authorUserId: author }, note.id, "draft", { status: "approved" })).toBeUndefined();
          }
          expect(await store.notes.updatePsychotherapyNote({ organizationId: a.org, authorUserId: otherAuthor }, note.id, "draft", { status: "approved" })).toBeUndefined();
          expect(await store.notes.getNote({ organizationId: a.org }, note.id)).toBeUndefined();
        }
      }
      // Nothing above changed a note; inside its full scope each one still changes.
      const [progress, own] = [w.notes.find((n) => n.kind === "progress" && n.organizationId === a.org)!, w.notes.find((n) => n.kind === "psychotherapy" && n.organizationId === a.org)!];
      expect(ids(await store.notes.listNotes(a.org, {})).length).toBe(4);
      expect((await store.notes.listNotes(a.org, {})).every((n) => n.status === "draft")).toBe(true);
      for (const author of a.authors) expect((await store.notes.listPsychotherapyNotes({ organizationId: a.org, authorUserId: author }, {})).map((n) => n.status)).toEqual(["draft", "draft"]);
      expect((await store.notes.updateNote({ organizationId: a.org, projectId: progress.projectId, patientId: progress.patientId }, progress.id, "draft", { status: "approved" }))?.status).toBe("approved");
      expect((await store.notes.updatePsychotherapyNote({ organizationId: a.org, projectId: own.projectId, patientId: own.patientId, authorUserId: own.authorUserId! }, own.id, "draft", { status: "approved" }))?.status).toBe("approved");
    });
  });
}
