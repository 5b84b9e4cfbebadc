// Answers through the OpenAI-compatible plugin against a local server that
// speaks the OpenAI wire format: the full path from ingest to a streamed,
// cited answer, and de-identification of everything sent off the machine.
import { type Actor, answerQuestion } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOpenAISettings, startCloudAnswerApp } from "./support/cloud-answer-app.ts";
import { ingestApprovedGuide, MONITORING_GUIDE_NAMING_PATIENT } from "./support/monitoring-guide.ts";
import { cleanupTargets } from "./support/test-app.ts";

let server: FakeOpenAI;
let app: RoundsApp;
let actor: Actor;
let projectId: string;

beforeAll(async () => {
  server = await startFakeOpenAI();
  let organizationId: string;
  ({ app, actor, projectId, organizationId } = await startCloudAnswerApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-openai-${process.pid}` }, {
    plugin: "@rounds/plugin-openai", settings: localOpenAISettings(server.url), modelId: "openai", org: "oa",
  }));
  await app.store.identity.createPatient({ organizationId, displayName: "Philippa Quarrington" });
  await ingestApprovedGuide(app, actor, projectId, MONITORING_GUIDE_NAMING_PATIENT);
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
