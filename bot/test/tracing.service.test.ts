// OpenTelemetry traces, optional by config: off, spans are no-ops; on, a
// local OTLP/HTTP receiver (the real wire format, as the SDK's exporter
// sends it) gets spans for an upload, its jobs and ingest steps, and a
// question with retrieval and generation, linked parent to child, with no
// question text, file name or patient name in any attribute.
import { createServer, type Server } from "node:http";
import { createApiKey, withSpan, type InlinePlugin } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { FakeLanguageModel } from "@rounds/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);

interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: Array<{ key: string; value: Record<string, unknown> }> }
interface OtlpExport { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> }

/** An OTLP/HTTP collector endpoint: keeps every JSON export POSTed to /v1/traces. */
async function otlpReceiver(): Promise<{ url: string; exports: OtlpExport[]; paths: string[]; close(): Promise<void> }> {
  const exports: OtlpExport[] = [];
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => {
      paths.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
      exports.push(JSON.parse(Buffer.concat(parts).toString("utf8")) as OtlpExport);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, exports, paths, close: () => new Promise((r) => server.close(() => r())) };
}

const PATIENT = "Ottoline Vandersteen";
const QUESTION = "How often is blood pressure checked during the infusion for Ottoline?";
const FILE = "Vandersteen-monitoring.md";
const DOC = `# Ketamine infusion monitoring\n\nDuring ketamine-assisted therapy dosing sessions, check blood pressure every 15 minutes and watch for dissociation. ${PATIENT} was the example patient in the audit.`;
const model = new FakeLanguageModel("Blood pressure is checked every 15 minutes [1].");
const modelPlugin: InlinePlugin = {
  name: "tracing-test-model", version: "0",
  manifest: { displayName: "Scripted", contributes: { languageModels: [{ id: "scripted" }] } },
  module: { activate: (ctx) => ctx.register("languageModels", "scripted", model) },
};

it("records nothing when tracing is off (the default)", async () => {
  expect(await withSpan("probe", {}, async (span) => span.isRecording())).toBe(false);
});

for (const target of appTargets()) {
  describe(`OpenTelemetry traces (${target.name})`, () => {
    it("exports linked spans for an ingest and a question over OTLP/HTTP, without PHI", async () => {
      const receiver = await otlpReceiver();
      try {
        const app = await startApp(await target.environment(), {
          models: { answer: "scripted" },
          observability: { tracing: { enabled: true, endpoint: receiver.url, serviceName: `rounds-test-${target.name}` } },
        }, [modelPlugin]);
        const api = await createApiServer(app);
        const ws = await ensureWorkspace(app, { org: "trace", project: "kat" });
        await app.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
        const { key } = await createApiKey(app, undefined, { organizationId: ws.organization.id, role: "admin", name: "tracing" });
        const auth = { authorization: `Bearer ${key}` };
        const upload = await api.inject({ method: "POST", url: `/v1/projects/${ws.project.id}/documents?fileName=${encodeURIComponent(FILE)}`, headers: { ...auth, "content-type": "application/octet-stream" }, payload: DOC });
        expect(upload.statusCode).toBe(202);
        await waitForJobs(app);
        const ask = await api.inject({ method: "POST", url: "/v1/ask", headers: auth, payload: { projectId: ws.project.id, question: QUESTION } });
        const answer = ask.json<{ kind: string; modelId: string }>();
        expect(answer.kind).toBe("generated");
        await api.close();
        await app.close(); // flushes the exporter

        expect(receiver.paths.every((p) => p.startsWith("POST /v1/traces application/json"))).toBe(true);
        const resources = receiver.exports.flatMap((e) => e.resourceSpans);
        expect(resources.flatMap((r) => r.resource.attributes).find((a) => a.key === "service.name")?.value.stringValue).toBe(`rounds-test-${target.name}`);
        const spans = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
        const one = (name: string) => {
          const found = spans.filter((s) => s.name === name);
          expect(found, name).toHaveLength(1);
          return found[0]!;
        };
        const attr = (s: OtlpSpan, key: string) => s.attributes?.find((a) => a.key === key)?.value;
        const childOf = (child: OtlpSpan, parent: OtlpSpan) => {
          expect(child.traceId, `${child.name} in ${parent.name}'s trace`).toBe(parent.traceId);
          expect(child.parentSpanId, `${child.name} under ${parent.name}`).toBe(parent.spanId);
        };

        const uploadSpan = one("POST /v1/projects/:projectId/documents");
        expect(attr(uploadSpan, "http.response.status_code")).toEqual({ intValue: 202 });
        const processJob = one("job ingest.process");
        const indexJob = one("job ingest.index");
        expect(attr(processJob, "rounds.job.id")).toEqual({ stringValue: expect.any(String) });
        expect(attr(indexJob, "rounds.queue")).toEqual({ stringValue: expect.any(String) });
        childOf(one("ingest.parse"), processJob);
        childOf(one("ingest.classify"), processJob);
        childOf(one("ingest.chunk"), indexJob);
        childOf(one("ingest.embed"), indexJob);
        if (target.name === "server") {
          // BullMQ carries the trace context: the upload's job, and the job that job enqueued, continue the request's trace.
          childOf(processJob, uploadSpan);
          expect(indexJob.traceId).toBe(uploadSpan.traceId);
        }
        const askSpan = one("POST /v1/ask");
        childOf(one("answer.retrieve"), askSpan);
        const generate = one("answer.generate");
        childOf(generate, askSpan);
        expect(attr(generate, "rounds.model.id")).toEqual({ stringValue: answer.modelId });

        const everything = JSON.stringify(receiver.exports);
        for (const secret of [PATIENT, "Ottoline", "Vandersteen", QUESTION, "every 15 minutes", FILE]) expect(everything).not.toContain(secret);
      } finally {
        await receiver.close();
      }
    }, 120_000);
  });
}
