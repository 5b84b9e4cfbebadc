// Patient material needs a patient, on both tiers: `ingest --patient` (CLI
// command handler), the HTTP upload and the policy for shared teaching
// transcripts; a re-upload that would change patient or visibility is a
// conflict, not a silent dedupe; and an answer quoting a patient's
// transcript cites each quoted turn's own speaker and time, checked against
// the parsed source.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Actor, answerQuestion, collect, createApiKey, ingestFile, type ParsedDocument, recordConsent, reviewDocument, runCommand } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const clock = (s: number) => `00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
const SMALL_TALK = ["The bus was late again this morning.", "We talked about the weekend plans briefly.", "The weather has been grey all week.", "Work has been steady, nothing new there.", "My cousin visited on Saturday afternoon."];
/** Twenty turns, 10 s apart, so a 90 s chunk window holds several turns and a window start is not a turn's time. */
const TURNS: Array<[string, string]> = Array.from({ length: 20 }, (_, i) => {
  if (i === 13) return ["Client", "I planted tomatoes and basil in the community garden, and tending them calms my mornings."];
  if (i === 14) return ["Therapist", "The garden sounds like a steady anchor for your mornings with the tomatoes."];
  return [i % 2 ? "Client" : "Therapist", `${SMALL_TALK[i % SMALL_TALK.length]} Turn ${i}.`];
});
const VTT = `WEBVTT\n\n${TURNS.map(([s, t], i) => `${clock(i * 10)}.000 --> ${clock(i * 10 + 9)}.000\n<v ${s}>${t}\n`).join("\n")}`;

let dir: string;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cleanupTargets();
});

for (const target of appTargets()) {
  describe(`patient transcripts on the ${target.name} tier`, () => {
    let app: RoundsApp;
    let admin: Actor;
    let projectId: string;
    let patientId: string;
    let otherPatientId: string;
    let file: string;
    const ingest = async (args: string) => (await runCommand(app, "ingest", { actor: admin, projectId, args, visibility: "private" })).data as Array<{ documentId?: string; status: string; deduplicated?: boolean; error?: string }>;

    beforeAll(async () => {
      dir ??= mkdtempSync(join(tmpdir(), "rounds-patient-transcripts-"));
      file = join(dir, `session-${target.name}.vtt`);
      writeFileSync(file, VTT);
      app = await startApp(await target.environment());
      const ws = await ensureWorkspace(app, { org: "pt-clinic", project: "kat" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient G", externalRef: "PG-7" })).id;
      otherPatientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient H", externalRef: "PH-8" })).id;
      for (const p of [patientId, otherPatientId]) {
        for (const type of ["recording", "ai_analysis"] as const) await recordConsent(app, { actor: admin, patientId: p, type, action: "granted", method: "cli" });
      }
    }, 120_000);
    afterAll(async () => {
      await app?.close();
    });

    it("refuses a transcript without a patient, and takes it with --patient (id or reference), private by default", async () => {
      const [refused] = await ingest(file);
      expect(refused).toMatchObject({ status: "refused", error: expect.stringMatching(/session transcript: name the patient/) });
      expect(await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId })).toEqual([]);

      await expect(ingest(`${file} --patient PZ-0`)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(ingest(`${file} --visibility secret`)).rejects.toMatchObject({ code: "BAD_REQUEST" });
      const [accepted] = await ingest(`${file} --patient PG-7`);
      expect(accepted).toMatchObject({ status: "processing", deduplicated: false });
      const doc = (await app.store.knowledge.getDocument({ organizationId: admin.organizationId, projectId }, accepted!.documentId!))!;
      expect(doc).toMatchObject({ patientId, visibility: "private", kind: "transcript" });

      // The same bytes for the same patient are a real duplicate; for another patient or another visibility they are not.
      expect((await ingest(`--patient ${patientId} ${file}`))[0]).toMatchObject({ deduplicated: true, documentId: doc.id });
      const [otherPatient] = await ingest(`${file} --patient PH-8`);
      expect(otherPatient).toMatchObject({ status: "refused", error: expect.stringMatching(new RegExp(`already stored \\(document ${doc.id}\\) for another patient`)) });
      const [madePublic] = await ingest(`${file} --patient PG-7 --visibility public`);
      expect(madePublic).toMatchObject({ status: "refused", error: expect.stringMatching(/does not change its patient or visibility/) });
      expect(otherPatientId).not.toBe(patientId);
    });

    it("several paths in one call: each is the named patient's private material, and a path without a patient is refused alone", async () => {
      const session = (n: number) => `WEBVTT\n\n00:00:00.000 --> 00:00:09.000\n<v Therapist>How did the bicycle repair course go, week ${n}?\n\n00:00:10.000 --> 00:00:19.000\n<v Client>I fixed a puncture on my own in week ${n}.\n`;
      const [first, second] = [1, 2].map((n) => {
        const f = join(dir, `bike-${n}-${target.name}.vtt`);
        writeFileSync(f, session(n));
        return f;
      });
      const results = await ingest(`${first} ${second} --patient PH-8`);
      expect(results).toHaveLength(2);
      for (const r of results) {
        expect(r).toMatchObject({ status: "processing", deduplicated: false });
        expect(await app.store.knowledge.getDocument({ organizationId: admin.organizationId, projectId }, r.documentId!)).toMatchObject({ patientId: otherPatientId, visibility: "private", kind: "transcript" });
      }
      const third = join(dir, `bike-3-${target.name}.vtt`);
      writeFileSync(third, session(3));
      const [unnamed] = await ingest(third);
      expect(unnamed).toMatchObject({ status: "refused", error: expect.stringMatching(/name the patient/) });
    });

    it("the HTTP upload follows the same rules", async () => {
      const key = (await createApiKey(app, undefined, { organizationId: admin.organizationId, role: "admin", name: "up" })).key;
      const api = await createApiServer(app);
      try {
        const url = (q: string) => `/v1/projects/${projectId}/documents?fileName=api-session.vtt${q}`;
        const headers = { authorization: `Bearer ${key}`, "content-type": "text/vtt" };
        const body = VTT.replace("Turn 0.", "Turn zero.");
        const noPatient = await api.inject({ method: "POST", url: url(""), headers, payload: body });
        expect(noPatient.statusCode).toBe(400);
        expect(noPatient.json()).toMatchObject({ detail: expect.stringMatching(/name the patient/) });
        const ok = await api.inject({ method: "POST", url: url(`&patientId=${patientId}`), headers, payload: body });
        expect(ok.statusCode).toBe(202);
        const moved = await api.inject({ method: "POST", url: url(`&patientId=${otherPatientId}`), headers, payload: body });
        expect(moved.statusCode).toBe(409);
      } finally {
        await api.close();
      }
    });

    it("a project whose transcripts are teaching material takes them without a patient, and naming a patient later is a conflict, not a dedupe", async () => {
      const teaching = await ensureWorkspace(app, { org: "pt-clinic", project: "teaching" });
      await app.store.tenancy.updateProjectPolicy(admin.organizationId, teaching.project.id, { sharedTranscripts: true });
      const bytes = new TextEncoder().encode(VTT.replace("Turn 1.", "Turn one."));
      const shared = await ingestFile(app, { actor: admin, projectId: teaching.project.id, fileName: "teaching.vtt", bytes });
      expect(shared.document).toMatchObject({ patientId: null, visibility: "public" });
      await expect(ingestFile(app, { actor: admin, projectId: teaching.project.id, fileName: "teaching.vtt", bytes, patientId })).rejects.toMatchObject({ code: "CONFLICT", details: { reason: "scope_change" } });
      expect((await ingestFile(app, { actor: admin, projectId: teaching.project.id, fileName: "teaching.vtt", bytes })).deduplicated).toBe(true);
    });

    it("an answer over the patient's transcript quotes each turn with its own speaker and time", async () => {
      await waitForJobs(app);
      const scope = { organizationId: admin.organizationId, projectId };
      for (const d of await app.store.knowledge.listDocuments(scope)) {
        if (d.status === "pending" || d.status === "irrelevant") await reviewDocument(app, { actor: admin, projectId, documentId: d.id, action: "approve" });
      }
      await waitForJobs(app);
      const doc = (await app.store.knowledge.listDocuments(scope)).find((d) => d.fileName === `session-${target.name}.vtt`)!;
      const parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(`parsed/${doc.organizationId}/${doc.id}.json`)))) as ParsedDocument;
      const result = await answerQuestion(app, { actor: admin, projectId, question: "What did the client say about the tomatoes in the community garden?", visibility: "private", patientIds: [patientId] });
      expect(result.kind).toBe("extractive");
      const quotes = [...result.text.matchAll(/"([^"]+)" \(([^)]+?) (\d\d:\d\d:\d\d)\)/g)];
      expect(quotes.length).toBeGreaterThan(0);
      expect(quotes.map((q) => q[3])).toContain("00:02:10");
      for (const [, sentence, speaker, time] of quotes) {
        // The turn the quote names (by its own time; small talk repeats, so the words alone do not identify a turn).
        const turn = parsed.sections.find((s) => s.startMs !== undefined && clock(s.startMs / 1000) === time);
        expect(turn, `${sentence} at ${time}`).toBeDefined();
        expect(speaker).toBe(turn!.speaker);
        expect(turn!.text).toContain(sentence);
      }
    }, 60_000);
  });
}
