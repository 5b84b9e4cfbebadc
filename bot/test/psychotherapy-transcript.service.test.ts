// The transcript behind a psychotherapy note gets the note's protection
// (HIPAA 45 CFR 164.501), on both tiers: once a clinician writes a
// psychotherapy note from a session transcript, another clinician's question
// or search on the same patient does not quote it, its passages and document
// are not found, a stored answer that quotes it is not shown to anyone else,
// no training export carries it without the patient's authorisation, and only
// an admin's break-glass opening (audited, with a reason) shows it to anyone
// but the author. Before the note, the same question by the other clinician
// does quote it (the control that shows the checks can fail).
import { type Actor, answerQuestion, collect, createApiKey, ingestFile, type NoteRecord, readPassage, recordConsent, reviewDocument, runCommand, searchPassages } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const clock = (s: number) => `00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
const vtt = (turns: Array<[string, string]>) => `WEBVTT\n\n${turns.map(([s, t], i) => `${clock(i * 10)}.000 --> ${clock(i * 10 + 9)}.000\n<v ${s}>${t}\n`).join("\n")}`;
/** The psychotherapy session: its one distinctive subject is the lighthouse. */
const PROCESS = vtt([
  ["Therapist", "Where would you like to start today?"],
  ["Client", "I keep dreaming about the abandoned lighthouse where my father worked, and I wake up ashamed."],
  ["Therapist", "It sounds like the lighthouse carries a lot of shame for you."],
  ["Client", "Yes, I never told anyone about the lighthouse before."],
  ["Therapist", "Next time we can come back to the lighthouse dreams if you want."],
]);
/** An ordinary session of the same patient. */
const ORDINARY = vtt([
  ["Therapist", "How has the week been?"],
  ["Client", "The allotment kept me busy, I harvested the runner beans on Sunday."],
  ["Therapist", "Good to hear the allotment helps."],
]);
const QUESTION = "What did the client say about the lighthouse dreams?";

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`a psychotherapy note's transcript on the ${target.name} tier`, () => {
    let app: RoundsApp;
    let admin: Actor;
    let author: Actor;
    let other: Actor;
    let projectId: string;
    let patientId: string;
    let processDoc: string;
    let ordinaryDoc: string;

    beforeAll(async () => {
      app = await startApp(await target.environment());
      const ws = await ensureWorkspace(app, { org: "pt-transcript-clinic", project: "kat" });
      projectId = ws.project.id;
      const org = ws.organization.id;
      admin = await localOperator(app, org);
      const clinician = async (name: string): Promise<Actor> => ({ userId: (await app.store.identity.createUser({ organizationId: org, role: "clinician", displayName: name })).id, organizationId: org, role: "clinician" });
      author = await clinician("Author");
      other = await clinician("Other clinician");
      patientId = (await app.store.identity.createPatient({ organizationId: org, displayName: "Patient L", externalRef: "PL-3" })).id;
      for (const type of ["recording", "ai_analysis", "training_use"] as const) await recordConsent(app, { actor: admin, patientId, type, action: "granted", method: "cli" });
      // The care team is required by default: both clinicians treat the patient (what keeps the session from the other is the psychotherapy note alone).
      for (const clinicianActor of [author, other]) await app.store.careTeam.assign({ organizationId: org, patientId, userId: clinicianActor.userId, assignedByUserId: admin.userId });
      processDoc = (await ingestFile(app, { actor: admin, projectId, fileName: "process.vtt", bytes: enc(PROCESS), patientId })).document.id;
      ordinaryDoc = (await ingestFile(app, { actor: admin, projectId, fileName: "ordinary.vtt", bytes: enc(ORDINARY), patientId })).document.id;
      await waitForJobs(app);
      for (const d of await app.store.knowledge.listDocuments({ organizationId: org, projectId })) {
        if (d.status === "pending" || d.status === "irrelevant") await reviewDocument(app, { actor: admin, projectId, documentId: d.id, action: "approve" });
      }
      await waitForJobs(app);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
    });

    const ask = (actor: Actor) => answerQuestion(app, { actor, projectId, question: QUESTION, visibility: "private", patientIds: [patientId] });
    const search = (actor: Actor) => searchPassages(app, { actor, projectId, query: "lighthouse dreams shame", visibility: "private", patientIds: [patientId] });
    const notes = (actor: Actor, args: string) => runCommand(app, "notes", { actor, projectId, args, visibility: "private" });
    const exportText = async (args = "") => {
      const r = await runCommand(app, "export", { actor: admin, projectId, args: `--validation 0 ${args}`.trim(), visibility: "private" });
      const data = r.data as { files: Array<{ name: string; blobKey: string }> };
      return new TextDecoder().decode(await collect(await app.blobs.get(data.files.find((f) => f.name === "train.jsonl")!.blobKey)));
    };

    it("once its author writes a psychotherapy note from it, the transcript is the author's alone: not quoted, searched, read, exported or noted by anyone else", async () => {
      // Control: before the note, another clinician's question on the patient quotes the session, and an export carries it.
      const before = await ask(other);
      expect(before.text).toMatch(/lighthouse/i);
      expect((await search(other)).passages.some((p) => p.documentId === processDoc)).toBe(true);
      expect(await exportText()).toMatch(/lighthouse/);

      const process = (await notes(author, `${processDoc} --psychotherapy`)).data as NoteRecord;
      expect(process.kind).toBe("psychotherapy");
      const scope = { organizationId: admin.organizationId, projectId };
      expect(await app.store.knowledge.getDocument({ ...scope, reader: "unrestricted" }, processDoc)).toMatchObject({ sensitivity: "psychotherapy", custodianUserId: author.userId });

      // Another clinician's question and search on the same patient: nothing of the session; the ordinary session still.
      const after = await ask(other);
      expect(after.text).not.toMatch(/lighthouse/i);
      expect(after.sources.map((s) => s.documentId)).not.toContain(processDoc);
      const searched = await search(other);
      expect(searched.passages.map((p) => p.documentId)).not.toContain(processDoc);
      expect((await searchPassages(app, { actor: other, projectId, query: "allotment runner beans", visibility: "private", patientIds: [patientId] })).passages.map((p) => p.documentId)).toContain(ordinaryDoc);
      // Nor an admin's: the class is the custodian's, not a role's.
      expect((await ask(admin)).text).not.toMatch(/lighthouse/i);
      // Its passages, the document and a progress note from it do not exist for anyone else.
      const chunks = await app.store.knowledge.listChunks({ ...scope, reader: "unrestricted" }, processDoc);
      expect(chunks.length).toBeGreaterThan(0);
      expect(await app.store.knowledge.listChunks(scope, processDoc)).toEqual([]);
      await expect(readPassage(app, other, { projectId, chunkId: chunks[0]!.id, visibility: "private" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(notes(other, processDoc)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(notes(other, `${processDoc} --psychotherapy`)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await app.store.knowledge.listDocuments({ ...scope, reader: { userId: admin.userId } })).map((d) => d.id)).not.toContain(processDoc);

      // The author still asks, searches and reads it.
      const own = await ask(author);
      expect(own.text).toMatch(/lighthouse/i);
      expect((await search(author)).passages.some((p) => p.documentId === processDoc)).toBe(true);
      expect((await readPassage(app, author, { projectId, chunkId: chunks[0]!.id, visibility: "private" })).text).toMatch(/lighthouse/);
      expect(own.kind).not.toBe("refusal");

      const api = await createApiServer(app);
      try {
        const key = async (actor: Actor, role: "admin" | "clinician") => (await createApiKey(app, undefined, { organizationId: actor.organizationId, role, name: `${role}-${actor.userId.slice(0, 6)}`, userId: actor.userId })).key;
        const [authorKey, otherKey, adminKey] = [await key(author, "clinician"), await key(other, "clinician"), await key(admin, "admin")];
        const get = (k: string, url: string) => api.inject({ method: "GET", url, headers: { authorization: `Bearer ${k}` } });
        // The author's stored answer quoting it: shown to the author, to nobody else (route and `sources` command).
        expect((await get(authorKey, `/v1/answers/${own.answerId}`)).statusCode).toBe(200);
        expect((await get(otherKey, `/v1/answers/${own.answerId}`)).statusCode).toBe(404);
        expect((await get(adminKey, `/v1/answers/${own.answerId}`)).statusCode).toBe(404);
        await expect(runCommand(app, "sources", { actor: other, projectId, args: own.answerId, visibility: "private" })).rejects.toMatchObject({ code: "NOT_FOUND" });
        expect((await get(adminKey, `/v1/projects/${projectId}/documents/${processDoc}`)).statusCode).toBe(404);
        expect((await get(adminKey, `/v1/projects/${projectId}/documents/${ordinaryDoc}`)).statusCode).toBe(200);

        // Training export: neither the transcript's passages nor a rated answer quoting it, unless the patient authorised psychotherapy material.
        await app.store.answers.addFeedback({ organizationId: admin.organizationId, answerId: own.answerId, userId: author.userId, rating: "up" });
        const plain = await exportText();
        expect(plain).toMatch(/allotment/);
        expect(plain).not.toMatch(/lighthouse/i);
        expect(await exportText("--include-psychotherapy-notes")).not.toMatch(/lighthouse/i);

        // Break-glass: an admin, a stated reason, audited with the transcript named; the transcript's turns come with the note.
        const opened = await api.inject({ method: "POST", url: `/v1/notes/${process.id}/break-glass`, headers: { authorization: `Bearer ${adminKey}` }, payload: { reason: "Court order for the full record, ref 7" } });
        expect(opened.statusCode).toBe(200);
        const body: { id: string; transcript: { documentId: string; turns: Array<{ speaker: string; text: string; startMs: number }> } } = opened.json();
        expect(body.transcript.documentId).toBe(processDoc);
        expect(body.transcript.turns.map((t) => t.speaker)).toEqual(["Therapist", "Client", "Therapist", "Client", "Therapist"]);
        expect(body.transcript.turns[1]).toMatchObject({ startMs: 10_000, text: expect.stringContaining("abandoned lighthouse") });
        const audit = await app.store.audit.query(admin.organizationId, { action: "note.break_glass" });
        expect(audit).toEqual([expect.objectContaining({ targetId: process.id, patientId, details: expect.objectContaining({ reason: "Court order for the full record, ref 7", transcriptDocumentId: processDoc }) })]);
        // And nothing changed: still not the admin's or the other clinician's to ask about.
        expect((await ask(other)).text).not.toMatch(/lighthouse/i);
        expect((await get(otherKey, `/v1/answers/${own.answerId}`)).statusCode).toBe(404);

        // With the patient's authorisation of psychotherapy material, an export that names it carries the transcript's passages.
        await recordConsent(app, { actor: admin, patientId, type: "psychotherapy_notes", action: "granted", method: "cli" });
        expect(await exportText()).not.toMatch(/lighthouse/i);
        expect(await exportText("--include-psychotherapy-notes")).toMatch(/lighthouse/);
      } finally {
        await api.close();
      }
    }, 180_000);
  });
}
