// Session notes on both tiers, from a real WebVTT transcript through ingest:
// risk flags on top citing their turns, approval blocked until they are
// acknowledged, SOAP/BIRP/GIRP formats, turn-exact citations checked against
// the parsed transcript, identifiers de-identified, a generated note through
// the language-model port whose statements are checked against their turns,
// psychotherapy notes kept apart, consent and tenant checks, edit and
// approve, the HTTP routes and the training export.
import { type Actor, collect, countWords, createApiKey, editNote, type InlinePlugin, ingestFile, NOTE_FORMATS, type NoteRecord, type ParsedDocument, recordConsent, runCommand } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { FakeLanguageModel } from "@rounds/core/testing";
import { notes as progressNotes, psychotherapyNotes } from "@rounds/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { renderBlocks } from "../src/cli/render.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const clock = (s: number) => `00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
const cue = (i: number, speaker: string, text: string) => `${clock(i * 10)}.000 --> ${clock(i * 10 + 9)}.000\n<v ${speaker}>${text}\n`;
const TURNS: Array<[string, string]> = [
  ["Therapist", "Welcome back. How has the week been since the last dosing session?"],
  ["Client", "Honestly I have been struggling with sleep and the anxiety comes back every evening. The panic feels worse at work."],
  ["Therapist", "It sounds like the evenings are the hardest part, and work makes the panic louder."],
  ["Client", "Yes, and the breathing helped a bit, I felt calmer after it. It makes sense when I do it slowly."],
  ["Client", "Some nights I think everyone would be better off without me. There is a gun in my closet and I think about it."],
  ["Therapist", "Thank you for telling me. Have you had thoughts of ending your life?"],
  ["Client", "No, I am not going to kill myself. You can reach me on (617) 555-0143 if you need to."],
  ["Therapist", "Let's write a safety plan together today and ask your sister to keep the gun this week."],
  ["Client", "Okay, I can do that."],
  ["Therapist", "For homework, practise the breathing twice a day, and next session we will review the journal."],
];
const TRANSCRIPT = `WEBVTT\n\n${TURNS.map(([s, t], i) => cue(i, s, t)).join("\n")}`;

/**
 * The scripted note model answers each section's call by the section named in its prompt. `good`: supported
 * statements (and one claim its turn does not support); `omit`: an Assessment that leaves out the flagged turn;
 * `invalid`: no JSON at all.
 */
let mode: "good" | "omit" | "invalid" = "good";
const SECTION_REPLIES: Record<"good" | "omit", Record<string, Array<{ text: string; turns: number[] }>>> = {
  good: {
    Subjective: [{ text: "The client reported struggling with sleep and evening anxiety.", turns: [2] }, { text: "The client enjoys skiing in the mountains every winter.", turns: [2] }],
    Assessment: [{ text: "The client said everyone would be better off without them and has a gun in the closet.", turns: [5] }],
    Plan: [{ text: "A safety plan will be written today and the sister will keep the gun.", turns: [8] }],
  },
  omit: {
    Subjective: [{ text: "The client reported struggling with sleep and evening anxiety.", turns: [2] }],
    Assessment: [{ text: "The evenings are the hardest part and work makes the panic louder.", turns: [3] }],
    Plan: [{ text: "A safety plan will be written today and the sister will keep the gun.", turns: [8] }],
  },
};
const sectionReply = (options: { prompt: unknown }): string => {
  if (mode === "invalid") return "Sorry, I cannot help with that.";
  const section = /Section: (\w+)/.exec(JSON.stringify(options.prompt))?.[1] ?? "";
  return JSON.stringify({ statements: SECTION_REPLIES[mode][section] ?? [] });
};

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`session notes on the ${target.name} tier`, () => {
    const model = new FakeLanguageModel(sectionReply, "note-writer");
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
    let parsed: ParsedDocument;
    const notes = (a: Actor, args: string) => runCommand(app, "notes", { actor: a, projectId, args, visibility: "private" });
    /** The care team is required by default: the clinicians of this suite treat its patient. */
    const treats = (userId: string) => app.store.careTeam.assign({ organizationId: admin.organizationId, patientId, userId, assignedByUserId: admin.userId });

    beforeAll(async () => {
      const env = await target.environment();
      app = await startApp(env, { notes: { sectionWordLimit: 60 } }, [modelPlugin]);
      const ws = await ensureWorkspace(app, { org: "notes-clinic", project: "kat" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      patientId = (await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Patient N", externalRef: "PN-1" })).id;
      await recordConsent(app, { actor: admin, patientId, type: "recording", action: "granted", method: "cli" });
      documentId = (await ingestFile(app, { actor: admin, projectId, fileName: "session-n.vtt", bytes: enc(TRANSCRIPT), patientId })).document.id;
      await waitForJobs(app);
      const doc = (await app.store.knowledge.getDocument({ organizationId: ws.organization.id, projectId }, documentId))!;
      // The parsed transcript the note is checked against (the ingest pipeline's own stored parse).
      parsed = JSON.parse(new TextDecoder().decode(await collect(await app.blobs.get(`parsed/${doc.organizationId}/${doc.id}.json`)))) as ParsedDocument;
      expect(parsed.sections.map((s) => s.speaker)).toEqual(TURNS.map(([s]) => s));
      const other = await ensureWorkspace(app, { org: "other-clinic", project: "kat" });
      strangerKey = (await createApiKey(app, undefined, { organizationId: other.organization.id, role: "admin", name: "stranger" })).key;
    }, 120_000);
    afterAll(async () => {
      await app?.close();
    });

    /**
     * Another session of the patient (the same turns, a cue later), for a psychotherapy note: writing one
     * restricts its transcript to the note's author (psychotherapy-transcript.service.test.ts), so progress
     * notes and exports of the shared transcript are written from a session no psychotherapy note is about.
     */
    async function anotherSession(name: string): Promise<string> {
      const id = (await ingestFile(app, { actor: admin, projectId, fileName: `${name}.vtt`, bytes: enc(`${TRANSCRIPT}
${cue(TURNS.length, "Therapist", `See you next week (${name}).`)}`), patientId })).document.id;
      await waitForJobs(app);
      return id;
    }

    /** Every citation names the speaker of its own turn and that turn's start time, and quotes words of that turn. */
    function expectTurnExact(note: NoteRecord) {
      const all = [...note.sections.flatMap((s) => s.citations ?? []), ...note.riskFlags];
      expect(all.length).toBeGreaterThan(0);
      for (const c of all) {
        const turn = parsed.sections[c.turn]!;
        expect(c.speaker, c.quote).toBe(turn.speaker);
        expect(c.startMs, c.quote).toBe(turn.startMs);
        const words = c.quote.replace(/…$/, "").replace(/\[[A-Z]+\]/g, " ").split(/\s+/).filter(Boolean);
        for (const w of words) expect(turn.text, c.quote).toContain(w);
      }
      for (const s of note.sections) for (const c of s.citations ?? []) expect(s.text).toContain(`${c.speaker} ${clock(c.startMs! / 1000)}`);
    }

    it("needs ai_analysis consent", async () => {
      await expect(notes(admin, documentId)).rejects.toMatchObject({ code: "CONSENT_REQUIRED" });
      await recordConsent(app, { actor: admin, patientId, type: "ai_analysis", action: "granted", method: "cli" });
    });

    // The first note of a process loads the sentence encoder for the risk screen's classifier (a default plugin): up to a
    // minute on a loaded two-core machine, hence the longer timeout on this, the suite's first note.
    it("writes an extractive SOAP note: risk flags first, each citing its turn; statements picked by what turns do; citations turn-exact; no phone number", async () => {
      const result = await notes(admin, documentId);
      const note = result.data as NoteRecord;
      expect(note).toMatchObject({ modelId: "extractive", status: "draft", format: "soap", kind: "progress" });
      expect(note.sections.map((s) => s.key)).toEqual(NOTE_FORMATS.soap.map((s) => s.key));
      for (const s of note.sections) expect(countWords(s.text)).toBeLessThanOrEqual(60);
      expect(note.riskFlags.filter((f) => f.verdict === "risk").map((f) => [f.category, f.turn, f.speaker, f.startMs])).toEqual([
        ["suicidal_ideation", 4, "Client", 40_000], ["plan_or_means", 4, "Client", 40_000],
      ]);
      expect(note.riskFlags.filter((f) => f.verdict === "denied")).toMatchObject([{ category: "suicidal_ideation", turn: 6 }]);
      expectTurnExact(note);
      const byKey = Object.fromEntries(note.sections.map((s) => [s.key, s.text]));
      expect(byKey.subjective).toMatch(/struggling with sleep.*\(Client 00:00:10\)/);
      expect(byKey.assessment).toMatch(/^Risk screen: 2 risk statement\(s\) flagged/);
      // The flagged turn is quoted in the Assessment itself (both flagged sentences, in the turn's order), beside the flags on top.
      expect(byKey.assessment).toContain('{{RED:"Some nights I think everyone would be better off without me. There is a gun in my closet and I think about it."}} (Client 00:00:40).');
      expect(byKey.assessment).toMatch(/"It sounds like the evenings are the hardest part.*" \(Therapist 00:00:20\)/);
      // The plan holds the agreed plan, not questions.
      expect(byKey.plan).toMatch(/^Agreed: "Let's write a safety plan.*" \(Therapist 00:01:10\)/);
      expect(byKey.plan).not.toMatch(/\?/);
      expect(JSON.stringify(note)).not.toMatch(/555-0143/);
      const blocks = result.blocks as Array<{ type: string; text?: string; tone?: string; buttons?: Array<{ actionId: string }> }>;
      expect(blocks[0]!.text).toMatch(/^SOAP note .*quoted from the transcript, not generated/);
      // The warning tone carries the marker (each channel draws its own: "⚠" in the terminal, ":warning:" on Slack), so the text has none.
      expect(blocks[1]).toMatchObject({ tone: "warning", text: expect.stringMatching(/^Risk flags \(2, acknowledge before approving\):\n• Suicidal ideation: "Some nights I think everyone would be better off without me\." \(Client 00:00:40\)/) });
      // As `rounds notes` prints it: one marker before the header.
      const printed = renderBlocks(result.blocks);
      expect(printed).toMatch(/^⚠ Risk flags \(2, acknowledge before approving\):$/m);
      expect(printed).not.toMatch(/⚠\s*⚠/);
      expect(blocks.at(-1)!.buttons).toEqual([expect.objectContaining({ actionId: "notes.ack" })]);
    }, 240_000);

    it("identifiers in a note follow the project's policy: a phone number said in a quoted turn is kept only where the project says notes are not de-identified", async () => {
      // A session whose quoted self-report carries the number (in TRANSCRIPT it sits in a turn no section quotes, so the SOAP test's "no phone number" cannot fail alone).
      const moved = (await ingestFile(app, { actor: admin, projectId, fileName: "moved.vtt", patientId, bytes: enc(`WEBVTT\n\n${[
        cue(0, "Therapist", "How have you been sleeping since the move?"),
        cue(1, "Client", "I have been sleeping badly since the move, and my new number is (617) 555-0143."),
        cue(2, "Therapist", "It sounds like the move has unsettled your sleep."),
        cue(3, "Client", "Yes, that is exactly it."),
      ].join("\n")}`) })).document.id;
      await waitForJobs(app);
      const policyOff = async (off: boolean) => app.store.tenancy.updateProjectPolicy(admin.organizationId, projectId, { deidentifyNotes: !off });
      await policyOff(true);
      try {
        const kept = (await notes(admin, `${moved} --format soap`)).data as NoteRecord;
        expect(kept.sections.find((s) => s.key === "subjective")!.text).toMatch(/sleeping badly.*\(617\) 555-0143.*\(Client 00:00:10\)/);
      } finally {
        await policyOff(false);
      }
      const masked = (await notes(admin, `${moved} --format soap`)).data as NoteRecord;
      expect(JSON.stringify(masked)).not.toMatch(/555-0143/);
      expect(masked.sections.find((s) => s.key === "subjective")!.text).toMatch(/sleeping badly.*\[PHONE(_\d+)?\].*\(Client 00:00:10\)/);
    });

    it("a note with risk flags is approved only after a clinician acknowledges them", async () => {
      const note = (await notes(admin, documentId)).data as NoteRecord;
      await expect(notes(admin, `approve ${note.id}`)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/2 risk flag\(s\); acknowledge them/) });
      const acked = (await notes(admin, `ack ${note.id.slice(0, 8)}`)).data as NoteRecord;
      expect(acked.riskAcknowledgedByUserId).toBe(admin.userId);
      expect(acked.riskAcknowledgedAt).toBeInstanceOf(Date);
      expect(((await notes(admin, `approve ${note.id}`)).data as NoteRecord).status).toBe("approved");
      const audit = await app.store.audit.query(admin.organizationId, { action: "note.risk_acknowledge" });
      expect(audit.map((a) => a.targetId)).toContain(note.id);
      // In the patient's trail (\`audit --patient\`), as the note's generation is.
      expect(audit.find((a) => a.targetId === note.id)?.patientId).toBe(note.patientId);
      expect(note.patientId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("writes BIRP and GIRP notes (per note, and as the project's format) with sections picked by turn function", async () => {
      const birp = (await notes(admin, `${documentId} --format birp`)).data as NoteRecord;
      expect(birp.sections.map((s) => s.key)).toEqual(["behavior", "intervention", "response", "plan"]);
      const b = Object.fromEntries(birp.sections.map((s) => [s.key, s.text]));
      expect(b.intervention).toMatch(/\(Therapist /);
      expect(b.intervention).not.toMatch(/\(Client /);
      expect(b.response).toMatch(/^"Yes, and the breathing helped a bit.*" \(Client 00:00:30\)/);
      expectTurnExact(birp);
      await expect(runCommand(app, "notes", { actor: admin, projectId, args: "format tabular", visibility: "private" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await notes(admin, "format girp");
      const girp = (await notes(admin, documentId)).data as NoteRecord;
      expect(girp.format).toBe("girp");
      expect(girp.sections.map((s) => s.key)).toEqual(["goals", "intervention", "response", "plan"]);
      await notes(admin, "format soap");
      await expect(notes(admin, `${documentId} --colour red`)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    });

    it("a generated note is written section by section from each section's turns and keeps only supported statements; flagged risk it leaves out is an error that blocks approval", async () => {
      app.config.models.notes = "note-writer";
      try {
        mode = "good";
        const calls = model.calls.length;
        const generated = (await notes(admin, documentId)).data as NoteRecord;
        expect(generated.modelId).toBe("note-writer");
        const sent = model.calls.slice(calls);
        expect(sent).toHaveLength(3); // Objective states session facts; no model call
        for (const c of sent) expect(c.responseFormat).toMatchObject({ type: "json", schema: { required: ["statements"] } });
        const [subjective, assessment, plan] = sent.map((c) => JSON.stringify(c.prompt));
        expect(subjective).toMatch(/<turns>\\n\[T2 Client 00:00:10\] Honestly/);
        expect(subjective).not.toMatch(/\[T1 Therapist/);
        expect(assessment).toMatch(/\[T3 Therapist 00:00:20\] It sounds like/);
        expect(assessment).toMatch(/\[T5 Client 00:00:40 RISK\]/);
        expect(plan).toMatch(/\[T8 Therapist 00:01:10\] Let's write a safety plan/);
        for (const p of [subjective, assessment, plan]) expect(p).not.toMatch(/555-0143/);
        const g = Object.fromEntries(generated.sections.map((s) => [s.key, s]));
        expect(g.subjective!.text).toBe("The client reported struggling with sleep and evening anxiety (Client 00:00:10).");
        expect(g.subjective!.check!.notKept).toEqual([{ text: "The client enjoys skiing in the mountains every winter", turns: [2], reason: "not_supported" }]);
        expect(g.objective!.text).toMatch(/^Transcript of 10 turns over 00:01:39/);
        expect(g.assessment!.risk).toEqual(["The client said everyone would be better off without them and has a gun in the closet"]);
        expect(g.plan!.citations).toMatchObject([{ turn: 7, speaker: "Therapist", startMs: 70_000 }]);
        expect(generated.riskFlags.filter((f) => f.verdict === "risk")).toHaveLength(2);
        expectTurnExact(generated);

        mode = "omit";
        const omitted = await notes(admin, documentId);
        const o = omitted.data as NoteRecord;
        expect(o.modelId).toBe("note-writer");
        const oa = o.sections.find((s) => s.key === "assessment")!;
        expect(oa.check!.riskOmitted).toEqual([4]);
        expect(oa.text).toMatch(/^Left out by the model, quoted from the risk flag: \{\{RED:"Some nights I think everyone would be better off without me\. There is a gun in my closet and I think about it\."\}\} \(Client 00:00:40\)\./);
        expect((omitted.blocks as Array<{ text?: string; tone?: string }>).find((b) => b.tone === "error")?.text).toMatch(/left out flagged risk \(1 in Assessment\)/);
        await expect(notes(admin, `approve ${o.id}`)).rejects.toMatchObject({ code: "CONFLICT", details: { riskOmitted: 1 } });
        expectTurnExact(o);

        mode = "invalid";
        const invalid = await notes(admin, documentId);
        expect((invalid.data as NoteRecord).modelId).toBe("extractive");
        expect((invalid.blocks[0] as { text: string }).text).toMatch(/the model's answer was not valid JSON/);
      } finally {
        delete app.config.models.notes;
        mode = "good";
      }
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

    it("over HTTP: edits a draft within the limit, refuses approval until risk is acknowledged, approves, then refuses edits", async () => {
      const made = await createApiKey(app, undefined, { organizationId: admin.organizationId, role: "clinician", name: "clin" });
      await treats(made.record.userId!);
      const key = made.key;
      const api = await createApiServer(app);
      const auth = { authorization: `Bearer ${key}` };
      try {
        const created = await api.inject({ method: "POST", url: "/v1/notes", headers: auth, payload: { projectId, documentId, format: "dap" } });
        expect(created.statusCode).toBe(201);
        expect(created.json()).toMatchObject({ format: "dap", riskFlags: expect.arrayContaining([expect.objectContaining({ speaker: "Client", startMs: 40_000 })]) });
        const id = (created.json<{ id: string }>()).id;
        const tooLong = await api.inject({ method: "PATCH", url: `/v1/notes/${id}`, headers: auth, payload: { sections: [{ key: "plan", text: "word ".repeat(61) }] } });
        expect(tooLong.statusCode).toBe(422);
        expect(tooLong.json()).toMatchObject({ detail: expect.stringMatching(/61 words; the limit is 60/) });
        const wrongFormat = await api.inject({ method: "PATCH", url: `/v1/notes/${id}`, headers: auth, payload: { sections: [{ key: "subjective", text: "x" }] } });
        expect(wrongFormat.statusCode).toBe(422);
        const edited = await api.inject({ method: "PATCH", url: `/v1/notes/${id}`, headers: auth, payload: { sections: [{ key: "assessment", text: "{{RED:Passive ideation, access to a gun}}; safety plan agreed." }] } });
        expect(edited.statusCode).toBe(200);
        expect((edited.json<NoteRecord>()).sections.find((s) => s.key === "assessment")!.risk).toEqual(["Passive ideation, access to a gun"]);
        expect((await api.inject({ method: "POST", url: `/v1/notes/${id}/approve`, headers: auth })).statusCode).toBe(409);
        expect((await api.inject({ method: "POST", url: `/v1/notes/${id}/acknowledge-risk`, headers: auth })).statusCode).toBe(200);
        expect((await api.inject({ method: "POST", url: `/v1/notes/${id}/approve`, headers: auth })).json()).toMatchObject({ status: "approved" });
        expect((await api.inject({ method: "PATCH", url: `/v1/notes/${id}`, headers: auth, payload: { sections: [{ key: "plan", text: "x" }] } })).statusCode).toBe(409);
        const listed = await api.inject({ method: "GET", url: `/v1/notes?documentId=${documentId}`, headers: auth });
        expect((listed.json<{ notes: unknown[] }>()).notes.length).toBeGreaterThanOrEqual(4);
      } finally {
        await api.close();
      }
    });

    it("note lookups carry project and patient in the query (both stores), and an admin's break-glass read of a psychotherapy note needs a stated reason and is audited", async () => {
      const org = admin.organizationId;
      await recordConsent(app, { actor: admin, patientId, type: "ai_analysis", action: "granted", method: "cli" });
      const author: Actor = { userId: (await app.store.identity.createUser({ organizationId: org, role: "clinician", displayName: "Scope author" })).id, organizationId: org, role: "clinician" };
      const other: Actor = { userId: (await app.store.identity.createUser({ organizationId: org, role: "clinician", displayName: "Scope other" })).id, organizationId: org, role: "clinician" };
      for (const c of [author, other]) await treats(c.userId);
      const progress = (await notes(admin, `${documentId} --format dap`)).data as NoteRecord;
      const process = (await notes(author, `${await anotherSession("scope-session")} --psychotherapy`)).data as NoteRecord;
      const elsewhere = (await ensureWorkspace(app, { org: "notes-clinic", project: "kat-elsewhere" })).project.id;
      const otherPatient = (await app.store.identity.createPatient({ organizationId: org, displayName: "Patient M", externalRef: "PM-1" })).id;
      const store = app.store.notes;
      // Progress notes: organisation, project and patient are all in the query.
      expect(await store.getNote({ organizationId: org, projectId, patientId }, progress.id)).toMatchObject({ id: progress.id });
      expect(await store.getNote({ organizationId: org, projectId: elsewhere }, progress.id)).toBeUndefined();
      expect(await store.getNote({ organizationId: org, patientId: otherPatient }, progress.id)).toBeUndefined();
      expect(await store.updateNote({ organizationId: org, projectId: elsewhere }, progress.id, "draft", { sections: [] })).toBeUndefined();
      expect(await store.updateNote({ organizationId: org, patientId: otherPatient }, progress.id, "draft", { sections: [] })).toBeUndefined();
      expect((await store.getNote({ organizationId: org }, progress.id))!.sections.length).toBeGreaterThan(0);
      // Psychotherapy notes: the same, within the author's scope.
      const mine = { organizationId: org, authorUserId: author.userId };
      expect(await store.getPsychotherapyNote({ ...mine, projectId, patientId }, process.id)).toMatchObject({ id: process.id });
      expect(await store.getPsychotherapyNote({ ...mine, projectId: elsewhere }, process.id)).toBeUndefined();
      expect(await store.getPsychotherapyNote({ ...mine, patientId: otherPatient }, process.id)).toBeUndefined();
      expect(await store.updatePsychotherapyNote({ ...mine, projectId: elsewhere }, process.id, "draft", { sections: [] })).toBeUndefined();
      expect(await store.listPsychotherapyNotes({ ...mine, patientId: otherPatient }, {})).toEqual([]);
      expect((await store.getPsychotherapyNote(mine, process.id))!.sections.length).toBeGreaterThan(0);
      const api = await createApiServer(app);
      try {
        const adminKey = (await createApiKey(app, undefined, { organizationId: org, role: "admin", name: "break-glass-admin" })).key;
        const otherKey = (await createApiKey(app, undefined, { organizationId: org, role: "admin", name: "elsewhere", projectId: elsewhere })).key;
        const clinicianKey = (await createApiKey(app, undefined, { organizationId: org, role: "clinician", name: "other-clinician", userId: other.userId })).key;
        const auth = (key: string) => ({ authorization: `Bearer ${key}` });
        // By id over HTTP: a key limited to another project, or a named patient that is not the note's, finds nothing.
        expect((await api.inject({ method: "GET", url: `/v1/notes/${progress.id}`, headers: auth(otherKey) })).statusCode).toBe(404);
        expect((await api.inject({ method: "GET", url: `/v1/notes/${progress.id}?patientId=${otherPatient}`, headers: auth(adminKey) })).statusCode).toBe(404);
        expect((await api.inject({ method: "GET", url: `/v1/notes/${progress.id}?patientId=${patientId}`, headers: auth(adminKey) })).statusCode).toBe(200);
        const breakGlass = (key: string, reason?: string, id = process.id) => api.inject({ method: "POST", url: `/v1/notes/${id}/break-glass`, headers: auth(key), payload: reason === undefined ? {} : { reason } });
        // Break-glass: an admin only, with a stated reason, on a psychotherapy note of the admin's scope.
        expect((await breakGlass(adminKey)).statusCode).toBe(400);
        expect((await breakGlass(adminKey, "  because  ")).statusCode).toBe(400);
        expect((await breakGlass(clinicianKey, "Patient safety review after a serious incident")).statusCode).toBe(403);
        expect((await breakGlass(otherKey, "Patient safety review after a serious incident")).statusCode).toBe(404);
        expect((await breakGlass(adminKey, "Patient safety review after a serious incident", progress.id)).statusCode).toBe(404);
        expect(await app.store.audit.query(org, { action: "note.break_glass" })).toEqual([]);
        const opened = await breakGlass(adminKey, "Patient safety review after a serious incident");
        expect(opened.statusCode).toBe(200);
        expect(opened.json()).toMatchObject({ id: process.id, kind: "psychotherapy", authorUserId: author.userId });
        const audit = await app.store.audit.query(org, { action: "note.break_glass" });
        expect(audit).toEqual([expect.objectContaining({ targetId: process.id, patientId, details: expect.objectContaining({ reason: "Patient safety review after a serious incident", authorUserId: author.userId }) })]);
        // The same through the notes command, which needs the full id and a reason too.
        await expect(notes(admin, `break-glass ${process.id}`)).rejects.toMatchObject({ code: "BAD_REQUEST" });
        await expect(notes(other, `break-glass ${process.id} Patient safety review after a serious incident`)).rejects.toMatchObject({ code: "FORBIDDEN" });
        expect((await notes(admin, `break-glass ${process.id} Complaint investigation, ref 12`)).data).toMatchObject({ id: process.id });
        expect((await app.store.audit.query(org, { action: "note.break_glass" })).map((a) => (a.details as { reason: string }).reason).sort()).toEqual(["Complaint investigation, ref 12", "Patient safety review after a serious incident"]);
        // Nothing else changed: the note is still its author's alone for every ordinary read.
        expect((await api.inject({ method: "GET", url: `/v1/notes/${process.id}`, headers: auth(adminKey) })).statusCode).toBe(404);
        await expect(notes(admin, `show ${process.id}`)).rejects.toMatchObject({ code: "NOT_FOUND" });
      } finally {
        await api.close();
      }
    });

    it("a psychotherapy note is its author's alone (not other clinicians', admins' or auditors') and reaches a training export only with the export's flag and the patient's psychotherapy_notes authorisation", async () => {
      const exportNotes = async (args = "") => {
        const r = await runCommand(app, "export", { actor: admin, projectId, args: `--validation 0 ${args}`.trim(), visibility: "private" });
        const data = r.data as { dataset: { id: string }; metadata: { bySource: Record<string, number>; notes: { progress: number; psychotherapy: number }; exclusions: Record<string, number>; placeholders: Record<string, number> }; files: Array<{ name: string; blobKey: string }> };
        const train = new TextDecoder().decode(await collect(await app.blobs.get(data.files.find((f) => f.name === "train.jsonl")!.blobKey)));
        const examples = train.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { messages: Array<{ role: string; content: string }> })
          .filter((e) => e.messages[0]?.content.startsWith("You write one section of a clinical note"));
        return { data, examples };
      };
      const author: Actor = { userId: (await app.store.identity.createUser({ organizationId: admin.organizationId, role: "clinician", displayName: "Author" })).id, organizationId: admin.organizationId, role: "clinician" };
      const other: Actor = { userId: (await app.store.identity.createUser({ organizationId: admin.organizationId, role: "clinician", displayName: "Other clinician" })).id, organizationId: admin.organizationId, role: "clinician" };
      for (const c of [author, other]) await treats(c.userId);
      const auditor: Actor = { userId: (await app.store.identity.createUser({ organizationId: admin.organizationId, role: "auditor", displayName: "Auditor" })).id, organizationId: admin.organizationId, role: "auditor" };
      const process = (await notes(author, `${await anotherSession("process-session")} --psychotherapy --format girp`)).data as NoteRecord;
      expect(process.kind).toBe("psychotherapy");
      // Stored apart (HIPAA 45 CFR 164.501): in psychotherapy_notes, never in the progress notes table.
      const db = app.database.db;
      expect(await db.select({ id: psychotherapyNotes.id, authorUserId: psychotherapyNotes.authorUserId, projectId: psychotherapyNotes.projectId }).from(psychotherapyNotes).where(eq(psychotherapyNotes.id, process.id)))
        .toEqual([{ id: process.id, authorUserId: author.userId, projectId }]);
      expect(await db.select({ id: progressNotes.id }).from(progressNotes).where(eq(progressNotes.id, process.id))).toEqual([]);
      expect(await app.store.notes.getNote({ organizationId: admin.organizationId }, process.id)).toBeUndefined();
      // Cites the therapist's reflection (turn 3), a turn GIRP's Intervention is written from: a statement a training example can carry.
      const PROCESS_TEXT = "Process: the client's guilt toward the sister came up twice; she gave (617) 555-0199 for her sister; explore next time (Therapist 00:00:20).";
      await editNote(app, author, process.id, [{ key: "intervention", text: PROCESS_TEXT }]);
      await notes(author, `ack ${process.id.slice(0, 8)}`);
      await notes(author, `approve ${process.id.slice(0, 8)}`);
      expect((await notes(author, `show ${process.id}`)).data).toMatchObject({ kind: "psychotherapy", status: "approved" });
      expect(((await notes(author, `list ${patientId}`)).data as NoteRecord[]).some((n) => n.id === process.id)).toBe(true);
      // Nobody else reads, lists, edits, acknowledges or approves it: not another clinician, not an admin, not an auditor.
      for (const a of [other, admin, auditor]) {
        // (An auditor may not acknowledge or approve any note; it is only asked to read this one.)
        for (const sub of a.role === "auditor" ? ["show"] : ["show", "ack", "approve"]) await expect(notes(a, `${sub} ${process.id}`), `${a.role} ${sub}`).rejects.toMatchObject({ code: "NOT_FOUND" });
        expect(((await notes(a, `list ${patientId}`)).data as NoteRecord[]).some((n) => n.id === process.id), a.role).toBe(false);
      }
      await expect(editNote(app, admin, process.id, [{ key: "goals", text: "x" }])).rejects.toMatchObject({ code: "NOT_FOUND" });
      // The patient's own account is refused notes altogether, this one included.
      const patientUser = await app.store.identity.createUser({ organizationId: admin.organizationId, role: "patient", displayName: "P2", patientId });
      const patientActor: Actor = { userId: patientUser.id, organizationId: admin.organizationId, role: "patient", patientId };
      await expect(notes(patientActor, `show ${process.id}`)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(notes(patientActor, `list ${patientId}`)).rejects.toMatchObject({ code: "FORBIDDEN" });
      // Still exactly as its author left it.
      expect((await notes(author, `show ${process.id}`)).data).toMatchObject({ status: "approved", sections: expect.arrayContaining([expect.objectContaining({ key: "intervention", text: expect.stringContaining("guilt toward the sister") })]) });
      const api = await createApiServer(app);
      try {
        const key = (await createApiKey(app, undefined, { organizationId: admin.organizationId, role: "admin", name: "admin-http" })).key;
        expect((await api.inject({ method: "GET", url: `/v1/notes/${process.id}`, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(404);
      } finally {
        await api.close();
      }
      const seenByOther = (await notes(other, `list ${patientId}`)).data as NoteRecord[];
      expect(seenByOther.length).toBeGreaterThan(0);
      const approvedProgress = seenByOther.filter((n) => n.status === "approved").length;
      expect(approvedProgress).toBeGreaterThanOrEqual(2);
      const hasProcess = (examples: Array<{ messages: Array<{ content: string }> }>) => examples.some((e) => e.messages[2]!.content.includes("guilt toward the sister"));

      const withoutConsent = await exportNotes();
      expect(withoutConsent.examples).toEqual([]);
      expect(withoutConsent.data.metadata.exclusions.no_consent).toBeGreaterThanOrEqual(1);

      await recordConsent(app, { actor: admin, patientId, type: "training_use", action: "granted", method: "cli" });
      const { data, examples } = await exportNotes();
      // One example per section of each approved progress note, as the product asks each section (section-training.ts).
      expect(data.metadata.notes.progress).toBe(approvedProgress);
      expect(data.metadata.bySource.note).toBe(examples.length);
      expect(examples.length).toBeGreaterThan(approvedProgress);
      expect(data.metadata.bySource.psychotherapy_note).toBeUndefined();
      expect(hasProcess(examples)).toBe(false);
      const titles = new Set(examples.map((e) => /^Section: (\w+):/m.exec(e.messages[0]!.content)?.[1]));
      // SOAP's and DAP's sections that ask a model; Objective asks none (a transcript holds no observations).
      for (const t of ["Subjective", "Assessment", "Plan", "Data"]) expect(titles).toContain(t);
      expect(titles).not.toContain("Objective");
      // The DAP note's Assessment was edited to a statement citing no turn: no example, counted.
      expect(data.metadata.exclusions.note_section_uncited).toBe(1);
      for (const e of examples) {
        expect(e.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
        expect(e.messages[1]!.content).toMatch(/^<turns>\n\[T\d+ (Therapist|Client) \d\d:\d\d:\d\d( RISK)?\] /);
        const { statements } = JSON.parse(e.messages[2]!.content) as { statements: Array<{ text: string; turns: number[] }> };
        expect(statements.length).toBeGreaterThan(0);
        // Every target statement cites only turns the section's prompt gives it, numbered as the model sees them.
        for (const st of statements) for (const n of st.turns) expect(e.messages[1]!.content).toMatch(new RegExp(`\\[T${n} `));
      }
      // The risk section is given the flagged turn (turn 5), marked RISK; no other section is.
      const assessment = examples.filter((e) => e.messages[0]!.content.includes("Section: Assessment:"));
      for (const e of assessment) expect(e.messages[1]!.content).toContain("[T5 Client 00:00:40 RISK]");
      expect(examples.filter((e) => e.messages[1]!.content.includes(" RISK]")).length).toBe(assessment.length);
      // De-identified per policy: the phone number said in turn 7 (given to Subjective) does not leave; it became a placeholder.
      expect(parsed.sections[6]!.text).toContain("555-0143");
      expect(examples.some((e) => e.messages[1]!.content.includes("[T7 Client 00:01:00] "))).toBe(true);
      expect(JSON.stringify(examples)).not.toContain("555-0143");
      expect(data.metadata.placeholders.PHONE).toBeGreaterThan(0);

      // The export's flag alone is not enough: the patient has not authorised use of psychotherapy notes.
      // The store hands the export no content of such a note: only that one was withheld.
      const sources = async (includePsychotherapyNotes: boolean) => {
        const out = [];
        for await (const src of app.store.training.iterateTrainingSources({ organizationId: admin.organizationId, projectId }, { includeDeleted: false, includePsychotherapyNotes })) {
          if (src.id === process.id) out.push(src);
        }
        return out;
      };
      expect(await sources(false)).toEqual([]);
      expect(await sources(true)).toEqual([{ kind: "psychotherapy_note_withheld", id: process.id, patientId }]);
      const flagOnly = await exportNotes("--include-psychotherapy-notes");
      expect(flagOnly.data.metadata.exclusions.no_psychotherapy_authorisation).toBe(1);
      expect(hasProcess(flagOnly.examples)).toBe(false);
      // The authorisation alone is not enough either: an export that does not name them leaves them out.
      await recordConsent(app, { actor: admin, patientId, type: "psychotherapy_notes", action: "granted", method: "cli" });
      expect(await sources(false)).toEqual([]);
      expect(await sources(true)).toMatchObject([{ kind: "note", id: process.id, psychotherapy: true }]);
      const unflagged = await exportNotes();
      expect(unflagged.data.metadata.bySource.psychotherapy_note).toBeUndefined();
      expect(unflagged.data.metadata.exclusions.no_psychotherapy_authorisation).toBeUndefined();
      const authorised = await exportNotes("--include-psychotherapy-notes");
      // One psychotherapy note; its GIRP sections that ask a model: Intervention (the edit), Response, Plan (no turn states a goal).
      expect(authorised.data.metadata.bySource.psychotherapy_note).toBe(3);
      expect(hasProcess(authorised.examples)).toBe(true);
      // De-identified like every exported example: the phone number in the note does not leave.
      const exported = authorised.examples.find((e) => e.messages[2]!.content.includes("guilt toward the sister"))!.messages[2]!.content;
      expect(exported).not.toContain("555-0199");
      expect(exported).toMatch(/\[PHONE[^\]]*\]/);
      const audit = await app.store.audit.query(admin.organizationId, { action: "training.export" });
      expect(authorised.data.metadata.notes.psychotherapy).toBe(1);
      expect(audit.find((e) => e.targetId === authorised.data.dataset.id)?.details).toMatchObject({ includePsychotherapyNotes: true, psychotherapyNotes: 1, psychotherapySections: authorised.data.metadata.bySource.psychotherapy_note });
      await recordConsent(app, { actor: admin, patientId, type: "psychotherapy_notes", action: "revoked", method: "cli" });
      expect((await exportNotes("--include-psychotherapy-notes")).data.metadata.bySource.psychotherapy_note).toBeUndefined();
    }, 90_000);

    // After the export test: the psychotherapy note written here would otherwise change its counts.
    it("over HTTP, `notes <first 8 characters>` names the transcript as `docs` names a document, within what the caller may see", async () => {
      const api = await createApiServer(app);
      const keyFor = async (role: "clinician" | "auditor", userId?: string) => {
        const made = await createApiKey(app, undefined, { organizationId: admin.organizationId, role, name: `${role}-short`, ...(userId ? { userId } : {}) });
        if (role === "clinician") await treats(made.record.userId!);
        return { authorization: `Bearer ${made.key}` };
      };
      const command = (headers: Record<string, string>, args: string, project = projectId) => api.inject({ method: "POST", url: "/v1/commands/notes", headers, payload: { projectId: project, args } });
      try {
        const clinician = await keyFor("clinician");
        const written = await command(clinician, `${documentId.slice(0, 8)} --format birp`);
        expect(written.statusCode, written.body).toBe(200);
        expect(written.json()).toMatchObject({ data: { documentId, format: "birp", status: "draft" } });
        // Too short to be an id prefix is still the usage; a prefix nothing starts with is "no such document".
        // Fewer than 8 characters (a prefix a clinician could find by guessing) is the usage too.
        for (const short of [documentId.slice(0, 3), documentId.slice(0, 7)]) expect((await command(clinician, short)).json(), short).toMatchObject({ code: "BAD_REQUEST", detail: expect.stringMatching(/^Usage: notes /) });
        const ids = (await app.store.knowledge.listDocuments({ organizationId: admin.organizationId, projectId, reader: "unrestricted" })).map((d) => d.id);
        const unused = [..."0123456789abcdef"].map((c) => c.repeat(8)).find((p) => !ids.some((id) => id.startsWith(p)))!;
        const none = await command(clinician, unused);
        expect(none.statusCode).toBe(404);
        // An auditor is refused as with the whole id, before any document is looked for.
        const auditor = await keyFor("auditor");
        for (const id of [documentId, documentId.slice(0, 8)]) expect((await command(auditor, id)).json(), id).toMatchObject({ code: "FORBIDDEN" });
        // Another organisation: the prefix finds nothing, in A's project or its own, as the whole id does.
        const strangerHeaders = { authorization: `Bearer ${strangerKey}` };
        const strangerProject = (await ensureWorkspace(app, { org: "other-clinic", project: "kat" })).project.id;
        for (const project of [projectId, strangerProject]) {
          for (const id of [documentId, documentId.slice(0, 8)]) {
            const r = await command(strangerHeaders, id, project);
            expect(r.statusCode, `${project} ${id}`).toBe(404);
            expect(r.body).not.toContain(documentId);
          }
        }
        // A transcript restricted to a psychotherapy note's author: another clinician's prefix finds nothing, as the whole id finds nothing.
        const author = await app.store.identity.createUser({ organizationId: admin.organizationId, role: "clinician", displayName: "Short-id author" });
        const restricted = await anotherSession("short-id-session");
        const authorHeaders = await keyFor("clinician", author.id);
        const authored = await command(authorHeaders, `${restricted.slice(0, 8)} --psychotherapy`);
        expect(authored.statusCode, authored.body).toBe(200);
        expect(authored.json()).toMatchObject({ data: { documentId: restricted, kind: "psychotherapy" } });
        for (const id of [restricted, restricted.slice(0, 8)]) {
          const r = await command(clinician, id);
          expect(r.statusCode, id).toBe(404);
          expect(r.body).not.toContain(restricted);
        }
      } finally {
        await api.close();
      }
    }, 90_000);

    // Last in this block: the note it approves would otherwise join the training export checked above.
    it("a possible-risk review flag the flag tier did not raise is shown at the top under its own heading, cites its turn, and blocks approval until acknowledged", async () => {
      const vtt = `WEBVTT\n\n${[cue(0, "Therapist", "How has the week been?"), cue(1, "Client", "Work is busy. Everyone keeps saying I'm a burden and they're right."), cue(2, "Therapist", "That sounds heavy to carry.")].join("\n")}`;
      const id = (await ingestFile(app, { actor: admin, projectId, fileName: "session-review.vtt", bytes: enc(vtt), patientId })).document.id;
      await waitForJobs(app);
      const shown = await notes(admin, id);
      const note = shown.data as NoteRecord;
      expect(note.riskFlags).toEqual([{ category: "suicidal_ideation", verdict: "review", turn: 1, speaker: "Client", startMs: 10_000, quote: "Everyone keeps saying I'm a burden and they're right." }]);
      const blocks = shown.blocks as Array<{ type: string; text?: string; tone?: string; buttons?: Array<{ actionId: string; label: string }> }>;
      const texts = blocks.map((b) => b.text ?? "");
      expect(texts[1]).toMatch(/^Risk screen: no risk statements found/);
      expect(texts[2]).toMatch(/^Possible risk — review \(1, acknowledge before approving; .*\):\n• Suicidal ideation: "Everyone keeps saying I'm a burden and they're right\." \(Client 00:00:10\)$/);
      expect(blocks[2]!.tone).toBe("warning");
      expect(blocks.at(-1)!.buttons).toEqual([expect.objectContaining({ actionId: "notes.ack", label: "Acknowledge 1 risk flag(s)" })]);
      await expect(notes(admin, `approve ${note.id}`)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/has 1 possible-risk review flag\(s\); acknowledge them/) });
      await notes(admin, `ack ${note.id.slice(0, 8)}`);
      expect(((await notes(admin, `approve ${note.id}`)).data as NoteRecord).status).toBe("approved");
      const audit = await app.store.audit.query(admin.organizationId, { action: "note.risk_acknowledge" });
      expect(audit.find((a) => a.targetId === note.id)?.details).toMatchObject({ riskFlags: 0, reviewFlags: 1 });
    });

    it("a progress note whose transcript later became a psychotherapy note's is left out of the export as restricted, not as missing", async () => {
      const author: Actor = { userId: (await app.store.identity.createUser({ organizationId: admin.organizationId, role: "clinician", displayName: "Restricting author" })).id, organizationId: admin.organizationId, role: "clinician" };
      await treats(author.userId);
      const session = await anotherSession("restricted-later");
      const exclusions = async () => {
        const r = await runCommand(app, "export", { actor: admin, projectId, args: "--validation 0", visibility: "private" });
        return (r.data as { metadata: { exclusions: Record<string, number> } }).metadata.exclusions;
      };
      const before = await exclusions();
      const progress = (await notes(author, session)).data as NoteRecord;
      await notes(author, `ack ${progress.id}`);
      expect(((await notes(author, `approve ${progress.id}`)).data as NoteRecord).status).toBe("approved");
      expect(((await notes(author, `${session} --psychotherapy`)).data as NoteRecord).kind).toBe("psychotherapy");
      const after = await exclusions();
      // Still left out (its examples would quote the restricted turns), under the reason an admin can act on.
      expect(after.transcript_restricted ?? 0).toBe((before.transcript_restricted ?? 0) + 1);
      expect(after.transcript_missing ?? 0).toBe(before.transcript_missing ?? 0);
    });
  });
}
