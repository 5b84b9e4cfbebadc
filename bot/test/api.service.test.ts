// The HTTP API over the real Fastify stack: authentication, tenant scope,
// uploads (good, corrupt, oversized), review, answers as JSON and as
// server-sent events, feedback; and no patient data in the logs.
import { Readable, Writable } from "node:stream";
import { createApiKey, createLogger, type InlinePlugin } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { FakeLanguageModel } from "@rounds/core/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

const logLines: string[] = [];
const capture = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
const model = new FakeLanguageModel("Pause the infusion if systolic pressure exceeds 180 mmHg [1].");
const modelPlugin: InlinePlugin = {
  name: "api-test-model", version: "0",
  manifest: { displayName: "Scripted", contributes: { languageModels: [{ id: "scripted" }] } },
  module: { activate: (ctx) => ctx.register("languageModels", "scripted", model) },
};

let app: RoundsApp;
let api: FastifyInstance;
let adminKey: string;
let otherKey: string;
let projectId: string;
let otherProjectId: string;

const PATIENT_NAME = "Philippa Quarrington";
const DOC = `# Ketamine infusion monitoring\n\nDuring ketamine-assisted therapy dosing sessions, check blood pressure every 15 minutes and watch for dissociation. Pause the infusion if systolic pressure exceeds 180 mmHg. ${PATIENT_NAME} was the example patient in the audit.`;

beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-api-${process.pid}`, limits: { maxUploadBytes: 64 * 1024 } },
    { models: { answer: "scripted" } }, [modelPlugin], createLogger({ level: "debug", destination: capture }));
  api = await createApiServer(app);
  const a = await ensureWorkspace(app, { org: "api-a", project: "kat" });
  const b = await ensureWorkspace(app, { org: "api-b", project: "kat" });
  projectId = a.project.id;
  otherProjectId = b.project.id;
  adminKey = (await createApiKey(app, undefined, { organizationId: a.organization.id, role: "admin", name: "test" })).key;
  otherKey = (await createApiKey(app, undefined, { organizationId: b.organization.id, role: "admin", name: "test" })).key;
}, 60_000);
afterAll(async () => {
  await api?.close();
  await app?.close();
  await cleanupTargets();
});

const auth = (key = adminKey) => ({ authorization: `Bearer ${key}` });
const upload = (fileName: string, body: string | Buffer, key = adminKey, project = projectId) =>
  api.inject({ method: "POST", url: `/v1/projects/${project}/documents?fileName=${encodeURIComponent(fileName)}`, headers: { ...auth(key), "content-type": "application/octet-stream" }, payload: body });

describe("HTTP API", () => {
  it("requires a key and keeps organisations apart", async () => {
    expect((await api.inject({ method: "POST", url: "/v1/ask", payload: { projectId, question: "x" } })).statusCode).toBe(401);
    expect((await api.inject({ method: "POST", url: "/v1/ask", headers: { authorization: "Bearer rk_nope" }, payload: { projectId, question: "x" } })).statusCode).toBe(401);
    const crossed = await upload("a.md", "# Ketamine\n\nDose text.", otherKey, projectId);
    expect(crossed.statusCode).toBe(404);
    expect(crossed.headers["content-type"]).toContain("application/problem+json");
  });

  it("uploads, refuses oversized and unreadable files clearly, reviews, and answers with citations", async () => {
    const tooBig = await upload("huge.md", Buffer.alloc(200 * 1024, 97));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ status: 413 });
    // Without a declared length (chunked), the limit of what the first bytes are is applied while it arrives.
    const endless = Readable.from((function* () {
      for (let i = 0; i < 64; i++) yield Buffer.alloc(32 * 1024, 97);
    })());
    const streamed = await api.inject({ method: "POST", url: `/v1/projects/${projectId}/documents?fileName=stream.md`, headers: { ...auth(adminKey), "content-type": "application/octet-stream" }, payload: endless });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().detail).toMatch(/stream\.md is .* (KB|MB); the limit is 64 KB/);
    // A form upload (what `curl -F file=@policy.md` sends) is refused with what to send instead, with or without a
    // fileName: never stored with the form's envelope around the file (outsider pass 15, finding 6).
    const form = Buffer.from("--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"policy.md\"\r\n\r\n# Policy\r\n--b0--\r\n");
    for (const query of ["", "?fileName=policy.md"]) {
      const multipart = await api.inject({ method: "POST", url: `/v1/projects/${projectId}/documents${query}`, headers: { ...auth(adminKey), "content-type": "multipart/form-data; boundary=b0" }, payload: form });
      expect(multipart.statusCode, multipart.body).toBe(415);
      expect(multipart.json().detail).toMatch(/request body .*\?fileName=/);
    }
    const zip = await upload("archive.zip", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]));
    expect(zip.statusCode).toBe(415);
    expect(zip.json().detail).toMatch(/cannot read/);

    const accepted = await upload("monitoring.md", DOC);
    expect(accepted.statusCode).toBe(202);
    const docId = accepted.json().document.id as string;
    expect((await upload("monitoring-copy.md", DOC)).json()).toMatchObject({ deduplicated: true });
    await waitForJobs(app);
    const shown = await api.inject({ method: "GET", url: `/v1/projects/${projectId}/documents/${docId}`, headers: auth() });
    expect(shown.json()).toMatchObject({ status: "pending", classifierVerdict: "relevant" });
    expect((await api.inject({ method: "GET", url: `/v1/projects/${otherProjectId}/documents/${docId}`, headers: auth(otherKey) })).statusCode).toBe(404);
    expect((await api.inject({ method: "POST", url: `/v1/projects/${projectId}/documents/${docId}/approve`, headers: auth() })).statusCode).toBe(200);
    await waitForJobs(app);

    const res = await api.inject({ method: "POST", url: "/v1/ask", headers: auth(), payload: { projectId, question: "When should the infusion be paused for blood pressure?" } });
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(answer).toMatchObject({ kind: "generated", text: expect.stringContaining("[1]") });
    expect(answer.sources[0].documentId).toBe(docId);
    const fetched = await api.inject({ method: "GET", url: `/v1/answers/${answer.answerId}`, headers: auth() });
    expect(fetched.json().passages[0].text).toContain("180 mmHg");
    expect((await api.inject({ method: "GET", url: `/v1/answers/${answer.answerId}`, headers: auth(otherKey) })).statusCode).toBe(404);
    expect((await api.inject({ method: "POST", url: `/v1/answers/${answer.answerId}/feedback`, headers: auth(), payload: { rating: "up", comment: "clear" } })).statusCode).toBe(204);
    expect((await api.inject({ method: "POST", url: `/v1/answers/${answer.answerId}/feedback`, headers: auth(otherKey), payload: { rating: "up" } })).statusCode).toBe(404);
  }, 60_000);

  it("streams drafts and the checked answer as server-sent events", async () => {
    const res = await api.inject({ method: "POST", url: "/v1/ask", headers: { ...auth(), accept: "text/event-stream" }, payload: { projectId, question: "When should the infusion be paused for blood pressure?" } });
    expect(res.headers["content-type"]).toContain("text/event-stream");
    const events = res.body.trim().split("\n\n").map((block) => {
      const [event, data] = block.split("\n");
      return { event: event!.slice("event: ".length), data: JSON.parse(data!.slice("data: ".length)) as Record<string, unknown> };
    });
    expect(events.filter((e) => e.event === "draft").length).toBeGreaterThan(2);
    expect(events.at(-1)).toMatchObject({ event: "answer", data: { kind: "generated" } });
  });

  it("unknown commands get the list of known ones", async () => {
    const res = await api.inject({ method: "POST", url: "/v1/commands/frobnicate", headers: auth(), payload: { projectId } });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toMatch(/Known commands: .*ask/);
  });

  it("logs carry ids and counts, never document text, questions or names", () => {
    const logs = logLines.join("");
    expect(logs).toMatch(/document indexed/);
    expect(logs).not.toContain(PATIENT_NAME);
    expect(logs).not.toContain("Quarrington");
    expect(logs).not.toContain("paused for blood pressure");
    expect(logs).not.toContain("every 15 minutes");
  });
});
