// The PostgreSQL data source on a real server: the demo practice seeded for
// two tenants in one database, Rounds' read-only role set up by
// accessSetupSql, and every query run as that role. Hostile SQL is refused by
// the guard or made harmless by the database (read-only transaction,
// row-level security, column grants), nothing changes, and no other tenant's
// row is ever returned.
import { RoundsError, silentLogger } from "@rounds/core";
import { describeDataSourceConformance, expectDemoDifferencingPair, serviceFromEnv } from "@rounds/core/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresDataSource } from "../src/postgres-data-source.ts";
import { ATTACKS, createDemoDatabase, DEMO_TENANTS, demoSource, type DemoDatabase } from "../src/testing/index.ts";

const server = serviceFromEnv("TEST_DATABASE_URL", "the PostgreSQL data source suite", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const now = new Date();
const lastMonth = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1 + offset, 1)).toISOString().slice(0, 10);
const [A, B] = DEMO_TENANTS as [typeof DEMO_TENANTS[0], typeof DEMO_TENANTS[0]];
const orgA = "0000000a-0000-4000-8000-00000000000a";
const orgB = "0000000b-0000-4000-8000-00000000000b";
/** A metric of the demo catalogue (the definition the caller passes, as core does from its effective catalogue). */
const demoMetric = (id: string) => demoSource({ organizationId: orgA, url: "", tenantId: "x" }).metrics.find((m) => m.id === id)!;


if (server) {
  describeDataSourceConformance("postgres (demo practice)", async () => {
    const db = await createDemoDatabase(server, now);
    const source = new PostgresDataSource("postgres", [demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId })], silentLogger());
    return { source, organizationId: orgA, close: async () => { await source.dispose(); await db.close(); } };
  });
}

describe.skipIf(!server)("PostgreSQL data source (real server, two tenants)", () => {
  let db: DemoDatabase;
  let source: PostgresDataSource;
  let reader: postgres.Sql;
  beforeAll(async () => {
    db = await createDemoDatabase(server!, now);
    source = new PostgresDataSource("postgres", [
      demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId }),
      demoSource({ organizationId: orgB, url: db.readerUrl, tenantId: B.tenantId }),
    ], silentLogger());
    reader = postgres(db.readerUrl, { max: 1, onnotice: () => {} });
  }, 60_000);
  afterAll(async () => {
    await reader?.end({ timeout: 5 });
    await source?.dispose();
    await db?.close();
  });

  it("a duration metric (observation shorter than N minutes) per organisation: A's 20 infusions to 10 patients shown, B's 3 patients withheld", async () => {
    const params = { minutes: 120, start: lastMonth(0), end: lastMonth(1) };
    const a = await source.runMetric(orgA, demoMetric("short_observation"), params);
    expect(a.rows).toEqual([[A.shortObservations, A.shortObservationPatients]]);
    const b = await source.runMetric(orgB, demoMetric("short_observation"), params);
    expect(b.rows).toEqual([]);
    expect(b.suppressedRows).toBe(1);
    // Nothing was observed for less than 90 minutes.
    expect((await source.runMetric(orgA, demoMetric("short_observation"), { ...params, minutes: 90 })).rows).toEqual([[0, 0]]);
  });

  it("checkMetric: an admin's metric passes the same guard as free-form SQL, with its $n matching its parameters; runs nothing", async () => {
    const lowStock = demoMetric("low_stock");
    await source.checkMetric(orgA, { ...lowStock, id: "low_stock_copy" });
    const refused = async (sql: string, code: string, reason: RegExp, parameters = lowStock.parameters) => {
      const e = await source.checkMetric(orgA, { ...lowStock, sql, parameters }).then(() => undefined, (x: unknown) => x);
      expect(e, sql).toBeInstanceOf(RoundsError);
      expect((e as RoundsError).code).toBe(code);
      expect((e as RoundsError).message).toMatch(reason);
    };
    await refused("DELETE FROM stock", "DATA_QUERY_REFUSED", /only SELECT/);
    await refused("SELECT item FROM stock; DROP TABLE stock", "DATA_QUERY_REFUSED", /exactly one statement/);
    await refused("SELECT first_name FROM patients", "DATA_QUERY_REFUSED", /not in the allow list/);
    await refused("SELECT item FROM stock WHERE tenant_id = 'clinic-b'", "DATA_QUERY_REFUSED", /tenant_id is not in the allow list/);
    await refused("SELECT age_band FROM rounds_patients", "DATA_QUERY_REFUSED", /must count its patients/);
    await refused("SELECT item FROM stock WHERE category = $1 AND on_hand < $2", "VALIDATION_FAILED", /uses 2 parameters .* declares 1/);
    await refused("SELECT item FROM stock", "VALIDATION_FAILED", /uses 0 parameters .* declares 1/);
    // Another organisation's source is not this one's to check against.
    await expect(source.checkMetric("0000000c-0000-4000-8000-00000000000c", lowStock)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A metric defined outside the configuration still runs under the same rules (guard, tenant, k).
    const counted = { ...lowStock, id: "stock_items", parameters: [], sql: "SELECT count(*) AS items FROM stock" };
    const direct = await source.runSql(orgA, counted.sql);
    expect(direct.rows[0]![0]).toBeGreaterThan(0);
    expect((await source.runMetric(orgA, counted, {})).rows).toEqual(direct.rows);
    expect((await source.runMetric(orgB, counted, {})).rows).toEqual((await source.runSql(orgB, counted.sql)).rows);
  });

  it("differencing guard: the second query of a pair whose cohorts differ by fewer than k patients is withheld, per organisation", async () => {
    // The scenario is in core's testing kit (shared with the PGlite source). A fresh source: its own history, so earlier tests' answers play no part.
    const fresh = new PostgresDataSource("postgres", [
      demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId }),
      demoSource({ organizationId: orgB, url: db.readerUrl, tenantId: B.tenantId }),
    ], silentLogger());
    try {
      await expectDemoDifferencingPair(fresh, { a: orgA, b: orgB }, now, demoMetric("patients_by_age_band"));
    } finally {
      await fresh.dispose();
    }
  });

  it("differencing guard: remembered for its window only (a source with a 50 ms window shows the pair's second query after it)", async () => {
    const brief = new PostgresDataSource("postgres", [{ ...demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId }), differencingWindowHours: 50 / 3_600_000 }], silentLogger());
    try {
      const consults = "SELECT count(DISTINCT patient_key) AS patients FROM rounds_appointments WHERE kind = 'consultation'";
      const day = `${lastMonth(0)}T00:00:00Z`;
      await brief.runSql(orgA, consults);
      await new Promise((r) => setTimeout(r, 120));
      expect((await brief.runSql(orgA, `${consults} AND starts_at <> '${day}'::timestamptz`)).rows).toEqual([[A.patients - 4]]);
    } finally {
      await brief.dispose();
    }
  });

  it("differencing by three or more answers: an inclusion-exclusion over cohorts that each differ by k or more is caught", async () => {
    // S = days 0-2, T = days 3-5, V = days 6-8 (12 patients each), U = days 1-8 (32). Every pair differs by
    // at least 20 patients, yet S + T + V - U = the 4 patients of day 0: U is withheld (pairwise checks showed it).
    const fresh = new PostgresDataSource("postgres", [demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId })], silentLogger());
    try {
      const dayStart = (d: number) => new Date(Date.parse(`${lastMonth(0)}T00:00:00Z`) + d * 86_400_000).toISOString();
      const days = (from: number, to: number) => fresh.runSql(orgA, `SELECT count(DISTINCT patient_key) AS patients FROM rounds_appointments WHERE kind = 'consultation' AND starts_at >= '${dayStart(from)}'::timestamptz AND starts_at < '${dayStart(to)}'::timestamptz`);
      const [S, T, V] = [await days(0, 3), await days(3, 6), await days(6, 9)];
      for (const r of [S, T, V]) expect(r).toMatchObject({ rows: [[12]], differencedRows: 0 });
      const U = await days(1, 9);
      expect(U).toMatchObject({ rows: [], differencedRows: 1, suppressedRows: 0 });
      // Days 0-8 (36 patients) is S + T + V exactly: a partition reveals nothing and is shown.
      expect((await days(0, 9)).rows).toEqual([[36]]);
    } finally {
      await fresh.dispose();
    }
  });

  it("a metric gives each organisation its own figures, and withholds a result about fewer than k patients", async () => {
    const params = { treatment: "ketamine infusion", start: lastMonth(0), end: lastMonth(1) };
    const a = await source.runMetric(orgA, demoMetric("treatments_given"), params);
    expect(a.columns).toEqual(["treatments", "patients"]);
    expect(a.rows).toEqual([[A.infusionsLastMonth, A.infusionPatientsLastMonth]]);
    expect(a.suppressedRows).toBe(0);
    expect(a.sql).toContain("LIMIT");
    // B gave 6 infusions to 3 patients: fewer than k = 10, so the row is withheld.
    const b = await source.runMetric(orgB, demoMetric("treatments_given"), params);
    expect(b.rows).toEqual([]);
    expect(b.suppressedRows).toBe(1);
    // With k = 2 the same row is shown: the suppression is the k rule, not missing data.
    const lowK = new PostgresDataSource("postgres", [demoSource({ organizationId: orgB, url: db.readerUrl, tenantId: B.tenantId, k: 2 })], silentLogger());
    try {
      expect((await lowK.runMetric(orgB, demoMetric("treatments_given"), params)).rows).toEqual([[B.infusionsLastMonth, B.infusionPatientsLastMonth]]);
    } finally {
      await lowK.dispose();
    }
  });

  it("stock below reorder level: each tenant sees exactly its own low items", async () => {
    const a = await source.runMetric(orgA, demoMetric("low_stock"), {});
    expect(a.rows.map((r) => r[0])).toEqual([...A.lowStock].sort());
    const coatings = await source.runMetric(orgA, demoMetric("low_stock"), { category: "lens coating" });
    expect(coatings.rows.map((r) => r[0])).toEqual(A.lowStock.filter((i) => i.includes("coating")).sort());
    const b = await source.runMetric(orgB, demoMetric("low_stock"), {});
    expect(b.rows.map((r) => r[0])).toEqual(B.lowStock);
    await expect(source.runMetric(orgA, demoMetric("low_stock"), { category: "'; DROP TABLE stock; --" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("the de-identified patients view: age bands, no identifiers, follow-ups by age", async () => {
    const bands = await source.runMetric(orgA, demoMetric("patients_by_age_band"), {});
    expect(bands.columns).toEqual(["age_band", "patients"]);
    expect(bands.rows.find((r) => r[0] === "60-69")?.[1]).toBe(A.sixties);
    const follow = await source.runMetric(orgA, demoMetric("follow_up_within"), { age_min: 60, age_max: 69, days: 30 });
    expect(follow.rows).toEqual([[A.sixties]]);
    // The view's columns are the allow list: no names, contacts, dates of birth, ids or towns.
    const cols = await reader.begin("read only", async (tx) => {
      await tx.unsafe(`SET LOCAL rounds.tenant_id = '${A.tenantId}'`);
      return tx.unsafe("SELECT * FROM rounds_patients LIMIT 1");
    });
    expect(cols.columns.map((c) => c.name)).toEqual(["patient_key", "age_band", "sex", "state"]);
    expect(JSON.stringify([...cols])).not.toMatch(/Surname|@|555-|Main St|Town|05401|00000000-0000/);
  });

  it.each(ATTACKS)("attack: $attack → $expected, nothing changed, no other tenant's row", async ({ sql, expected }) => {
    const before = await db.fingerprint();
    const outcome = await source.runSql(orgA, sql).then((r) => ({ result: r }), (e: unknown) => ({ error: e }));
    expect(await db.fingerprint()).toBe(before);
    if (expected === "refused") {
      expect("error" in outcome && outcome.error instanceof RoundsError && outcome.error.code).toBe("DATA_QUERY_REFUSED");
    } else {
      expect("result" in outcome).toBe(true);
      const result = (outcome as { result: { rows: unknown[][]; suppressedRows: number } }).result;
      expect(JSON.stringify(result.rows)).not.toContain(B.marker);
      if (sql.includes("stock")) expect(result.rows.length).toBeGreaterThan(0);
      if (sql.includes("GROUP BY age_band, sex, patient_key")) expect(result.rows).toEqual([]);
      if (sql.includes("rounds_patients p CROSS JOIN")) expect(result.rows).toEqual([[A.patients, "VT"]]);
    }
  });

  it("under the guard, the database itself holds: read-only, tenant rows only, no patients table", async () => {
    // The role's own session, without the guard: what a query that slipped past it could do.
    const asA = <T>(f: (tx: postgres.TransactionSql) => Promise<T>) => reader.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL rounds.tenant_id = '${A.tenantId}'`);
      return f(tx);
    });
    expect((await asA((tx) => tx.unsafe("SELECT DISTINCT item FROM stock"))).map((r) => String(r.item)).every((i) => i.endsWith(A.marker))).toBe(true);
    expect(await asA((tx) => tx.unsafe("SELECT count(*)::int AS n FROM stock WHERE tenant_id = 'clinic-b'")).catch((e: { code?: string }) => e.code)).toBe("42501");
    await expect(asA((tx) => tx.unsafe("UPDATE stock SET on_hand = 0"))).rejects.toMatchObject({ code: "25006" });
    await expect(asA((tx) => tx.unsafe("SET TRANSACTION READ WRITE; UPDATE stock SET on_hand = 0"))).rejects.toMatchObject({ code: expect.stringMatching(/^(42501|25006)$/) });
    await expect(asA((tx) => tx.unsafe("SELECT first_name FROM patients"))).rejects.toMatchObject({ code: "42501" });
    // No tenant set: no rows at all.
    expect((await reader.unsafe("SELECT count(*)::int AS n FROM stock"))[0]!.n).toBe(0);
    expect((await reader.unsafe("SELECT count(*)::int AS n FROM rounds_patients"))[0]!.n).toBe(0);
  });

  it("a statement past the time limit is stopped", async () => {
    const slow = new PostgresDataSource("postgres", [{ ...demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId }), statementTimeoutMs: 100, costLimit: 1e12 }], silentLogger());
    try {
      await expect(slow.runSql(orgA, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS n FROM r")).rejects.toMatchObject({ code: "DATA_QUERY_REFUSED", message: expect.stringContaining("100 ms") });
    } finally {
      await slow.dispose();
    }
  }, 30_000);

  it("a plan above the cost limit is refused before it runs (EXPLAIN)", async () => {
    const strict = new PostgresDataSource("postgres", [{ ...demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId }), costLimit: 50 }], silentLogger());
    try {
      // An aggregate over the cross join must read all of it whatever the statistics say; a plain
      // SELECT under the added LIMIT is cheap once PostgreSQL has analysed the small table (a flake).
      await expect(strict.runSql(orgA, "SELECT count(*) AS n FROM sales a, sales b, sales c")).rejects.toMatchObject({ code: "DATA_QUERY_REFUSED", message: expect.stringMatching(/plan costs \d+, above the limit of 50/) });
      expect((await strict.runSql(orgA, "SELECT item FROM stock WHERE on_hand > 1000")).rows).toEqual([]);
    } finally {
      await strict.dispose();
    }
  });

  it("an organisation without a source is told so", async () => {
    await expect(source.runSql("0000000c-0000-4000-8000-00000000000c", "SELECT item FROM stock")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await source.catalog("0000000c-0000-4000-8000-00000000000c")).toBeUndefined();
  });
});

describe.skipIf(!server)("connect: Rounds' read-only access set up with the owner's connection", () => {
  let db: DemoDatabase;
  let source: PostgresDataSource;
  beforeAll(async () => {
    db = await createDemoDatabase(server!, now, { access: false });
    source = new PostgresDataSource("postgres", [demoSource({ organizationId: orgA, url: db.readerUrl, tenantId: A.tenantId })], silentLogger());
  }, 60_000);
  afterAll(async () => {
    await source?.dispose();
    await db?.close();
  });

  it("before connect the role does not exist; after it every check passes and metrics answer; running it again is harmless", async () => {
    await expect(source.runMetric(orgA, demoMetric("low_stock"), {})).rejects.toBeInstanceOf(RoundsError);
    const report = await source.connect(orgA, db.ownerUrl);
    expect(report.role).toBe(db.role);
    expect(report.statements).toBeGreaterThan(10);
    expect(report.relations).toEqual(expect.arrayContaining(["stock", "rounds_patients", "rounds_treatments"]));
    expect(report.checks.map((c) => c.check)).toHaveLength(4);
    expect(report.checks.every((c) => c.passed)).toBe(true);
    expect((await source.runMetric(orgA, demoMetric("low_stock"), {})).rows.map((r) => r[0])).toEqual(A.lowStock);
    const before = await db.fingerprint();
    expect((await source.connect(orgA, db.ownerUrl)).checks.every((c) => c.passed)).toBe(true);
    expect(await db.fingerprint()).toBe(before);
  });

  it("a check can fail: an extra permissive policy someone added lets rows through without the tenant, and connect reports it", async () => {
    try {
      await db.asOwner(`CREATE POLICY wide_open ON stock FOR SELECT TO "${db.role}" USING (true)`);
      const report = await source.connect(orgA, db.ownerUrl);
      expect(report.checks.find((c) => c.check.startsWith("no row is visible"))?.passed).toBe(false);
      expect(report.checks.filter((c) => !c.passed)).toHaveLength(1);
    } finally {
      await db.asOwner("DROP POLICY IF EXISTS wide_open ON stock");
    }
  });

  it("refuses the read-only role's own connection, and a wrong owner password fails without echoing the URL", async () => {
    await expect(source.connect(orgA, db.readerUrl)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const wrong = Object.assign(new URL(db.ownerUrl), { password: "not-the-password-4711" }).toString();
    const failure = await source.connect(orgA, wrong).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RoundsError);
    expect((failure as RoundsError).code).toBe("UPSTREAM_FAILED");
    expect(JSON.stringify({ message: (failure as RoundsError).message, details: (failure as RoundsError).details })).not.toMatch(/not-the-password-4711|postgres:\/\//);
    await expect(source.connect("0000000c-0000-4000-8000-00000000000c", db.ownerUrl)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
