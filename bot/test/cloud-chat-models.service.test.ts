// Answers and session notes through the Anthropic, Mistral and Vertex AI plugins, each
// against a local server speaking that vendor's real wire format (the real
// services cannot be reached from here), with the same behaviour the OpenAI
// tests prove (openai-answers.service.test.ts, generated-note-openai.service.test.ts):
// a streamed, cited answer whose passages go out de-identified; a reply
// citing a passage that was not given is refused; the note goes out with a
// JSON schema and keeps only statements whose cited turn supports them; a
// failing vendor gives a clear Rounds error with its status, never the
// question. Both plugins declare egress, so the on-prem tier refuses them.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Actor, answerQuestion, ingestFile, type NoteRecord, recordConsent, runCommand } from "@rounds/core";
import { type FakeAnthropic, startFakeAnthropic } from "@rounds/plugin-anthropic/testing";
import { type FakeMistral, startFakeMistral } from "@rounds/plugin-mistral/testing";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import { type FakeVertex, startFakeVertex } from "@rounds/plugin-vertex/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { localOpenAISettings, startCloudAnswerApp } from "./support/cloud-answer-app.ts";
import { ingestApprovedGuide, MONITORING_GUIDE, MONITORING_GUIDE_NAMING_PATIENT } from "./support/monitoring-guide.ts";
import { RISK_SESSION_VTT, riskSessionReplies } from "./support/risk-session.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";


const VERTEX_KEY = join(tmpdir(), `rounds-vertex-key-${process.pid}.json`);

interface Vendor {
  plugin: string;
  modelId: string;
  chatModel: string;
  start(): Promise<FakeAnthropic | FakeMistral | FakeVertex>;
  settings(url: string): Record<string, unknown>;
  /** The request path and how the JSON schema is asked for, per the vendor's API. */
  path: string;
  /** The note's request path, when it is not `path` (Vertex names streaming in the path). */
  notePath?: string;
  /** What the streamed answer's request body says (Vertex says it in the path: model and streamGenerateContent). */
  streamed: Record<string, unknown>;
  schemaOf(body: Record<string, unknown>): unknown;
}

const vendors: Vendor[] = [
  {
    plugin: "@rounds/plugin-anthropic", modelId: "anthropic", chatModel: "claude-sonnet-4-5", path: "/v1/messages", streamed: { stream: true, model: "claude-sonnet-4-5" },
    start: () => startFakeAnthropic({ apiKey: "sk-ant-local" }),
    settings: (url) => ({ baseURL: url, apiKey: "sk-ant-local" }),
    schemaOf: (b) => (b.output_config as { format?: { schema?: unknown } } | undefined)?.format?.schema,
  },
  {
    // An older Claude without native structured output: the AI SDK forces a `json` tool instead.
    plugin: "@rounds/plugin-anthropic", modelId: "anthropic", chatModel: "claude-sonnet-4-20250514", path: "/v1/messages", streamed: { stream: true, model: "claude-sonnet-4-20250514" },
    start: () => startFakeAnthropic({ apiKey: "sk-ant-local" }),
    settings: (url) => ({ baseURL: url, apiKey: "sk-ant-local", chatModel: "claude-sonnet-4-20250514" }),
    schemaOf: (b) => (b.tools as Array<{ name: string; input_schema: unknown }> | undefined)?.find((t) => t.name === "json")?.input_schema,
  },
  {
    plugin: "@rounds/plugin-mistral", modelId: "mistral", chatModel: "mistral-large-latest", path: "/v1/chat/completions", streamed: { stream: true, model: "mistral-large-latest" },
    start: () => startFakeMistral({ apiKey: "mistral-local" }),
    settings: (url) => ({ baseURL: url, apiKey: "mistral-local" }),
    schemaOf: (b) => (b.response_format as { json_schema?: { schema?: unknown } } | undefined)?.json_schema?.schema,
  },
  {
    // Gemini on Vertex AI, signing in with a service-account key file whose token_uri is the local server's.
    plugin: "@rounds/plugin-vertex", modelId: "vertex", chatModel: "gemini-2.5-flash",
    path: "/v1/projects/rounds-test/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent",
    notePath: "/v1/projects/rounds-test/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent", streamed: {},
    start: async () => {
      const fake = await startFakeVertex();
      writeFileSync(VERTEX_KEY, JSON.stringify(fake.serviceAccountKey));
      return fake;
    },
    settings: (url) => ({ project: "rounds-test", location: "us-central1", apiEndpoint: url, keyFile: VERTEX_KEY }),
    schemaOf: (b) => (b.generationConfig as { responseSchema?: unknown } | undefined)?.responseSchema,
  },
];

const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

describe.each(appTargets())("cloud chat models ($name)", (target) => {
  describe.each(vendors)("$modelId $chatModel", (vendor) => {
    let server: FakeAnthropic | FakeMistral;
    let app: RoundsApp;
    let actor: Actor;
    let projectId: string;
    let sessionId: string;

    beforeAll(async () => {
      server = await vendor.start();
      let organizationId: string;
      ({ app, actor, projectId, organizationId } = await startCloudAnswerApp(await target.environment(), {
        plugin: vendor.plugin, settings: vendor.settings(server.url), modelId: vendor.modelId, org: `${vendor.modelId}-org`,
      }));
      const patientId = (await app.store.identity.createPatient({ organizationId, displayName: "Philippa Quarrington", externalRef: "PQ-1" })).id;
      for (const type of ["recording", "ai_analysis"] as const) await recordConsent(app, { actor, patientId, type, action: "granted", method: "cli" });
      await ingestApprovedGuide(app, actor, projectId, MONITORING_GUIDE_NAMING_PATIENT);
      sessionId = (await ingestFile(app, { actor, projectId, fileName: "session.vtt", bytes: new TextEncoder().encode(RISK_SESSION_VTT), patientId })).document.id;
      await waitForJobs(app);
    }, 180_000);
    afterAll(async () => {
      await app?.close();
      await server?.close();
      await cleanupTargets();
    });

    it("streams a cited answer; the passages and question sent out are de-identified; the request matches the vendor's schema", async () => {
      server.replies = ["Pause the infusion above 180 mmHg systolic [1]."];
      const drafts: string[] = [];
      const r = await answerQuestion(app, { actor, projectId, question: "When should Philippa Quarrington's infusion be paused?", visibility: "private", onDraft: (t) => drafts.push(t) });
      expect(r).toMatchObject({ kind: "generated", text: "Pause the infusion above 180 mmHg systolic [1].", modelId: expect.stringContaining(vendor.chatModel) });
      expect(drafts.length).toBeGreaterThan(2);
      const sent = server.requests.filter((q) => q.path === vendor.path).at(-1)!;
      const body = JSON.stringify(sent.json);
      expect(body).toContain("180 mmHg");
      expect(body).not.toContain("Quarrington");
      expect(body).not.toContain("00482913");
      expect(body).toMatch(/\[NAME_\d+\]/);
      expect(sent.json).toMatchObject(vendor.streamed);
      expect(server.violations).toEqual([]);
    });

    it("a reply citing a passage that was not given is refused, not shown", async () => {
      server.replies = ["Pause above 180 mmHg [9]."];
      const r = await answerQuestion(app, { actor, projectId, question: "When should the infusion be paused for blood pressure?", visibility: "private" });
      expect(r).toMatchObject({ kind: "refusal", refusalReason: "invalid_citation" });
      expect(r.text).not.toContain("[9]");
    });

    it("writes a note section by section through a JSON schema, keeping only statements whose cited turn supports them", async () => {
      server.replies = riskSessionReplies();
      const before = server.requests.length;
      const { data, blocks } = await runCommand(app, "notes", { actor, projectId, args: sessionId, visibility: "private" });
      const written = data as NoteRecord;
      const sent = server.requests.slice(before).filter((q) => q.path === (vendor.notePath ?? vendor.path));
      expect(sent).toHaveLength(3); // Subjective, Assessment, Plan (Objective asks no model)
      expect(JSON.stringify(sent[0]!.json)).toContain("[T4 Client 00:00:27]");
      for (const q of sent) expect(JSON.stringify(q.json)).not.toContain("555-0143");
      expect(vendor.schemaOf(sent[0]!.json!)).toMatchObject({ required: ["statements"] });
      expect(written.modelId).toBe(vendor.modelId);
      expect((blocks[0] as { text: string }).text).toMatch(/each statement checked against its cited turn/);
      const s = Object.fromEntries(written.sections.map((x) => [x.key, x]));
      expect(s.subjective!.text).toBe("The client reported hard evenings with anxiety and little sleep (Client 00:00:09).");
      expect(s.assessment!.risk).toEqual(["The client reported wanting to kill himself on some nights"]);
      expect(written.sections.map((x) => x.text).join(" ")).not.toMatch(/tennis/);
      expect(s.subjective!.check!.notKept.map((x) => x.reason)).toEqual(["not_supported", "unknown_turn"]);
      expect(server.violations).toEqual([]);
    });

    it("a failing vendor: the answer is a Rounds error with the status and without the question; the note falls back", async () => {
      server.failNext(429, 1, "12");
      const error = await answerQuestion(app, { actor, projectId, question: "When should Philippa Quarrington's infusion be paused?", visibility: "private", onDraft: () => {} }).then(() => undefined, (e: unknown) => e);
      expect(error).toMatchObject({ code: "UPSTREAM_FAILED", details: { upstreamStatus: 429, retryAfterSeconds: 12 } });
      expect(JSON.stringify(error) + String((error as Error).message)).not.toMatch(/Quarrington|infusion/);
      server.failNext(500);
      const failed = await runCommand(app, "notes", { actor, projectId, args: sessionId, visibility: "private" });
      expect((failed.data as NoteRecord).modelId).toBe("extractive");
      expect((failed.blocks[0] as { text: string }).text).toMatch(/the model failed/);
    });
  });
});

// The OpenAI plugin returns the same guarded model: before, a failed answer surfaced the AI SDK's
// APICallError, whose message (the vendor's error body, which may echo the prompt) and request body
// reached API problem details and logs.
describe.each(appTargets())("OpenAI-compatible model failures ($name)", (target) => {
  let server: FakeOpenAI;
  let app: RoundsApp;
  let actor: Actor;
  let projectId: string;
  beforeAll(async () => {
    server = await startFakeOpenAI();
    ({ app, actor, projectId } = await startCloudAnswerApp(await target.environment(), {
      plugin: "@rounds/plugin-openai", settings: localOpenAISettings(server.url), modelId: "openai", org: "openai-failures",
    }));
    await ingestApprovedGuide(app, actor, projectId, MONITORING_GUIDE);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it.each([400, 401, 500])("HTTP %i from the vendor: a Rounds error with the status, never the vendor's body or the prompt", async (status) => {
    server.failNext(status, 1);
    const error = await answerQuestion(app, { actor, projectId, question: "When should the ketamine infusion be paused for blood pressure?", visibility: "private", onDraft: () => {} }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", details: { upstreamStatus: status } });
    expect(`${JSON.stringify(error)} ${String((error as Error).message)} ${JSON.stringify((error as { cause?: unknown }).cause ?? null)}`).not.toMatch(/echoing|infusion|mmHg/);
  });
});

describe("on-prem tier", () => {
  it.each(vendors.filter((v, i) => vendors.findIndex((w) => w.plugin === v.plugin) === i))("refuses $plugin at start, naming it", async (vendor) => {
    await expect(startApp({ tier: "on-prem", database: { url: "memory://" }, dataDir: `/tmp/rounds-onprem-${vendor.modelId}-${process.pid}` }, {
      plugins: [...BASE, vendor.plugin],
      pluginSettings: { [vendor.plugin]: { apiKey: "k" } },
    })).rejects.toThrow(new RegExp(`on-prem tier keeps everything on this machine, but ${vendor.plugin.replace("/", "\\/")} would send data off it`));
  });
});
