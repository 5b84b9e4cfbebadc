// Session notes on both tiers: an extractive note from a real WebVTT
// transcript (required sections, word limits, risk markers), a generated
// note through the language-model port with JSON-schema output, a model
// whose output is not a note, consent and tenant checks, edit and approve,
// and the HTTP routes.
import { type Actor, collect, countWords, createApiKey, type InlinePlugin, ingestFile, NOTE_SECTIONS, recordConsent, runCommand } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { FakeLanguageModel } from "@rounds/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const cue = (i: number, speaker: string, text: string) => {
  const t = (s: number) => `00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}.000`;
  return `${t(i * 10)} --> ${t(i * 10 + 9)}\n<v ${speaker}>${text}\n`;
};
const TRANSCRIPT = `WEBVTT\n\n${[
  cue(0, "Therapist", "Welcome back. How has the week been since the last dosing session?"),
  cue(1, "Client", "Honestly I have been struggling with sleep and the anxiety comes back every evening. The panic feels worse at work."),
  cue(2, "Therapist", "Let's try the grounding exercise we practised, noticing five things you can see and slowing your breathing."),
  cue(3, "Client", "That helped a bit, I felt calmer after the breathing. It makes sense when I do it slowly."),
  cue(4, "Client", "Some nights I feel hopeless and I have thought about ending my life, though I have no plan."),
  cue(5, "Therapist", "Thank you for telling me. We will write a safety plan together today and I will call you on Thursday."),
  cue(6, "Therapist", "For homework, practise the breathing twice a day, and next session we will review the integration journal."),
].join("\n")}`;

const noteJson = (over: Record<string, string> = {}) => JSON.stringify({
  presenting_concerns: "Poor sleep and evening anxiety; panic at work.",
  interventions: "Grounding exercise and slow breathing. ".repeat(40),
  patient_response: "Felt calmer after the breathing.",
  risk_assessment: "{{RED:Passive suicidal ideation without a plan}}. Safety plan written.",
  plan: "Practise breathing twice daily; phone call Thursday; review journal next session.",
  ...over,
});

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`session notes on the ${target.name} tier`, () => {
    const model = new FakeLanguageModel([noteJson(), "Sorry, I cannot help with that.", noteJson()], "note-writer");
    const modelPlugin: InlinePlugin = {
      name: "notes-test-model", version: "0",
      manifest: { displayName: "Scripted", contributes: { languageModels: [{ id: "note-writer" }] } },
      module: { activate: (ctx) => ctx.register("languageModels", "note-writer", model) },
    };
    let app: RoundsApp;
    let admin: Actor;
    let projectId: string;
    let patientId: string;
    let documentId: string;
    let strangerKey: string;
    const notes = (a: Actor, args: string) => runCommand(app, "notes", { actor: a, projectId, args, visibility: "private" });

    beforeAll(async () => {
      const env = await target.environment();
      app = await startApp(env, { notes: { sectionWordLimit: 30 } }, [modelPlugin]);
      const ws = await ensureWorkspace(app, { org: "notes-clinic", project: "kat" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient N", externalRef: "PN-1" })).id;
      await recordConsent(app, { actor: admin, patientId, type: "recording", action: "granted", method: "cli" });
      documentId = (await ingestFile(app, { actor: admin, projectId, fileName: "session-n.vtt", bytes: enc(TRANSCRIPT), patientId })).document.id;
      await waitForJobs(app);
      const other = await ensureWorkspace(app, { org: "other-clinic", project: "kat" });
      strangerKey = (await createApiKey(app, undefined, { organizationId: other.organization.id, role: "admin", name: "stranger" })).key;
    }, 120_000);
    afterAll(async () => {
      await app?.close();
    });

    it("needs ai_analysis consent", async () => {
      await expect(notes(admin, documentId)).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
      await recordConsent(app, { actor: admin, patientId, type: "ai_analysis", action: "granted", method: "cli" });
    });

    it("writes an extractive note with every section, within the word limit, with risk marked", async () => {
      const result = await notes(admin, documentId);
      const note = result.data as { sections: Array<{ key: string; title: string; text: string; risk: string[] }>; modelId: string; status: string };
      expect(note.modelId).toBe("extractive");
      expect(note.status).toBe("draft");
      expect(note.sections.map((s) => s.key)).toEqual(NOTE_SECTIONS.map((s) => s.key));
      for (const s of note.sections) expect(countWords(s.text)).toBeLessThanOrEqual(30);
      const byKey = Object.fromEntries(note.sections.map((s) => [s.key, s]));
      expect(byKey.risk_assessment!.risk.join(" ")).toMatch(/hopeless and I have thought about ending my life/);
      expect(byKey.risk_assessment!.text).toMatch(/^\{\{RED:"Some nights I feel hopeless/);
      expect(byKey.presenting_concerns!.text).toMatch(/struggling with sleep.*\(Client 00:00:10\)/);
      expect(byKey.interventions!.text).toMatch(/grounding exercise/);
      expect(byKey.patient_response!.text).toMatch(/felt calmer/);
      expect(byKey.plan!.text).toMatch(/safety plan|homework/);
      const blocks = result.blocks as Array<{ type: string; text?: string; tone?: string }>;
      expect(blocks[0]!.text).toMatch(/quoted from the transcript, not generated/);
      expect(blocks.find((b) => b.tone === "warning")!.text).toMatch(/^⚠ Risk statements:\n• "Some nights I feel hopeless/);
      expect(blocks.at(-1)).toMatchObject({ type: "actions" });
    });

    it("writes a generated note through the model with JSON-schema output, limits it, and falls back when the output is not a note", async () => {
      // The same app with a notes model configured (the plugin is loaded from the start).
      app.config.models.notes = "note-writer";
      const generated = (await notes(admin, documentId)).data as { modelId: string; sections: Array<{ key: string; text: string; risk: string[] }> };
      expect(generated.modelId).toBe("note-writer");
      const call = model.calls[0]!;
      expect(call.responseFormat).toMatchObject({ type: "json", schema: { required: NOTE_SECTIONS.map((s) => s.key) } });
      expect(JSON.stringify(call.prompt)).toMatch(/<transcript>\\n\[Therapist 00:00:00\] Welcome back/);
      const interventions = generated.sections.find((s) => s.key === "interventions")!.text;
      expect(countWords(interventions)).toBeLessThanOrEqual(30);
      expect(interventions).toMatch(/…$|\.$/);
      expect(generated.sections.find((s) => s.key === "risk_assessment")!.risk).toEqual(["Passive suicidal ideation without a plan"]);

      const fallback = await notes(admin, documentId);
      expect((fallback.data as { modelId: string }).modelId).toBe("extractive");
      expect((fallback.blocks[0] as { text: string }).text).toMatch(/the model's output was not a valid note/);
      delete app.config.models.notes;
    });

    it("keeps notes inside the organisation and away from patients' accounts", async () => {
      const api = await createApiServer(app);
      try {
        const stranger = await api.inject({ method: "POST", url: "/v1/notes", headers: { authorization: `Bearer ${strangerKey}` }, payload: { projectId, documentId } });
        expect(stranger.statusCode).toBe(404);
        const [note] = (await notes(admin, `list ${patientId}`)).data as Array<{ id: string }>;
        expect((await api.inject({ method: "GET", url: `/v1/notes/${note!.id}`, headers: { authorization: `Bearer ${strangerKey}` } })).statusCode).toBe(404);
        const patientUser = await app.store.identity.createUser({ organizationId: admin.organizationId, role: "patient", displayName: "P", patientId });
        await expect(notes({ userId: patientUser.id, organizationId: admin.organizationId, role: "patient", patientId }, `show ${note!.id}`)).rejects.toMatchObject({ code: "FORBIDDEN" });
      } finally {
        await api.close();
      }
    });

    it("edits a draft within the limit, approves it, and then refuses edits", async () => {
      const key = (await createApiKey(app, undefined, { organizationId: admin.organizationId, role: "clinician", name: "clin" })).key;
      const api = await createApiServer(app);
      const auth = { authorization: `Bearer ${key}` };
      try {
        const created = await api.inject({ method: "POST", url: "/v1/notes", headers: auth, payload: { projectId, documentId } });
        expect(created.statusCode).toBe(201);
        const id = (created.json() as { id: string }).id;
        const tooLong = await api.inject({ method: "PATCH", url: `/v1/notes/${id}`, headers: auth, payload: { sections: [{ key: "plan", text: "word ".repeat(31) }] } });
        expect(tooLong.statusCode).toBe(422);
        expect(tooLong.json()).toMatchObject({ detail: expect.stringMatching(/31 words; the limit is 30/) });
        const edited = await api.inject({ method: "PATCH", url: `/v1/notes/${id}`, headers: auth, payload: { sections: [{ key: "risk_assessment", text: "{{RED:Passive ideation, no plan}}; safety plan agreed." }] } });
        expect(edited.statusCode).toBe(200);
        expect((edited.json() as { sections: Array<{ key: string; risk: string[] }> }).sections.find((s) => s.key === "risk_assessment")!.risk).toEqual(["Passive ideation, no plan"]);
        expect((await api.inject({ method: "POST", url: `/v1/notes/${id}/approve`, headers: auth })).json()).toMatchObject({ status: "approved" });
        expect((await api.inject({ method: "PATCH", url: `/v1/notes/${id}`, headers: auth, payload: { sections: [{ key: "plan", text: "x" }] } })).statusCode).toBe(409);
        const listed = await api.inject({ method: "GET", url: `/v1/notes?documentId=${documentId}`, headers: auth });
        expect((listed.json() as { notes: unknown[] }).notes.length).toBeGreaterThanOrEqual(4);
      } finally {
        await api.close();
      }
    });

    it("approved notes become training examples for note writing, only with training_use consent", async () => {
      const exportNotes = async () => {
        const r = await runCommand(app, "export", { actor: admin, projectId, args: "--validation 0", visibility: "private" });
        const data = r.data as { metadata: { bySource: Record<string, number>; exclusions: Record<string, number> }; files: Array<{ name: string; blobKey: string }> };
        const train = new TextDecoder().decode(await collect(await app.blobs.get(data.files.find((f) => f.name === "train.jsonl")!.blobKey)));
        const notes = train.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { messages: Array<{ role: string; content: string }> })
          .filter((e) => e.messages[0]?.content.startsWith("You write structured clinical notes"));
        return { data, notes };
      };
      const approved = (await notes(admin, `list ${patientId}`)).data as Array<{ status: string }>;
      expect(approved.filter((n) => n.status === "approved").length).toBeGreaterThanOrEqual(1);

      const without = await exportNotes();
      expect(without.notes).toEqual([]);
      expect(without.data.metadata.bySource.note ?? 0).toBe(0);
      expect(without.data.metadata.exclusions.no_consent).toBeGreaterThanOrEqual(1);

      await recordConsent(app, { actor: admin, patientId, type: "training_use", action: "granted", method: "cli" });
      const { data, notes: examples } = await exportNotes();
      expect(data.metadata.bySource.note).toBeGreaterThanOrEqual(1);
      const [example] = examples;
      expect(example!.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
      expect(example!.messages[1]!.content).toMatch(/^<transcript>\n\[Therapist 00:00:00\] Welcome back/);
      const note = JSON.parse(example!.messages[2]!.content) as Record<string, string>;
      expect(Object.keys(note)).toEqual(NOTE_SECTIONS.map((s) => s.key));
      expect(note.risk_assessment).toMatch(/\{\{RED:Passive ideation, no plan\}\}/);
    }, 60_000);
  });
}
