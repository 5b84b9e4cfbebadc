// Narrowing what Rounds exposes of a practice database without DDL (issue
// #20): an organisation's admin hides a relation or a column the database
// grants (or restores it), through the one command path as the HTTP API and
// the admin page call it (POST /v1/commands/data). Rounds stores it per
// organisation and applies it everywhere: `data sources`, the language
// model's SQL prompt (a local server speaking the OpenAI wire format), the SQL
// guard (a hidden column is refused like one never allow-listed, even though
// the database would return it), and metrics over it (refused, naming it).
// Only admins change it (403 otherwise), bad input changes nothing, every
// change is audited, and another organisation's list is neither read nor
// changed. Run on both store tiers, for both SQL sources (the practice
// database on PostgreSQL as the read-only role, and in a PGlite folder); and
// once through the real `rounds` CLI.
import { createApiKey } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { DEMO_TENANTS, serviceFromEnv } from "@rounds/core/testing";
import { createDemoFolder, demoSource as pgliteSource } from "@rounds/plugin-datasource-pglite/testing";
import { createDemoDatabase, demoSource as postgresSource, type DemoDatabase } from "@rounds/plugin-datasource-postgres/testing";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { FastifyInstance } from "fastify";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { startCli } from "./support/cli-process.ts";
import { operatorVariables } from "./support/operator-env.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const pg = serviceFromEnv("TEST_DATABASE_URL", "the allow-list suite's PostgreSQL practice database", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const [A, B] = DEMO_TENANTS as [typeof DEMO_TENANTS[0], typeof DEMO_TENANTS[0]];
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

/** A practice database for the two organisations, in one of the two SQL sources. */
interface Practice {
  plugin: string;
  sourceId: string;
  settings(orgA: string, orgB: string): Record<string, unknown>;
  close(): Promise<void>;
}

const postgresPractice = async (): Promise<Practice> => {
  const db: DemoDatabase = await createDemoDatabase(pg!, new Date());
  return {
    plugin: "@rounds/plugin-datasource-postgres", sourceId: "postgres",
    settings: (orgA, orgB) => ({ sources: [postgresSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId }), postgresSource({ organizationId: orgB, url: db.readerUrl, tenantId: B.tenantId })] }),
    close: () => db.close(),
  };
};
/**
 * One PGlite practice folder for the suite, made on first use (making one runs initdb and seeds it: tens of
 * seconds on a loaded machine). The suites below only read it: what an admin hides is stored in Rounds' own
 * store, and the access setup Rounds runs on opening the folder is idempotent (it runs on every start).
 * The suites run one after another, each closing its app (and so the folder) before the next opens it.
 */
let practiceFolder: Promise<string> | undefined;
const sharedPracticeFolder = () => (practiceFolder ??= (async () => {
  const folder = await mkdtemp(join(tmpdir(), "rounds-practice-"));
  await createDemoFolder(folder, new Date());
  return folder;
})());
const pglitePractice = async (): Promise<Practice> => {
  const folder = await sharedPracticeFolder();
  return {
    plugin: "@rounds/plugin-datasource-pglite", sourceId: "pglite",
    settings: (orgA, orgB) => ({ sources: [pgliteSource({ organizationId: orgA, dataDir: folder, tenantId: A.tenantId }), pgliteSource({ organizationId: orgB, dataDir: folder, tenantId: B.tenantId })] }),
    close: async () => {},
  };
};

const practices = [
  ...(pg ? [{ name: "PostgreSQL source", make: postgresPractice }] : []),
  { name: "PGlite source", make: pglitePractice },
];
const cases = appTargets().flatMap((target) => practices.map((practice) => ({ target, practice, name: `${target.name} store, ${practice.name}` })));

afterAll(async () => {
  await cleanupTargets();
  if (practiceFolder) await rm(await practiceFolder, { recursive: true, force: true });
});

type Reply = { status: number; body: { data?: Record<string, unknown>; blocks?: Array<{ text?: string }>; detail?: string; code?: string } };

describe.each(cases)("hiding parts of the allow list per organisation ($name)", ({ target, practice: make }) => {
  let practice: Practice;
  let model: FakeOpenAI;
  let app: RoundsApp;
  let api: FastifyInstance;
  let orgA: string;
  let orgB: string;
  let projectA: string;
  let projectB: string;
  const keys: Record<"adminA" | "adminB" | "clinicianA" | "auditorA" | "clinicianB", string> = { adminA: "", adminB: "", clinicianA: "", auditorA: "", clinicianB: "" };

  beforeAll(async () => {
    practice = await make.make();
    model = await startFakeOpenAI();
    const environment = await target.environment();
    const setup = await startApp(environment);
    const a = await ensureWorkspace(setup, { org: "narrow-a", project: "ops" });
    const b = await ensureWorkspace(setup, { org: "narrow-b", project: "ops" });
    await setup.close();
    orgA = a.organization.id;
    orgB = b.organization.id;
    projectA = a.project.id;
    projectB = b.project.id;
    app = await startApp(environment, {
      plugins: [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-openai", practice.plugin])],
      pluginSettings: {
        "@rounds/plugin-openai": { baseURL: model.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 },
        [practice.plugin]: practice.settings(orgA, orgB),
      },
      models: { answer: "openai" },
    });
    api = await createApiServer(app);
    const key = async (organizationId: string, role: "admin" | "clinician" | "auditor") => (await createApiKey(app, undefined, { organizationId, role, name: role })).key;
    keys.adminA = await key(orgA, "admin");
    keys.clinicianA = await key(orgA, "clinician");
    keys.auditorA = await key(orgA, "auditor");
    keys.adminB = await key(orgB, "admin");
    keys.clinicianB = await key(orgB, "clinician");
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    await app?.close();
    await model?.close();
    await practice?.close();
  });

  const data = async (who: keyof typeof keys, args: string): Promise<Reply> => {
    const projectId = who.endsWith("B") ? projectB : projectA;
    const res = await api.inject({ method: "POST", url: "/v1/commands/data", headers: { authorization: `Bearer ${keys[who]}` }, payload: { projectId, args } });
    return { status: res.statusCode, body: res.json() };
  };
  const text = (r: Reply) => (r.body.blocks ?? []).map((b) => b.text ?? "").join("\n");
  const stored = (organizationId: string) => app.store.dataAllowList.list(organizationId, practice.sourceId);
  const audited = async (organizationId: string) => (await app.store.audit.query(organizationId, { limit: 200 })).filter((r) => r.action.startsWith("data.allow_list_"));
  const sourcesOf = async (who: keyof typeof keys) => (await data(who, "sources")).body.data!.tables as Array<{ name: string; columns: Array<{ name: string }> }>;
  const columnsOf = (tables: Array<{ name: string; columns: Array<{ name: string }> }>, name: string) => tables.find((t) => t.name === name)?.columns.map((c) => c.name);
  const lastPrompt = () => JSON.stringify(model.requests.filter((q) => q.path.endsWith("/chat/completions")).at(-1)?.json);

  it("before anything is hidden, the database returns the column to the model's SQL (what the narrowing has to stop)", async () => {
    model.replies = ["SELECT item, unit FROM stock ORDER BY item"];
    const r = await data("clinicianA", "Which units do our items come in?");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(JSON.stringify(r.body.data)).toContain("boxes");
    expect(lastPrompt()).toContain("unit text");
    const list = await data("adminA", "allow-list");
    expect(list.status).toBe(200);
    const tables = list.body.data!.tables as Array<{ name: string; hidden: boolean; columns: Array<{ name: string; hidden: boolean }> }>;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["stock", "rounds_appointments", "rounds_patients"]));
    expect(tables.every((t) => !t.hidden && t.columns.every((c) => !c.hidden))).toBe(true);
  });

  it("bad input is a clear error (400) naming what is wrong, and changes nothing", async () => {
    const bad: Array<[string, RegExp]> = [
      ["allow-list hide", /Usage: data allow-list hide/],
      ["allow-list hide lens_prices", /No relation lens_prices in the allow list the practice database grants\. The relations are: .*stock/],
      ["allow-list hide stock.colour", /No column colour in stock's allow list\. Its columns are: item, category/],
      ["allow-list hide stock.tenant_id", /No column tenant_id in stock's allow list/],
      ["allow-list hide patients", /No relation patients /],
      ["allow-list hide rounds_treatments.patient_key", /patient_key is how Rounds counts patients/],
      ["allow-list hide Stock; DROP TABLE stock", /Name a relation or a column as relation or relation\.column/],
      ["allow-list restore stock.unit", /stock\.unit is not hidden: nothing to restore/],
    ];
    for (const [args, message] of bad) {
      const r = await data("adminA", args);
      expect(r.status, args).toBe(400);
      expect(r.body.detail, args).toMatch(message);
    }
    expect(await stored(orgA)).toEqual([]);
    expect(await audited(orgA)).toEqual([]);
  });

  it("only an admin changes it (403 for a clinician and an auditor); an auditor may read it, a clinician not", async () => {
    for (const who of ["clinicianA", "auditorA"] as const) {
      for (const args of ["allow-list hide stock.unit", "allow-list restore stock.unit"]) expect((await data(who, args)).status, `${who} ${args}`).toBe(403);
    }
    expect((await data("clinicianA", "allow-list")).status).toBe(403);
    expect((await data("auditorA", "allow-list")).status).toBe(200);
    expect(await stored(orgA)).toEqual([]);
  });

  it("an admin hides a column and a relation: stored for A (who), audited (who, what, when); the metrics over them are named", async () => {
    const before = Date.now();
    const column = await data("adminA", "allow-list hide stock.unit");
    expect(column.status, JSON.stringify(column.body)).toBe(200);
    expect(text(column)).toContain("Hid stock.unit from Rounds for your organisation");
    expect(column.body.data).toMatchObject({ hidden: "stock.unit", changed: true, metricsRefused: ["low_stock"] });
    const relation = await data("adminA", "allow-list hide rounds_appointments");
    expect(relation.body.data).toMatchObject({ hidden: "rounds_appointments", changed: true, metricsRefused: ["appointments_by_status", "follow_up_within", "low_stock"] });
    expect((await data("adminA", "allow-list hide stock.unit")).body.data).toMatchObject({ changed: false });
    const rows = await stored(orgA);
    expect(rows.map((r) => [r.relation, r.column])).toEqual([["rounds_appointments", null], ["stock", "unit"]]);
    const adminA = (await app.store.audit.query(orgA, { action: "data.allow_list_hide", limit: 5 }));
    expect(adminA.map((r) => r.details)).toEqual(expect.arrayContaining([{ relation: "stock", column: "unit" }, { relation: "rounds_appointments" }]));
    expect(adminA.length).toBe(2);
    for (const r of adminA) {
      expect(r.actorRole).toBe("admin");
      expect(r.actorUserId).toBe(rows[0]!.hiddenByUserId);
      expect(r.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    const list = (await data("auditorA", "allow-list")).body.data!.tables as Array<{ name: string; hidden: boolean; columns: Array<{ name: string; hidden: boolean }> }>;
    expect(list.find((t) => t.name === "rounds_appointments")!.hidden).toBe(true);
    expect(list.find((t) => t.name === "stock")!.columns.filter((c) => c.hidden).map((c) => c.name)).toEqual(["unit"]);
    // data metrics says which metrics are refused, and over what.
    const metrics = await data("clinicianA", "metrics");
    expect((metrics.body.data!.metrics as Array<{ id: string; usesHidden?: string }>).filter((m) => m.usesHidden).map((m) => [m.id, m.usesHidden])).toEqual([
      ["appointments_by_status", "rounds_appointments"], ["follow_up_within", "rounds_appointments"], ["low_stock", "stock.unit"],
    ]);
    expect(text(metrics)).toContain("(refused while stock.unit is hidden)");
  });

  it("applied everywhere for A: data sources, the model's prompt and the guard (though the database still grants it)", async () => {
    const tables = await sourcesOf("clinicianA");
    expect(tables.map((t) => t.name)).not.toContain("rounds_appointments");
    expect(columnsOf(tables, "stock")).toEqual(["item", "category", "on_hand", "reorder_level"]);
    expect(text(await data("clinicianA", "sources"))).not.toMatch(/rounds_appointments|\bunit \(/);
    // The model's SQL over the hidden column, a star, an alias of its own name, and the hidden relation: refused like anything never allow-listed.
    for (const sql of [
      "SELECT item, unit FROM stock ORDER BY item",
      "SELECT * FROM stock",
      "SELECT unit AS unit FROM stock",
      "SELECT f FROM stock AS s(a, b, c, d, e, f, g)",
      "SELECT status, count(*) AS n, count(DISTINCT patient_key) AS patients FROM rounds_appointments GROUP BY status",
    ]) {
      model.replies = [sql];
      const r = await data("clinicianA", "Which units do our items come in?");
      expect(r.status, sql).toBe(422);
      expect(r.body.code, sql).toBe("DATA_QUERY_REFUSED");
      expect(JSON.stringify(r.body), sql).not.toContain("boxes");
      const prompt = lastPrompt();
      expect(prompt).not.toContain("unit text");
      expect(prompt).not.toContain("rounds_appointments");
      expect(prompt).toContain("reorder_level");
    }
    // What is still shown still answers.
    model.replies = ["SELECT item, on_hand FROM stock WHERE on_hand < reorder_level ORDER BY item"];
    const ok = await data("clinicianA", "Which items should we order more of soon?");
    expect(ok.status).toBe(200);
    expect(JSON.stringify(ok.body.data)).toContain(A.lowStock[0]!);
  });

  it("a metric over a hidden column is refused naming it, when asked and when saved (nothing stored)", async () => {
    const asked = await data("clinicianA", "Which lens coatings are low on stock?");
    expect(asked.status).toBe(422);
    expect(asked.body.detail).toMatch(/The metric low_stock uses stock\.unit, which an admin hid from this organisation's allow list/);
    const follow = await data("clinicianA", "How many patients aged 60-69 had a follow-up within 30 days?");
    expect(follow.body.detail).toMatch(/The metric follow_up_within uses rounds_appointments, which an admin hid/);
    const refused = await data("adminA", `metric save ${JSON.stringify({ id: "units", title: "Units", description: "Units per item", phrases: ["units per item"], parameters: [], sql: "SELECT item, unit FROM stock" })}`);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/uses stock\.unit, which an admin hid/);
    expect(await app.store.dataMetrics.list(orgA, practice.sourceId)).toEqual([]);
    // The refusal is audited like any other.
    const reads = await app.store.audit.query(orgA, { action: "data.read", limit: 20 });
    expect(reads.some((r) => (r.details as { outcome?: string; metric?: string }).outcome === "refused" && (r.details as { metric?: string }).metric === "low_stock")).toBe(true);
  });

  it("organisation B's list is its own: neither read nor changed by A's admin, and B still sees and queries everything", async () => {
    const tablesB = await sourcesOf("clinicianB");
    expect(tablesB.map((t) => t.name)).toContain("rounds_appointments");
    expect(columnsOf(tablesB, "stock")).toContain("unit");
    const lowB = await data("clinicianB", "Which frames need reordering?");
    expect(lowB.status).toBe(200);
    expect(JSON.stringify(lowB.body.data)).toContain(B.lowStock[0]!);
    expect((await data("adminB", "allow-list")).body.data!.tables).toEqual(expect.not.arrayContaining([expect.objectContaining({ hidden: true })]));
    expect(await stored(orgB)).toEqual([]);
    // B's admin restoring what A hid is refused (not hidden for B) and A's list is unchanged; whatever names B uses, A's rows stay.
    const r = await data("adminB", "allow-list restore stock.unit");
    expect(r.status).toBe(400);
    await data("adminB", "allow-list hide sales.amount_cents");
    expect((await stored(orgA)).map((x) => `${x.relation}.${x.column ?? ""}`)).toEqual(["rounds_appointments.", "stock.unit"]);
    // Naming A's project is refused outright, and changes nothing of A's.
    const cross = await api.inject({ method: "POST", url: "/v1/commands/data", headers: { authorization: `Bearer ${keys.adminB}` }, payload: { projectId: projectA, args: "allow-list restore rounds_appointments" } });
    expect(cross.statusCode).toBe(404);
    expect((await stored(orgA)).map((x) => `${x.relation}.${x.column ?? ""}`)).toEqual(["rounds_appointments.", "stock.unit"]);
    expect(columnsOf(await sourcesOf("clinicianA"), "sales")).toContain("amount_cents");
    expect(columnsOf(await sourcesOf("clinicianB"), "sales")).not.toContain("amount_cents");
  });

  it("restoring shows and queries it again, audited", async () => {
    expect((await data("adminA", "allow-list restore stock.unit")).status).toBe(200);
    expect((await data("adminA", "allow-list restore rounds_appointments")).status).toBe(200);
    expect(await stored(orgA)).toEqual([]);
    expect(columnsOf(await sourcesOf("clinicianA"), "stock")).toContain("unit");
    const asked = await data("clinicianA", "Which lens coatings are low on stock?");
    expect(asked.status).toBe(200);
    expect(JSON.stringify(asked.body.data)).toContain(A.lowStock[0]!);
    expect((await app.store.audit.query(orgA, { action: "data.allow_list_restore", limit: 5 })).map((r) => r.details)).toEqual(expect.arrayContaining([{ relation: "stock", column: "unit" }, { relation: "rounds_appointments" }]));
  });
});

describe("the allow list through the rounds CLI (embedded store, PGlite source)", () => {
  let env: Record<string, string>;
  const cli = async (...args: string[]) => {
    const p = startCli(args[0]!, args, env);
    const { code } = await p.exited();
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  };

  beforeAll(async () => {
    const folder = await sharedPracticeFolder();
    const environment = await appTargets()[0]!.environment();
    const setup = await startApp(environment);
    const a = await ensureWorkspace(setup, { org: "cli-narrow", project: "ops" });
    await setup.close();
    const config = { pluginSettings: { "@rounds/plugin-datasource-pglite": { sources: [pgliteSource({ organizationId: a.organization.id, dataDir: folder, tenantId: A.tenantId })] } } };
    env = { ...operatorVariables("embedded", environment, config, ["@rounds/plugin-datasource-pglite"]), ROUNDS_LOG_LEVEL: "warn" };
  }, 120_000);

  it("hides, lists, refuses bad input with a non-zero exit, and restores", async () => {
    const hidden = await cli("data", "allow-list", "hide", "stock.unit");
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(hidden.stdout).toContain("Hid stock.unit from Rounds");
    expect(hidden.stdout).toContain("low_stock");
    const list = await cli("data", "allow-list", "--json");
    expect(list.code, list.stderr).toBe(0);
    const stock = (JSON.parse(list.stdout) as { tables: Array<{ name: string; columns: Array<{ name: string; hidden: boolean }> }> }).tables.find((t) => t.name === "stock")!;
    expect(stock.columns.filter((c) => c.hidden).map((c) => c.name)).toEqual(["unit"]);
    const sources = await cli("data", "sources");
    expect(sources.stdout).toContain("reorder_level");
    expect(sources.stdout).not.toMatch(/\bunit \(/);
    const bad = await cli("data", "allow-list", "hide", "stock.colour");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("No column colour in stock's allow list");
    const restored = await cli("data", "allow-list", "restore", "stock.unit");
    expect(restored.code, restored.stderr).toBe(0);
    expect((await cli("data", "sources")).stdout).toMatch(/\bunit \(/);
  }, 180_000);
});
