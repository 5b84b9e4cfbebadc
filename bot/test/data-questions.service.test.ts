// Questions about the practice's own data (issue #20), through the one command
// path (runCommand, as chat and the CLI use it, and POST /v1/commands/data):
// a demo practice database on a real PostgreSQL server, seeded for two
// organisations, asked by each as Rounds' read-only role. Named metrics answer
// without a language model; free-form SQL comes from a local server speaking
// the OpenAI wire format, which here writes hostile SQL: each is refused or
// harmless, nothing changes, and no other organisation's row comes back.
// Every question is audited (who, question, SQL, rows).
import { type Actor, createApiKey, RoundsError, runCommand } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { serviceFromEnv } from "@rounds/core/testing";
import { ATTACKS, createDemoDatabase, DEMO_TENANTS, demoSource, type DemoDatabase } from "@rounds/plugin-datasource-postgres/testing";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startServer } from "../src/server/start-server.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const pg = serviceFromEnv("TEST_DATABASE_URL", "the data-questions suite (the practice database is PostgreSQL)", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const [A, B] = DEMO_TENANTS as [typeof DEMO_TENANTS[0], typeof DEMO_TENANTS[0]];
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

afterAll(() => cleanupTargets());

describe.skipIf(!pg).each(appTargets())("data questions over the practice database ($name)", (target) => {
  let db: DemoDatabase;
  let model: FakeOpenAI;
  let app: RoundsApp;
  let plain: RoundsApp;
  let api: FastifyInstance;
  let clinicianA: Actor;
  let clinicianB: Actor;
  let projectA: string;
  let projectB: string;
  let keyA: string;
  let withModel: () => Promise<void>;

  beforeAll(async () => {
    model = await startFakeOpenAI();
    db = await createDemoDatabase(pg!, new Date());
    const environment = await target.environment();
    // The tier's own plugins (the server tier's blobs are S3), plus the language model and the data source.
    const PLUGINS = [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-openai", "@rounds/plugin-datasource-postgres"])];
    // First the organisations (their ids go into the data source settings), then the app that asks.
    const setup = await startApp(environment);
    const a = await ensureWorkspace(setup, { org: "data-a", project: "ops" });
    const b = await ensureWorkspace(setup, { org: "data-b", project: "ops" });
    await setup.close();
    projectA = a.project.id;
    projectB = b.project.id;
    const sources = [
      demoSource({ organizationId: a.organization.id, url: db.readerUrl, tenantId: A.tenantId }),
      demoSource({ organizationId: b.organization.id, url: db.readerUrl, tenantId: B.tenantId }),
    ];
    const settings = {
      "@rounds/plugin-openai": { baseURL: model.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 },
      "@rounds/plugin-datasource-postgres": { sources },
    };
    // The embedded default first: no language model, metrics only. (One app at a time: the embedded database has one writer.)
    // Port 0: the MCP test starts the HTTP server, which must not depend on a fixed port being free.
    plain = await startApp(environment, { plugins: PLUGINS, pluginSettings: settings, api: { host: "127.0.0.1", port: 0 } });
    const user = async (orgId: string) => ({ userId: (await plain.store.identity.createUser({ organizationId: orgId, role: "clinician", displayName: "Clinician" })).id, organizationId: orgId, role: "clinician" as const });
    clinicianA = await user(a.organization.id);
    clinicianB = await user(b.organization.id);
    keyA = (await createApiKey(plain, undefined, { organizationId: a.organization.id, role: "clinician", name: "data" })).key;
    withModel = async () => {
      await plain.close();
      app = await startApp(environment, { plugins: PLUGINS, pluginSettings: settings, models: { answer: "openai" } });
      api = await createApiServer(app);
    };
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await (app ?? plain)?.close();
    await model?.close();
    await db?.close();
  });

  const ask = (as: Actor, projectId: string, args: string, on: RoundsApp = app ?? plain) =>
    runCommand(on, "data", { actor: as, projectId, args, visibility: "private", origin: "chat" });
  const text = (r: { blocks: Array<{ type: string; text?: string }> }) => r.blocks.map((b) => b.text ?? "").join("\n");

  it("data metrics and data sources list the catalogue and the allow list, never a raw patient column", async () => {
    const metrics = text(await ask(clinicianA, projectA, "metrics"));
    expect(metrics).toContain("treatments_given");
    expect(metrics).toContain("low_stock");
    const sources = text(await ask(clinicianA, projectA, "sources"));
    expect(sources).toContain("rounds_patients");
    expect(sources).toContain("age_band");
    expect(sources).not.toMatch(/first_name|last_name|date_of_birth|email|phone|street|zip|tenant_id/);
  });

  it("a metric answers without a language model, shows which metric and its SQL, and each organisation gets its own figures", async () => {
    const before = model.requests.length;
    const r = await ask(clinicianA, projectA, "How many ketamine infusions did we run last month?", plain);
    const shown = text(r);
    expect(shown).toContain("Metric: Treatments given in a period (treatments_given)");
    expect(shown).toContain(`treatments ${A.infusionsLastMonth}, patients ${A.infusionPatientsLastMonth}`);
    expect(shown).toMatch(/SQL \(read-only[^]*FROM rounds_treatments[^]*LIMIT/);
    expect(model.requests.length).toBe(before);
    // Organisation B gave 6 infusions to 3 patients: below k = 10, withheld.
    const b = text(await ask(clinicianB, projectB, "How many ketamine infusions did we run last month?", plain));
    expect(b).toContain("1 row withheld: fewer than 10 patients");
    expect(b).not.toContain(String(B.infusionsLastMonth) + ",");
    const stock = await ask(clinicianB, projectB, "Which frames need reordering?", plain);
    expect((stock.data as { result: { rows: unknown[][] } }).result.rows.map((row) => row[0])).toEqual(B.lowStock);
  });

  it("without a language model, a question no metric answers is refused with the list of metrics", async () => {
    const refused = await ask(clinicianA, projectA, "Which item is most popular with buyers?", plain).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RoundsError);
    expect((refused as RoundsError).code).toBe("DATA_QUESTION_UNMATCHED");
    expect((refused as RoundsError).message).toContain("low_stock");
  });

  it("the MCP tool ask_data runs the same command for an MCP client: its organisation's figures, the SQL as citation, fenced as data, audited", async () => {
    const server = await startServer(plain, { worker: false, channels: false });
    const client = new Client({ name: "rounds-test", version: "1.0.0" });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${keyA}` } } }));
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("ask_data");
      const r = await client.callTool({ name: "ask_data", arguments: { question: "How many ketamine infusions did we run last month?", projectId: projectA } });
      const shown = JSON.stringify(r);
      expect(r.isError).toBeFalsy();
      expect(shown).toContain("treatments_given");
      expect(shown).toContain(`treatments ${A.infusionsLastMonth}, patients ${A.infusionPatientsLastMonth}`);
      expect(shown).toContain("<untrusted-data");
      expect(shown).not.toContain(B.marker);
      // Another organisation's project: refused like every other channel.
      const other = await client.callTool({ name: "ask_data", arguments: { question: "How many ketamine infusions did we run last month?", projectId: projectB } });
      expect(other.isError).toBe(true);
      expect(JSON.stringify(other)).not.toContain(String(B.infusionsLastMonth));
      const audited = await plain.store.audit.query(clinicianA.organizationId, { action: "data.read", limit: 200 });
      expect(audited.some((row) => row.channel === "mcp" && (row.details as { metric?: string }).metric === "treatments_given")).toBe(true);
    } finally {
      await client.close();
      await server.close();
    }
  });

  describe("with a language model configured", () => {
    beforeAll(async () => withModel(), 120_000);

    it("free-form SQL from the model: the result, the SQL as citation; the prompt carries the schema, no patient columns", async () => {
      model.replies = ["```sql\nSELECT item, sum(quantity) AS units FROM sales GROUP BY item ORDER BY units DESC, item LIMIT 3\n```"];
      const r = await ask(clinicianA, projectA, "Which item is most popular with buyers?");
      const shown = text(r);
      expect(shown).toContain("Free-form SQL written by the language model");
      expect(shown).toContain("FROM sales GROUP BY item");
      const rows = (r.data as { result: { rows: unknown[][] } }).result.rows;
      expect(rows.length).toBe(3);
      expect(rows.every((row) => String(row[0]).endsWith(A.marker))).toBe(true);
      const prompt = JSON.stringify(model.requests.filter((q) => q.path.endsWith("/chat/completions")).at(-1)?.json);
      expect(prompt).toContain("rounds_patients");
      expect(prompt).not.toMatch(/first_name|date_of_birth|Surname|clinic-a|clinic-b/);
    });

    it("differencing: the model's second query of a pair whose cohorts differ by fewer than k is withheld, and the answer says why", async () => {
      const consults = "SELECT count(DISTINCT patient_key) AS patients FROM rounds_appointments WHERE kind = 'consultation'";
      const firstDay = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString();
      model.replies = [consults, `${consults} AND starts_at <> '${firstDay}'::timestamptz`];
      const first = await ask(clinicianA, projectA, "What is the size of cohort one?");
      expect((first.data as { result: { rows: unknown[][] } }).result.rows).toEqual([[A.patients]]);
      const second = await ask(clinicianA, projectA, "And the size of cohort two?");
      expect((second.data as { result: { rows: unknown[][]; differencedRows: number } }).result).toMatchObject({ rows: [], differencedRows: 1 });
      expect(text(second)).toContain("1 row withheld: the patients differ from those of a recent answer by fewer than 10");
      const audited = await app.store.audit.query(clinicianA.organizationId, { action: "data.read", limit: 5 });
      expect(audited[0]?.details).toMatchObject({ outcome: "answered", rows: 0, differencedRows: 1 });
    });

    it.each(ATTACKS)("hostile SQL from the model: $attack → $expected; nothing changed; no other organisation's row", async ({ sql, expected }) => {
      const before = await db.fingerprint();
      model.replies = [sql];
      const outcome = await ask(clinicianA, projectA, "Tell me something about our operations nobody has a metric for").then((r) => ({ r }), (e: unknown) => ({ e }));
      expect(await db.fingerprint()).toBe(before);
      if (expected === "refused") expect("e" in outcome && outcome.e instanceof RoundsError && outcome.e.code).toBe("DATA_QUERY_REFUSED");
      else {
        expect("r" in outcome).toBe(true);
        expect(JSON.stringify((outcome as { r: unknown }).r)).not.toContain(B.marker);
      }
    });

    it("through the API the same command answers, and every question is audited: who, question, SQL, rows", async () => {
      const res = await api.inject({ method: "POST", url: "/v1/commands/data", headers: { authorization: `Bearer ${keyA}` }, payload: { projectId: projectA, args: "Which lens coatings are low on stock?" } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(A.lowStock[0]!);
      expect(res.body).not.toContain(B.marker);
      const refused = await api.inject({ method: "POST", url: "/v1/commands/data", headers: { authorization: `Bearer ${keyA}` }, payload: { projectId: projectB, args: "Which lens coatings are low on stock?" } });
      expect(refused.statusCode).toBe(404);
      const rows = await app.store.audit.query(clinicianA.organizationId, { action: "data.read", limit: 200 });
      const answered = rows.find((row) => row.actorUserId === clinicianA.userId && (row.details as { metric?: string }).metric === "treatments_given");
      expect(answered?.details).toMatchObject({ outcome: "answered", mode: "metric", question: "How many ketamine infusions did we run last month?", rows: 1, sql: expect.stringContaining("FROM rounds_treatments") });
      const refusals = rows.filter((row) => (row.details as { outcome?: string }).outcome === "refused");
      expect(refusals.length).toBe(ATTACKS.filter((a) => a.expected === "refused").length + 1);
      expect(refusals.every((row) => ["DATA_QUERY_REFUSED", "DATA_QUESTION_UNMATCHED"].includes(String((row.details as { code?: string }).code)))).toBe(true);
      // Organisation B's audit holds only B's questions.
      const bRows = await app.store.audit.query(clinicianB.organizationId, { action: "data.read", limit: 200 });
      expect(bRows.length).toBe(2);
      expect(bRows.every((row) => row.actorUserId === clinicianB.userId)).toBe(true);
    });
  });
});
