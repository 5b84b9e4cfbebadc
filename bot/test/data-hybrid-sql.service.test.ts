// A hybrid data question on the free-form SQL path, end to end (issue #20
// item 5): "How many patients missed the observation our protocol requires?"
// asked through the HTTP API (POST /v1/commands/data, as every channel runs
// it) of an organisation whose catalogue has no metric, with a language model
// configured: a local server speaking the OpenAI wire format (a model off this
// machine, so Rounds de-identifies what it sends). The prompt must carry the
// cited protocol passage with its identifiers replaced, the schema and never a
// row or a patient column; the answer must cite the passage and show the SQL
// that ran. The question and the protocol carry identifiers (a clinician's
// name, a phone number, an e-mail address) that must not reach the prompt.
// Embedded store with the practice data in a PGlite folder; server store
// with the practice database on PostgreSQL as the read-only role.
import { createApiKey, ingestFile, reviewDocument } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { DEMO_TENANTS, serviceFromEnv } from "@rounds/core/testing";
import { createDemoFolder, demoSource as pgliteSource } from "@rounds/plugin-datasource-pglite/testing";
import { createDemoDatabase, demoSource as postgresSource } from "@rounds/plugin-datasource-postgres/testing";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { FastifyInstance } from "fastify";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const pg = serviceFromEnv("TEST_DATABASE_URL", "the hybrid SQL suite's PostgreSQL practice database on the server tier", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const A = DEMO_TENANTS[0]!;
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

/** Identifiers in the protocol's cited sentence and in the question: none may reach the model. */
const PHI = { clinician: "Helena Marchetti", phone: "802-555-0147", email: "helena.marchetti@lakeside-clinic.example", patient: "Oliver Brandt" };

const protocol = [
  "# Ketamine infusion protocol",
  "",
  "## Preparation",
  "",
  "Check the blood pressure before the infusion starts. Record the dose in the treatment record.",
  "",
  "## Observation after the infusion",
  "",
  `After every ketamine infusion the patient must be observed in the clinic for at least 2 hours before discharge, and any exception is reported to Dr ${PHI.clinician} on ${PHI.phone} or ${PHI.email}.`,
  "",
  "## Stock",
  "",
  "Vials are stored in the locked cabinet and counted every Friday.",
].join("\n");

const SQL = "SELECT count(*) AS infusions, count(DISTINCT patient_key) AS patients FROM rounds_treatments WHERE treatment = 'ketamine infusion' AND observed_minutes < 120";

afterAll(() => cleanupTargets());

describe.each(appTargets().map((target) => ({ target, source: target.name === "server" && pg ? "PostgreSQL" : "PGlite" })))(
  "a hybrid question answered by the model's SQL and the cited protocol ($target.name store, $source practice database)",
  ({ target, source }) => {
    let model: FakeOpenAI;
    let app: RoundsApp;
    let api: FastifyInstance;
    let closePractice: () => Promise<void>;
    let projectId: string;
    let organizationId: string;
    let key: string;

    beforeAll(async () => {
      model = await startFakeOpenAI();
      const environment = await target.environment();
      const setup = await startApp(environment);
      const ws = await ensureWorkspace(setup, { org: "hybrid-sql", project: "protocols" });
      await setup.close();
      projectId = ws.project.id;
      organizationId = ws.organization.id;
      // No metric: every data question goes to the language model.
      let plugin: string;
      let settings: Record<string, unknown>;
      if (source === "PostgreSQL") {
        const db = await createDemoDatabase(pg!, new Date());
        closePractice = () => db.close();
        plugin = "@rounds/plugin-datasource-postgres";
        settings = { sources: [{ ...postgresSource({ organizationId, url: db.readerUrl, tenantId: A.tenantId }), metrics: [] }] };
      } else {
        const folder = await mkdtemp(join(tmpdir(), "rounds-practice-"));
        await createDemoFolder(folder, new Date());
        closePractice = () => rm(folder, { recursive: true, force: true });
        plugin = "@rounds/plugin-datasource-pglite";
        settings = { sources: [{ ...pgliteSource({ organizationId, dataDir: folder, tenantId: A.tenantId }), metrics: [] }] };
      }
      app = await startApp(environment, {
        plugins: [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-openai", plugin])],
        pluginSettings: { "@rounds/plugin-openai": { baseURL: model.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 }, [plugin]: settings },
        models: { answer: "openai" },
      });
      const admin = { userId: (await app.store.identity.createUser({ organizationId, role: "admin", displayName: "Admin" })).id, organizationId, role: "admin" as const };
      const doc = await ingestFile(app, { actor: admin, projectId, fileName: "ketamine-protocol.md", bytes: new TextEncoder().encode(protocol) });
      await waitForJobs(app);
      await reviewDocument(app, { actor: admin, projectId, documentId: doc.document.id, action: "approve" });
      await waitForJobs(app);
      api = await createApiServer(app);
      key = (await createApiKey(app, undefined, { organizationId, role: "clinician", name: "clinician" })).key;
    }, 300_000);
    afterAll(async () => {
      await api?.close();
      await app?.close();
      await model?.close();
      await closePractice?.();
    });

    it("the prompt carries the de-identified passage and no PHI; the answer cites the passage and the SQL; audited", async () => {
      model.replies = [`\`\`\`sql\n${SQL}\n\`\`\``];
      const before = model.requests.length;
      const question = `How many patients, like ${PHI.patient} last week, missed the observation our protocol requires after an infusion?`;
      const res = await api.inject({ method: "POST", url: "/v1/commands/data", headers: { authorization: `Bearer ${key}` }, payload: { projectId, args: question } });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ blocks: Array<{ text?: string }>; data: { mode: string; result: { rows: unknown[][]; sql: string }; protocol: { sources: Array<{ documentId: string; title: string }> } | null } }>();
      const shown = body.blocks.map((b) => b.text ?? "").join("\n");

      // The model was asked once, with the passage de-identified, the schema, and nothing of the database's rows or raw patient columns.
      const calls = model.requests.slice(before).filter((q) => q.path.endsWith("/chat/completions"));
      expect(calls.length).toBe(1);
      const prompt = JSON.stringify(calls[0]!.json);
      expect(prompt).toContain("The practice's own protocol says");
      expect(prompt).toContain("must be observed in the clinic for at least 2 hours before discharge");
      expect(prompt).toContain("rounds_treatments");
      expect(prompt).toContain("observed_minutes");
      // Replaced by the de-identifier's placeholders (recall mode: a title goes with the name it belongs to), the rest
      // of the sentence kept.
      expect(prompt).toMatch(/reported to \[NAME_\d+\] on \[PHONE_\d+\] or \[EMAIL_\d+\]/);
      expect(prompt).not.toMatch(/\bDr\b/);
      expect(prompt).toMatch(/How many patients, like \[NAME_\d+\] last week, missed the observation/);
      for (const identifier of Object.values(PHI)) expect(prompt).not.toContain(identifier);
      for (const part of ["Marchetti", "0147", "lakeside-clinic", "Brandt"]) expect(prompt).not.toContain(part);
      expect(prompt).not.toMatch(/first_name|last_name|date_of_birth|Surname|clinic-a|\d{4}-\d{2}-\d{2}/);

      // The answer: the model's SQL ran (free-form, the organisation's rows), its result, the cited passage and the SQL as citation.
      expect(body.data.mode).toBe("sql");
      expect(body.data.result.rows).toEqual([[A.shortObservations, A.shortObservationPatients]]);
      expect(shown).toContain(`infusions ${A.shortObservations}, patients ${A.shortObservationPatients}`);
      expect(shown).toContain("Free-form SQL written by the language model, checked by the guard");
      expect(shown).toMatch(/From your documents:\n> [^\n]*observed in the clinic for at least 2 hours[^\n]*\[(\d+)\]\n\[\1\] Ketamine infusion protocol/);
      expect(shown).toMatch(/SQL \(read-only, your organisation's rows only\):\n[^]*SELECT count\(\*\) AS infusions[^]*observed_minutes < 120[^]*LIMIT \d+/);
      expect(body.data.protocol?.sources.map((s) => s.title)).toEqual(["Ketamine infusion protocol"]);

      const audited = await app.store.audit.query(organizationId, { action: "data.read", limit: 5 });
      expect(audited[0]?.details).toMatchObject({ outcome: "answered", mode: "sql", documents: [body.data.protocol!.sources[0]!.documentId], sql: expect.stringContaining("observed_minutes < 120") });
    });
  },
);
