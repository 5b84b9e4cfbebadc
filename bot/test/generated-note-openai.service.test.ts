// A generated session note through the OpenAI-compatible plugin against a
// local server speaking the OpenAI wire format (the real service cannot be
// reached from here): the numbered, de-identified turns go out with a JSON
// schema; every statement that comes back must cite a turn that supports it
// (unsupported, uncited and out-of-range statements are dropped); a note that
// leaves out a flagged risk turn is refused (the extractive note is written,
// saying why); a failing model falls back the same way.
import { type Actor, ingestFile, NOTE_FORMATS, type NoteRecord, recordConsent, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { localOpenAISettings, startCloudAnswerApp } from "./support/cloud-answer-app.ts";
import { RISK_SESSION_VTT } from "./support/risk-session.ts";
import { cleanupTargets } from "./support/test-app.ts";

const note = (over: Record<string, string> = {}) => JSON.stringify({
  subjective: "The client reported hard evenings with anxiety and little sleep [T2]. The client plays tennis every Sunday morning [T2]. The client said the medication was stopped [T40].",
  objective: "The client described the evenings as hard [T2].",
  assessment: "{{RED:The client reported wanting to kill himself on some nights}} [T4]. Worry is loudest at night [T3]. Anxiety is building in the evenings.",
  plan: "A safety plan will be written together today [T5].",
  ...over,
});

let server: FakeOpenAI;
let app: RoundsApp;
let admin: Actor;
let projectId: string;
let documentId: string;
const notes = (args: string) => runCommand(app, "notes", { actor: admin, projectId, args, visibility: "private" });

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

describe("generated notes through an OpenAI-compatible server", () => {
  it("sends numbered, de-identified turns with a JSON schema, and keeps only statements whose cited turn supports them", async () => {
    server.replies = [note()];
    const before = server.requests.length;
    const { data, blocks } = await notes(documentId);
    const written = data as NoteRecord;
    const sent = server.requests.slice(before).find((q) => q.path === "/v1/chat/completions")!;
    const body = JSON.stringify(sent.json);
    expect(body).toContain("[T4 Client 00:00:27]");
    expect(body).not.toContain("555-0143");
    expect(sent.json).toMatchObject({ response_format: { type: "json_schema", json_schema: { schema: { required: NOTE_FORMATS.soap.map((s) => s.key) } } } });
    expect(written.modelId).toBe("openai");
    expect((blocks[0] as { text: string }).text).toMatch(/each statement checked against its cited turn/);
    const s = Object.fromEntries(written.sections.map((x) => [x.key, x]));
    // Kept: each statement shares its words with the turn it cites, and cites it as speaker and time.
    expect(s.subjective!.text).toBe("The client reported hard evenings with anxiety and little sleep (Client 00:00:09).");
    expect(s.plan!.text).toBe("A safety plan will be written together today (Therapist 00:00:36).");
    expect(s.assessment!.risk).toEqual(["The client reported wanting to kill himself on some nights"]);
    expect(s.assessment!.citations!.map((c) => c.turn)).toEqual([3, 2]);
    // Dropped: a claim its turn does not support (tennis), a turn that does not exist (T40), a sentence citing nothing.
    const all = written.sections.map((x) => x.text).join(" ");
    expect(all).not.toMatch(/tennis|medication was stopped|Anxiety is building/);
    expect(written.riskFlags.filter((f) => f.verdict === "risk").map((f) => f.turn)).toEqual([3]);
  });

  it("a note that leaves out the flagged risk turn is refused: the extractive note is written, saying why", async () => {
    server.replies = [note({ assessment: "Worry is loudest at night [T3]." })];
    const { data, blocks } = await notes(documentId);
    expect((data as NoteRecord).modelId).toBe("extractive");
    expect((blocks[0] as { text: string }).text).toMatch(/the model's note left out 1 flagged risk statement/);
    expect((data as NoteRecord).riskFlags.some((f) => f.verdict === "risk" && f.turn === 3)).toBe(true);
  });

  it("a reply in which no statement cites a supporting turn, or a failing server, falls back the same way", async () => {
    server.replies = [JSON.stringify({ subjective: "Doing well.", objective: "Calm.", assessment: "Stable.", plan: "Continue." })];
    expect((await notes(documentId)).blocks[0]).toMatchObject({ text: expect.stringMatching(/none of the model's statements cited a turn that supports them/) });
    server.failNext(500);
    const failed = await notes(documentId);
    expect((failed.data as NoteRecord).modelId).toBe("extractive");
    expect((failed.blocks[0] as { text: string }).text).toMatch(/the model failed/);
  });
});
