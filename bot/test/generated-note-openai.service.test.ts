// A generated session note through the OpenAI-compatible plugin against a
// local server speaking the OpenAI wire format (the real service cannot be
// reached from here). The note is written one call per section, each call
// given only the de-identified turns that section is written from (the
// flagged risk turn, marked RISK, to the Assessment); every statement that
// comes back must cite a turn it was given that supports it. Each way a model
// can go wrong has a visible outcome and loses nothing: unsupported claims,
// turns that do not exist and uncited sentences are listed under their
// section as not kept; a section answered with bad JSON is quoted from the
// transcript, saying why; flagged risk the model leaves out is quoted from
// the flag, marked as an error, and blocks approval until acknowledged; a
// failing server yields the extractive note.
import { type Actor, ingestFile, type NoteRecord, recordConsent, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { localOpenAISettings, startCloudAnswerApp } from "./support/cloud-answer-app.ts";
import { RISK_SESSION_VTT, riskSessionReplies } from "./support/risk-session.ts";
import { cleanupTargets } from "./support/test-app.ts";

let server: FakeOpenAI;
let app: RoundsApp;
let admin: Actor;
let projectId: string;
let documentId: string;
const notes = (args: string) => runCommand(app, "notes", { actor: admin, projectId, args, visibility: "private" });
const texts = (blocks: unknown[]) => blocks.map((b) => (b as { text?: string }).text ?? "");
const chatCalls = (before: number) => server.requests.slice(before).filter((q) => q.path === "/v1/chat/completions");
const byKey = (note: NoteRecord) => Object.fromEntries(note.sections.map((x) => [x.key, x]));

beforeAll(async () => {
  server = await startFakeOpenAI();
  let organizationId: string;
  ({ app, actor: admin, projectId, organizationId } = await startCloudAnswerApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-openai-notes-${process.pid}` }, {
    plugin: "@rounds/plugin-openai", settings: localOpenAISettings(server.url), modelId: "openai", org: "oa-notes",
  }));
  const patientId = (await app.store.identity.createPatient({ organizationId, displayName: "Patient O", externalRef: "PO-1" })).id;
  for (const type of ["recording", "ai_analysis"] as const) await recordConsent(app, { actor: admin, patientId, type, action: "granted", method: "cli" });
  documentId = (await ingestFile(app, { actor: admin, projectId, fileName: "session-o.vtt", bytes: new TextEncoder().encode(RISK_SESSION_VTT), patientId })).document.id;
  await waitForJobs(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await server?.close();
  await cleanupTargets();
});

describe("generated notes through an OpenAI-compatible server, section by section", () => {
  it("one call per section with only that section's de-identified turns; statements kept only when a given turn supports them, the rest listed as not kept", async () => {
    server.replies = riskSessionReplies();
    const before = server.requests.length;
    const { data, blocks } = await notes(documentId);
    const written = data as NoteRecord;
    const calls = chatCalls(before);
    // Subjective, Assessment, Plan: Objective states session facts and asks no model.
    expect(calls).toHaveLength(3);
    for (const c of calls) expect(c.json).toMatchObject({ response_format: { type: "json_schema", json_schema: { schema: { required: ["statements"] } } } });
    const [subjective, assessment, plan] = calls.map((c) => JSON.stringify(c.json));
    expect(subjective).toContain("Section: Subjective");
    expect(subjective).toContain("[T2 Client 00:00:09]");
    expect(subjective).toContain("[T4 Client 00:00:27]");
    expect(subjective).not.toContain("[T1 Therapist"); // a question: not what the patient reported
    expect(assessment).toContain("[T3 Therapist 00:00:18]");
    expect(assessment).toContain("[T4 Client 00:00:27 RISK]");
    expect(assessment).not.toContain("[T2 ");
    expect(plan).toContain("[T5 Therapist 00:00:36]");
    expect(plan).not.toContain("[T2 ");
    for (const body of [subjective, assessment, plan]) expect(body).not.toContain("555-0143");

    expect(written.modelId).toBe("openai");
    expect(texts(blocks)[0]).toMatch(/written by openai section by section, each statement checked against its cited turn/);
    const s = byKey(written);
    expect(s.subjective!.text).toBe("The client reported hard evenings with anxiety and little sleep (Client 00:00:09).");
    expect(s.objective!.text).toMatch(/^Transcript of 6 turns/);
    expect(s.assessment!.text).toBe("{{RED:The client reported wanting to kill himself on some nights}} (Client 00:00:27). Worry is loudest at night (Therapist 00:00:18).");
    expect(s.assessment!.risk).toEqual(["The client reported wanting to kill himself on some nights"]);
    expect(s.assessment!.citations!.map((c) => [c.turn, c.speaker, c.startMs])).toEqual([[3, "Client", 27_000], [2, "Therapist", 18_000]]);
    expect(s.plan!.text).toBe("A safety plan will be written together today (Therapist 00:00:36).");
    // Not kept, and shown: a claim its turn does not support, a turn that does not exist, a sentence citing nothing.
    expect(s.subjective!.check).toMatchObject({ origin: "model", statements: 3, kept: 1, notKept: [
      { text: "The client plays tennis every Sunday morning", turns: [2], reason: "not_supported" },
      { text: "The client said the medication was stopped", turns: [40], reason: "unknown_turn" },
    ] });
    expect(s.assessment!.check!.notKept).toEqual([{ text: "Anxiety is building in the evenings", turns: [], reason: "no_citation" }]);
    expect(s.assessment!.check!.riskOmitted).toBeUndefined();
    const shown = texts(blocks).join("\n");
    expect(shown).toMatch(/Not kept in Subjective \(2;[^\n]*\n• "The client plays tennis every Sunday morning" \[T2: the cited turn does not say this\]\n• "The client said the medication was stopped" \[T40: cites a turn the transcript does not have\]/);
    expect(shown).toMatch(/"Anxiety is building in the evenings" \[no turn cited: cites no turn\]/);
    expect(written.riskFlags.filter((f) => f.verdict === "risk").map((f) => f.turn)).toEqual([3]);
  });

  it("a statement citing a turn its section was not given is not kept; a section answered with bad JSON is quoted from the transcript, saying why, and the others stay the model's", async () => {
    server.replies = riskSessionReplies({
      subjective: [{ text: "The client reported hard evenings with anxiety and little sleep.", turns: [2] }, { text: "A safety plan will be written together today.", turns: [5] }],
      assessment: "{\"statements\": [{\"text\": \"Worry is loudest",
    });
    const { data, blocks } = await notes(documentId);
    const written = data as NoteRecord;
    expect(written.modelId).toBe("openai");
    const s = byKey(written);
    // T5 exists and supports it, but Subjective was not given T5 (a clinician's proposal).
    expect(s.subjective!.check!.notKept).toEqual([{ text: "A safety plan will be written together today", turns: [5], reason: "not_given" }]);
    expect(s.assessment!.check).toMatchObject({ origin: "extractive", failure: "the model's answer was not valid JSON" });
    // The quoted Assessment still states the flagged turn, so nothing is omitted.
    expect(s.assessment!.text).toMatch(/^Risk screen: 1 risk statement\(s\) flagged \(suicidal ideation\)\. \{\{RED:"Honestly some nights I want to kill myself\."\}\} \(Client 00:00:27\)\./);
    expect(s.assessment!.check!.riskOmitted).toBeUndefined();
    expect(s.plan!.check!.origin).toBe("model");
    expect(texts(blocks).join("\n")).toMatch(/\*Assessment\* _\(quoted from the transcript: the model's answer was not valid JSON\)_/);
  });

  it("a note that leaves out the flagged risk turn is an error: the turn is quoted from its flag, marked, and the note cannot be approved until the risk is acknowledged", async () => {
    server.replies = riskSessionReplies({
      subjective: [{ text: "The client reported hard evenings with anxiety and little sleep.", turns: [2] }],
      assessment: [{ text: "Worry is loudest at night.", turns: [3] }],
    });
    const { data, blocks } = await notes(documentId);
    const written = data as NoteRecord;
    expect(written.modelId).toBe("openai");
    const s = byKey(written);
    expect(s.assessment!.check!.riskOmitted).toEqual([3]);
    expect(s.assessment!.text).toBe("Left out by the model, quoted from the risk flag: {{RED:\"Honestly some nights I want to kill myself.\"}} (Client 00:00:27). Worry is loudest at night (Therapist 00:00:18).");
    expect(s.assessment!.citations!.map((c) => c.turn)).toEqual([3, 2]);
    expect(blocks).toContainEqual({ type: "text", tone: "error", text: expect.stringMatching(/^✖ The model's note left out flagged risk \(1 in Assessment\)/) });
    await expect(notes(`approve ${written.id}`)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/left out 1 of its risk flags/), details: { riskOmitted: 1 } });
    await notes(`ack ${written.id}`);
    expect(((await notes(`approve ${written.id}`)).data as NoteRecord).status).toBe("approved");
  });

  it("no statement of any section survives: the extractive note, saying why, with the model's statements still listed; a failing server is not asked again", async () => {
    const nowhere = [{ text: "Doing well.", turns: [99] }];
    server.replies = riskSessionReplies({ subjective: nowhere, assessment: nowhere, plan: nowhere });
    const { data, blocks } = await notes(documentId);
    expect((data as NoteRecord).modelId).toBe("extractive");
    expect(texts(blocks)[0]).toMatch(/quoted from the transcript, not generated \(none of the model's 1 statement\(s\) cited a turn given to this section that supports it\)/);
    expect(byKey(data as NoteRecord).plan!.check!.notKept).toEqual([{ text: "Doing well", turns: [99], reason: "unknown_turn" }]);
    expect(texts(blocks).join("\n")).toMatch(/Not kept in Plan \(1;/);

    server.failNext(500);
    const before = server.requests.length;
    const failed = await notes(documentId);
    expect((failed.data as NoteRecord).modelId).toBe("extractive");
    expect(texts(failed.blocks)[0]).toMatch(/the model failed/);
    expect(chatCalls(before)).toHaveLength(1);
    expect(byKey(failed.data as NoteRecord).assessment!.text).toContain("{{RED:\"Honestly some nights I want to kill myself.\"}} (Client 00:00:27).");
  });
});
