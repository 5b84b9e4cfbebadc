// The differencing guard's ledger in Rounds' own database, through the user
// path (`data <question>`, metrics without a language model): three answers
// whose cohorts nest (all patients with a follow-up, those aged 60–69, those
// aged 30–49) each count at least k = 10 patients and differ pairwise by 15
// or more, yet all − 60s − 30-49s is the 5 patients in their twenties. The
// third is withheld even after a restart (a new app over the same database)
// and when asked through another source over the same database (a second
// server on the server tier, a second source instance on the embedded one);
// a source with only its own memory shows it, so the stored ledger is what
// withholds it. Both tiers: embedded (Rounds' store in PGlite) and server
// (PostgreSQL); the practice database is PostgreSQL on both.
import { type Actor, memoryReleasedCohorts, runCommand, silentLogger } from "@rounds/core";
import { serviceFromEnv } from "@rounds/core/testing";
import { createDemoDatabase, demoSource, type DemoDatabase } from "@rounds/plugin-datasource-postgres/testing";
import { PostgresDataSource } from "@rounds/plugin-datasource-postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const pg = serviceFromEnv("TEST_DATABASE_URL", "the differencing-ledger suite (the practice database is PostgreSQL)", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];
const ALL = "how many patients had a follow-up within 30 days";
const SIXTIES = "how many patients aged 60-69 had a follow-up within 30 days";
const THIRTY_TO_49 = "how many patients aged 30-49 had a follow-up within 30 days";

afterAll(() => cleanupTargets());

describe.skipIf(!pg).each(appTargets())("the differencing ledger across restarts and servers ($name)", (target) => {
  let db: DemoDatabase;
  let environment: Awaited<ReturnType<typeof target.environment>>;
  let settings: Record<string, Record<string, unknown>>;
  let plugins: string[];
  const orgs: Record<"first" | "second", { id: string; project: string }> = { first: { id: "", project: "" }, second: { id: "", project: "" } };
  const open: RoundsApp[] = [];

  beforeAll(async () => {
    db = await createDemoDatabase(pg!, new Date());
    environment = await target.environment();
    plugins = [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-datasource-postgres"])];
    const setup = await startApp(environment);
    for (const name of ["first", "second"] as const) {
      const w = await ensureWorkspace(setup, { org: `ledger-${name}`, project: "ops" });
      orgs[name] = { id: w.organization.id, project: w.project.id };
    }
    await setup.close();
    // Both organisations read the same clinic's rows (tenant clinic-a): each has its own ledger.
    settings = { "@rounds/plugin-datasource-postgres": { sources: Object.values(orgs).map((o) => demoSource({ organizationId: o.id, url: db.readerUrl, tenantId: "clinic-a" })) } };
  }, 180_000);
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close();
  });
  afterAll(async () => {
    await db?.close();
  });

  const start = async () => {
    const app = await startApp(environment, { plugins, pluginSettings: settings });
    open.push(app);
    return app;
  };
  const stop = async (app: RoundsApp) => {
    open.splice(open.indexOf(app), 1);
    await app.close();
  };
  const clinician = async (app: RoundsApp, org: string): Promise<Actor> =>
    ({ userId: (await app.store.identity.createUser({ organizationId: org, role: "clinician", displayName: "Clinician" })).id, organizationId: org, role: "clinician" });
  const ask = async (app: RoundsApp, as: Actor, project: string, question: string) => {
    const r = await runCommand(app, "data", { actor: as, projectId: project, args: question, visibility: "private", origin: "cli" });
    return (r.data as { metric: { id: string }; result: { rows: unknown[][]; differencedRows: number } });
  };

  it("after a restart, the third of three nested answers is withheld (the ledger is in the database)", async () => {
    const o = orgs.first;
    let app = await start();
    let as = await clinician(app, o.id);
    expect(await ask(app, as, o.project, ALL)).toMatchObject({ metric: { id: "follow_up_within" }, result: { rows: [[45]], differencedRows: 0 } });
    expect(await ask(app, as, o.project, SIXTIES)).toMatchObject({ result: { rows: [[30]], differencedRows: 0 } });
    await stop(app);
    app = await start();
    as = await clinician(app, o.id);
    const third = await ask(app, as, o.project, THIRTY_TO_49);
    expect(third.result).toMatchObject({ rows: [], differencedRows: 1 });
    const [audit] = await app.store.audit.query(o.id, { action: "data.read", limit: 1 });
    expect(audit?.details).toMatchObject({ outcome: "answered", differencedRows: 1 });
    // Control: a source that remembers only in its own memory shows that answer (10 patients).
    const alone = new PostgresDataSource("postgres", [demoSource({ organizationId: o.id, url: db.readerUrl, tenantId: "clinic-a" })], silentLogger(), memoryReleasedCohorts());
    try {
      const metric = (await app.host.get("dataSources", "postgres").then((s) => s.catalog(o.id)))!.metrics.find((m) => m.id === "follow_up_within")!;
      expect((await alone.runMetric(o.id, metric, { age_min: 30, age_max: 49, days: 30 })).rows).toEqual([[10]]);
    } finally {
      await alone.dispose();
    }
    await stop(app);
  }, 180_000);

  it("two sources over the same database share the ledger; another organisation's ledger is its own", async () => {
    const o = orgs.second;
    const app = await start();
    const as = await clinician(app, o.id);
    expect(await ask(app, as, o.project, ALL)).toMatchObject({ result: { rows: [[45]], differencedRows: 0 } });
    expect(await ask(app, as, o.project, SIXTIES)).toMatchObject({ result: { rows: [[30]], differencedRows: 0 } });
    const metric = (await app.host.get("dataSources", "postgres").then((s) => s.catalog(o.id)))!.metrics.find((m) => m.id === "follow_up_within")!;
    if (target.name === "server") {
      // A second server over the same PostgreSQL (its own connections, its own source).
      const other = await start();
      const asOther = await clinician(other, o.id);
      expect((await ask(other, asOther, o.project, THIRTY_TO_49)).result).toMatchObject({ rows: [], differencedRows: 1 });
      await stop(other);
    } else {
      // One process holds an embedded database: a second source instance over the same store.
      const second = new PostgresDataSource("postgres", [demoSource({ organizationId: o.id, url: db.readerUrl, tenantId: "clinic-a" })], silentLogger(), app.store.releasedCohorts);
      try {
        expect(await second.runMetric(o.id, metric, { age_min: 30, age_max: 49, days: 30 })).toMatchObject({ rows: [], differencedRows: 1 });
      } finally {
        await second.dispose();
      }
    }
    // This organisation's ledger holds its own two cohorts only (the first organisation's are not in it); an unknown organisation's is empty.
    const rows = await app.store.releasedCohorts.withLedger(o.id, "postgres", (l) => l.after(0, new Date(0)));
    expect(rows.length).toBe(2);
    expect(await app.store.releasedCohorts.withLedger("00000000-0000-4000-8000-00000000dead", "postgres", (l) => l.after(0, new Date(0)))).toEqual([]);
    await stop(app);
  }, 180_000);
});
