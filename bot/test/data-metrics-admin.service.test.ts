// The metric catalogue admins edit (issue #20): metrics stored per
// organisation in Rounds' store, over the data source's configured catalogue,
// through the one command path (POST /v1/commands/data, as the admin page
// calls it). A metric's SQL passes the same guard as free-form SQL before it
// is stored; bad input is a clear error and stores nothing; only admins edit;
// every change is audited; the matcher answers from the organisation's own
// stored catalogue; and organisation A's admin can neither see nor change B's.
import { createApiKey } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { serviceFromEnv } from "@rounds/core/testing";
import { createDemoDatabase, DEMO_TENANTS, demoSource, type DemoDatabase } from "@rounds/plugin-datasource-postgres/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const pg = serviceFromEnv("TEST_DATABASE_URL", "the data metrics admin suite (the practice database is PostgreSQL)", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const [A, B] = DEMO_TENANTS as [typeof DEMO_TENANTS[0], typeof DEMO_TENANTS[0]];
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

const STOCK_COUNT = {
  id: "stock_count", title: "Stock items held", description: "How many different stock items the practice holds",
  phrases: ["stock items we hold", "how many stock items"], parameters: [], sql: "SELECT count(*) AS items FROM stock",
};

afterAll(() => cleanupTargets());

describe.skipIf(!pg).each(appTargets())("the metric catalogue, edited by each organisation's admins ($name)", (target) => {
  let db: DemoDatabase;
  let app: RoundsApp;
  let api: FastifyInstance;
  let orgA: string;
  let orgB: string;
  let projectA: string;
  let projectB: string;
  const keys: Record<"adminA" | "adminB" | "clinicianA" | "auditorA" | "clinicianB", string> = { adminA: "", adminB: "", clinicianA: "", auditorA: "", clinicianB: "" };

  beforeAll(async () => {
    db = await createDemoDatabase(pg!, new Date());
    const environment = await target.environment();
    const plugins = [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-datasource-postgres"])];
    const setup = await startApp(environment);
    const a = await ensureWorkspace(setup, { org: "metrics-a", project: "ops" });
    const b = await ensureWorkspace(setup, { org: "metrics-b", project: "ops" });
    await setup.close();
    orgA = a.organization.id;
    orgB = b.organization.id;
    projectA = a.project.id;
    projectB = b.project.id;
    const sources = [
      demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId }),
      demoSource({ organizationId: orgB, url: db.readerUrl, tenantId: B.tenantId }),
    ];
    app = await startApp(environment, { plugins, pluginSettings: { "@rounds/plugin-datasource-postgres": { sources } } });
    api = await createApiServer(app);
    const key = async (organizationId: string, role: "admin" | "clinician" | "auditor") => (await createApiKey(app, undefined, { organizationId, role, name: role })).key;
    keys.adminA = await key(orgA, "admin");
    keys.clinicianA = await key(orgA, "clinician");
    keys.auditorA = await key(orgA, "auditor");
    keys.adminB = await key(orgB, "admin");
    keys.clinicianB = await key(orgB, "clinician");
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await app?.close();
    await db?.close();
  });

  const data = async (who: keyof typeof keys, args: string) => {
    const projectId = who.endsWith("B") ? projectB : projectA;
    const res = await api.inject({ method: "POST", url: "/v1/commands/data", headers: { authorization: `Bearer ${keys[who]}` }, payload: { projectId, args } });
    return { status: res.statusCode, body: res.json<{ data?: Record<string, unknown>; detail?: string; field?: string; code?: string }>() };
  };
  const metricsOf = async (who: keyof typeof keys) => ((await data(who, "metrics")).body.data!.metrics as Array<{ id: string; title: string; origin: string; sql?: string }>);
  const stored = async (organizationId: string) => app.store.dataMetrics.list(organizationId, "postgres");
  const save = (who: keyof typeof keys, metric: unknown) => data(who, `metric save ${typeof metric === "string" ? metric : JSON.stringify(metric)}`);

  it("lists the configured catalogue as the seed: admins see each metric's SQL and where it is defined, a clinician no SQL", async () => {
    const asAdmin = await metricsOf("adminA");
    expect(asAdmin.map((m) => m.id)).toContain("low_stock");
    expect(asAdmin.every((m) => m.origin === "configured" && typeof m.sql === "string")).toBe(true);
    const asClinician = await metricsOf("clinicianA");
    expect(asClinician.map((m) => m.id)).toEqual(asAdmin.map((m) => m.id));
    expect(asClinician.some((m) => "sql" in m)).toBe(false);
    expect(await stored(orgA)).toEqual([]);
  });

  it("refuses bad metrics with a clear error naming the field, and stores nothing", async () => {
    const cases: Array<[unknown, number, string | undefined, RegExp]> = [
      ["{not json", 400, undefined, /as JSON/],
      [{ ...STOCK_COUNT, id: "Bad Id!" }, 422, "id", /id: lower-case/],
      [{ ...STOCK_COUNT, title: "" }, 422, "title", /title/],
      [{ ...STOCK_COUNT, extra: 1 }, 422, "metric", /Unrecognized key/i],
      [{ ...STOCK_COUNT, parameters: [{ name: "category", type: "category" }] }, 422, "parameters.0.values", /lists its values/],
      [{ ...STOCK_COUNT, sql: "DELETE FROM stock" }, 422, "sql", /not stored.*only SELECT/],
      [{ ...STOCK_COUNT, sql: "SELECT count(*) AS items FROM stock; DROP TABLE stock" }, 422, "sql", /exactly one statement/],
      [{ ...STOCK_COUNT, sql: "SELECT pg_sleep(30), count(*) AS items FROM stock" }, 422, "sql", /pg_sleep is not in the allow list/],
      [{ ...STOCK_COUNT, sql: "SELECT count(*) AS items FROM stock WHERE tenant_id = 'clinic-b'" }, 422, "sql", /tenant_id is not in the allow list/],
      [{ ...STOCK_COUNT, sql: "SELECT first_name, last_name FROM patients" }, 422, "sql", /patients is not in the allow list/],
      [{ ...STOCK_COUNT, sql: "SELECT age_band, sex FROM rounds_patients" }, 422, "sql", /must count its patients/],
      [{ ...STOCK_COUNT, sql: "SELECT count(*) AS items FROM stock WHERE category = $1" }, 422, "parameters", /uses 1 parameter .* declares 0/],
    ];
    for (const [metric, status, field, detail] of cases) {
      const r = await save("adminA", metric);
      expect(r.status, JSON.stringify(metric)).toBe(status);
      expect(r.body.detail, JSON.stringify(metric)).toMatch(detail);
      if (field) expect(r.body.field, JSON.stringify(metric)).toBe(field);
    }
    expect(await stored(orgA)).toEqual([]);
    expect(await app.store.audit.query(orgA, { action: "data.metric_save", limit: 10 })).toEqual([]);
  });

  it("only an admin edits: a clinician and an auditor are refused, nothing stored", async () => {
    for (const who of ["clinicianA", "auditorA"] as const) {
      expect((await save(who, STOCK_COUNT)).status).toBe(403);
      expect((await data(who, "metric remove low_stock")).status).toBe(403);
    }
    expect(await stored(orgA)).toEqual([]);
  });

  it("an admin adds a metric: stored for A, audited, and A's questions are matched to it; B's catalogue does not have it", async () => {
    const question = "How many stock items do we hold?";
    expect((await data("clinicianA", question)).status).toBe(422);
    const added = await save("adminA", STOCK_COUNT);
    expect(added.status).toBe(200);
    expect(added.body.data).toMatchObject({ replaced: false, metric: { id: "stock_count" } });
    expect((await stored(orgA)).map((m) => [m.metricId, m.definition?.title])).toEqual([["stock_count", "Stock items held"]]);
    const answer = await data("clinicianA", question);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ mode: "metric", metric: { id: "stock_count" } });
    const items = Number((answer.body.data!.result as { rows: number[][] }).rows[0]![0]);
    expect(items).toBeGreaterThan(0);
    expect((await metricsOf("adminA")).find((m) => m.id === "stock_count")?.origin).toBe("stored");
    // B: not in its catalogue, not matched, nothing stored.
    expect((await metricsOf("adminB")).map((m) => m.id)).not.toContain("stock_count");
    expect((await data("clinicianB", question)).status).toBe(422);
    expect(await stored(orgB)).toEqual([]);
    const audit = await app.store.audit.query(orgA, { action: "data.metric_save", limit: 10 });
    expect(audit.map((r) => [r.targetId, r.actorRole, (r.details as { replaced?: boolean }).replaced])).toEqual([["stock_count", "admin", false]]);
    expect(await app.store.audit.query(orgB, { action: "data.metric_save", limit: 10 })).toEqual([]);
  });

  it("editing replaces by id; removing a configured metric hides it for A only", async () => {
    const edited = await save("adminA", { ...STOCK_COUNT, title: "Items in stock" });
    expect(edited.body.data).toMatchObject({ replaced: true });
    expect((await metricsOf("adminA")).find((m) => m.id === "stock_count")?.title).toBe("Items in stock");
    const lowStock = "Which lens coatings are low on stock?";
    expect((await data("clinicianA", lowStock)).body.data).toMatchObject({ metric: { id: "low_stock" } });
    expect((await data("adminA", "metric remove low_stock")).status).toBe(200);
    expect((await metricsOf("adminA")).map((m) => m.id)).not.toContain("low_stock");
    expect((await data("clinicianA", lowStock)).status).toBe(422);
    // B keeps the configured metric and still gets its own rows.
    const b = await data("clinicianB", "What is running low on stock?");
    expect(b.status).toBe(200);
    expect(b.body.data).toMatchObject({ metric: { id: "low_stock" } });
    expect(JSON.stringify(b.body)).toContain(B.lowStock[0]!);
    expect(JSON.stringify(b.body)).not.toContain(A.marker);
    expect((await data("adminA", "metric remove low_stock")).status).toBe(404);
    // Editing a configured metric: stored over the seed for A.
    const configured = (await metricsOf("adminA")).find((m) => m.id === "treatments_given")!;
    expect((await save("adminA", { ...demoSource({ organizationId: orgA, url: "", tenantId: "x" }).metrics.find((m) => m.id === "treatments_given")!, title: "Treatments (edited)" })).body.data).toMatchObject({ replaced: true });
    expect((await metricsOf("adminA")).find((m) => m.id === "treatments_given")).toMatchObject({ title: "Treatments (edited)", origin: "stored", sql: configured.sql });
    expect((await metricsOf("adminB")).find((m) => m.id === "treatments_given")).toMatchObject({ title: configured.title, origin: "configured" });
    const removals = await app.store.audit.query(orgA, { action: "data.metric_remove", limit: 10 });
    expect(removals.map((r) => r.targetId)).toEqual(["low_stock"]);
  });

  it("isolation: B's admin neither sees nor changes A's metrics, whatever id it names", async () => {
    const before = await stored(orgA);
    expect((await metricsOf("adminB")).map((m) => m.id)).not.toContain("stock_count");
    // Removing A's stored metric by its id: B has no such metric.
    expect((await data("adminB", "metric remove stock_count")).status).toBe(404);
    // Saving under A's id changes B's catalogue only.
    expect((await save("adminB", { ...STOCK_COUNT, title: "B's own count" })).body.data).toMatchObject({ replaced: false });
    expect((await stored(orgA))).toEqual(before);
    expect((await metricsOf("adminA")).find((m) => m.id === "stock_count")?.title).toBe("Items in stock");
    // B's removal of low_stock is B's: A's removal is untouched, and B's own question now goes unmatched.
    expect((await data("adminB", "metric remove low_stock")).status).toBe(200);
    expect((await stored(orgA))).toEqual(before);
    // A project of the other organisation is refused outright.
    const cross = await api.inject({ method: "POST", url: "/v1/commands/data", headers: { authorization: `Bearer ${keys.adminB}` }, payload: { projectId: projectA, args: `metric save ${JSON.stringify(STOCK_COUNT)}` } });
    expect(cross.statusCode).toBe(404);
    expect((await stored(orgA))).toEqual(before);
    expect(JSON.stringify(await app.store.audit.query(orgA, { limit: 200 }))).not.toContain("B's own count");
  });
});
