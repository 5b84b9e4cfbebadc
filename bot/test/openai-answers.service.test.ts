// Answers through the OpenAI-compatible plugin against a local server that
// speaks the OpenAI wire format: the full path from ingest to a streamed,
// cited answer, and de-identification of everything sent off the machine.
import { type Actor, answerQuestion, ingestFile, reviewDocument } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

let server: FakeOpenAI;
let app: RoundsApp;
let actor: Actor;
let projectId: string;

beforeAll(async () => {
  server = await startFakeOpenAI();
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-openai-${process.pid}` }, {
    plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-openai"],
    pluginSettings: { "@rounds/plugin-openai": { baseURL: server.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 } },
    models: { answer: "openai" },
  });
  const ws = await ensureWorkspace(app, { org: "oa", project: "kat" });
  projectId = ws.project.id;
  actor = await localOperator(app, ws.organization.id);
  await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: "Philippa Quarrington" });
  const doc = await ingestFile(app, { actor, projectId, fileName: "monitoring.md", bytes: new TextEncoder().encode(
    "# Ketamine infusion monitoring\n\nDuring ketamine-assisted therapy, check blood pressure every 15 minutes and pause the infusion above 180 mmHg systolic. In the 2025 audit, Philippa Quarrington (MRN: 00482913) was the example patient.") });
  await waitForJobs(app);
  await reviewDocument(app, { actor, projectId, documentId: doc.document.id, action: "approve" });
  await waitForJobs(app);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await server?.close();
  await cleanupTargets();
});

describe("answers through an OpenAI-compatible server", () => {
  it("streams a cited answer, and the passages sent out are de-identified", async () => {
    server.replies = ["Pause the infusion above 180 mmHg systolic [1]."];
    const drafts: string[] = [];
    const r = await answerQuestion(app, { actor, projectId, question: "When should Philippa Quarrington's infusion be paused?", visibility: "private", onDraft: (t) => drafts.push(t) });
    expect(r).toMatchObject({ kind: "generated", text: "Pause the infusion above 180 mmHg systolic [1].", modelId: expect.stringContaining("gpt-4o-mini") });
    expect(drafts.length).toBeGreaterThan(2);
    const sent = server.requests.filter((q) => q.path === "/v1/chat/completions").at(-1)!;
    const body = JSON.stringify(sent.json);
    expect(body).toContain("180 mmHg");
    expect(body).not.toContain("Quarrington");
    expect(body).not.toContain("00482913");
    expect(body).toMatch(/\[NAME_\d+\]/);
    expect(sent.json).toMatchObject({ stream: true, model: "gpt-4o-mini" });
  });

  it("a reply citing a passage that was not given is refused, not shown", async () => {
    server.replies = ["Pause above 180 mmHg [9]."];
    const r = await answerQuestion(app, { actor, projectId, question: "When should the infusion be paused for blood pressure?", visibility: "private" });
    expect(r).toMatchObject({ kind: "refusal", refusalReason: "invalid_citation" });
    expect(r.text).not.toContain("[9]");
  });
});
