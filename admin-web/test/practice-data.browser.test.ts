// The admin page's Practice data section in real Chromium, against a real
// Rounds app (embedded tier) whose data source is the demo practice on a real
// PostgreSQL server: the allow list and the metrics are listed; an admin adds
// a metric, sees a refused SQL's reason under the SQL field (nothing stored),
// edits and removes a metric, hides and restores a column and a table (a
// stale restore shows the server's reason); an auditor sees the lists (with
// what is hidden) but no form and no buttons; a page
// without a data source plugin shows no such section (the main admin-page suite).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { appTargets, cleanupTargets, ensureWorkspace, localOperator, type RoundsApp, startApp } from "@rounds/bot/testing";
import { createApiKey, dataSourceFor } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { serviceFromEnv } from "@rounds/core/testing";
import { createDemoDatabase, DEMO_TENANTS, demoSource, type DemoDatabase } from "@rounds/plugin-datasource-postgres/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath) || serviceFromEnv("CHROMIUM_PATH", `the admin page's browser tests (no Chromium at ${chromiumPath})`, "/usr/bin/chromium", { ...process.env, CHROMIUM_PATH: undefined }) !== undefined;
const pg = serviceFromEnv("TEST_DATABASE_URL", "the Practice data section's browser test (the practice database is PostgreSQL)", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const adminWebRoot = resolve(import.meta.dirname, "../public");
const A = DEMO_TENANTS[0]!;

describe.skipIf(!haveChromium || !pg)("admin page: Practice data in Chromium", () => {
  let db: DemoDatabase;
  let app: RoundsApp;
  let api: Awaited<ReturnType<typeof createApiServer>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let organizationId: string;
  let adminKey: string;
  let auditorKey: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    db = await createDemoDatabase(pg!, new Date());
    const environment = await appTargets()[0]!.environment();
    const setup = await startApp(environment);
    organizationId = (await ensureWorkspace(setup, { org: "lakeside-optics", project: "ops" })).organization.id;
    await setup.close();
    app = await startApp(environment, {
      plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-datasource-postgres"],
      pluginSettings: { "@rounds/plugin-datasource-postgres": { sources: [demoSource({ organizationId, url: db.readerUrl, tenantId: A.tenantId })] } },
    });
    api = await createApiServer(app, { adminWebRoot });
    await api.listen({ port: 0, host: "127.0.0.1" });
    const address = api.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const actor = await localOperator(app, organizationId);
    adminKey = (await createApiKey(app, actor, { organizationId, role: "admin", name: "admin", userId: actor.userId })).key;
    auditorKey = (await createApiKey(app, actor, { organizationId, role: "auditor", name: "auditor" })).key;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" })).newPage();
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await app?.close();
    await db?.close();
    await cleanupTargets();
  });

  const logIn = async (p: Page, key: string) => {
    await p.goto(`${base}/admin/`);
    await p.getByLabel("API key").fill(key);
    await p.getByRole("button", { name: "Log in" }).click();
    await p.getByRole("tab", { name: "Plugins" }).click();
    await p.getByRole("heading", { name: "Practice data", exact: true }).waitFor();
  };
  const metricRow = (id: string) => page.locator("#data-metric-list tbody tr").filter({ has: page.locator("code", { hasText: new RegExp(`^${id}$`) }) });
  const field = (label: string | RegExp) => page.locator("#metric-form").getByLabel(label, { exact: typeof label === "string" });
  const stored = () => app.store.dataMetrics.list(organizationId, "postgres");

  it("lists the allow list (patients only as the de-identified view) and the configured metrics", async () => {
    await logIn(page, adminKey);
    const sources = page.locator("#data-source-list");
    await sources.locator("table").waitFor();
    const tables = await sources.locator("tbody tr td:first-child").allTextContents();
    expect(tables).toEqual(expect.arrayContaining(["stock", "rounds_patients", "rounds_treatments"]));
    expect(tables).not.toContain("patients");
    expect(await sources.innerText()).not.toMatch(/first_name|date_of_birth|tenant_id/);
    expect(await metricRow("low_stock").locator("td").nth(2).textContent()).toBe("in the settings");
    expect(await page.locator("#metric-form").isVisible()).toBe(true);
  });

  it("refuses a metric whose SQL the guard refuses, under the SQL field, and stores nothing; then adds a valid one", async () => {
    await field("Id").fill("stock_count");
    await field("Title").fill("Stock items held");
    await field("Description").fill("How many different stock items we hold");
    await field(/Phrases that mean it/).fill("how many stock items\nstock items we hold");
    await field("SQL").fill("SELECT count(*) AS items FROM stock WHERE tenant_id = 'clinic-b'");
    await page.getByRole("button", { name: "Save metric" }).click();
    const error = page.locator("#error-metric-sql");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/not stored.*tenant_id is not in the allow list/);
    expect(await field("SQL").getAttribute("aria-invalid")).toBe("true");
    expect(await stored()).toEqual([]);
    await field("SQL").fill("SELECT count(*) AS items FROM stock");
    await page.getByRole("button", { name: "Save metric" }).click();
    await metricRow("stock_count").waitFor();
    expect(await metricRow("stock_count").locator("td").nth(2).textContent()).toBe("on this page");
    expect(await page.locator("#status").innerText()).toContain("Added the metric stock_count");
    expect(await error.isHidden()).toBe(true);
    expect((await stored()).map((m) => m.metricId)).toEqual(["stock_count"]);
  });

  it("edits a metric through its Edit button and removes another after confirming", async () => {
    await page.getByRole("button", { name: "Edit stock_count" }).click();
    expect(await field("Id").inputValue()).toBe("stock_count");
    expect(await field("SQL").inputValue()).toBe("SELECT count(*) AS items FROM stock");
    await field("Title").fill("Items in stock");
    await page.getByRole("button", { name: "Save metric" }).click();
    await expect.poll(() => metricRow("stock_count").innerText()).toContain("Items in stock");
    page.once("dialog", (d) => { void d.accept(); });
    await page.getByRole("button", { name: "Remove low_stock" }).click();
    await expect.poll(() => metricRow("low_stock").count()).toBe(0);
    expect((await stored()).map((m) => [m.metricId, m.definition?.title ?? null])).toEqual([["low_stock", null], ["stock_count", "Items in stock"]]);
    expect((await app.store.audit.query(organizationId, { action: "data.metric_remove", limit: 5 })).map((r) => r.targetId)).toEqual(["low_stock"]);
  });

  it("an admin hides a column and a table (stored, audited, no DDL), sees which metrics that refuses, and restores them", async () => {
    const column = page.locator('#data-source-list li[data-column="stock.unit"]');
    expect(await column.innerText()).not.toMatch(/hidden/i);
    await page.getByRole("button", { name: "Hide stock.unit", exact: true }).click();
    await page.getByRole("button", { name: "Restore stock.unit", exact: true }).waitFor();
    expect(await column.innerText()).toMatch(/hidden/i);
    expect(await page.locator("#status").innerText()).toContain("Hid stock.unit for your organisation.");
    await page.getByRole("button", { name: "Hide rounds_appointments", exact: true }).click();
    await page.getByRole("button", { name: "Restore rounds_appointments", exact: true }).waitFor();
    expect(await page.locator("#status").innerText()).toBe("Hid rounds_appointments for your organisation. Metrics refused until it is restored: appointments_by_status, follow_up_within.");
    expect(await metricRow("follow_up_within").innerText()).toContain("Refused while rounds_appointments is hidden.");
    expect(await metricRow("stock_count").innerText()).not.toContain("Refused while");
    // Its columns can no longer be hidden one by one, and the patient key never can.
    expect(await page.getByRole("button", { name: "Hide rounds_appointments.status", exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Hide rounds_treatments.patient_key", exact: true }).count()).toBe(0);
    expect((await app.store.dataAllowList.list(organizationId, "postgres")).map((r) => [r.relation, r.column])).toEqual([["rounds_appointments", null], ["stock", "unit"]]);
    const audit = await app.store.audit.query(organizationId, { action: "data.allow_list_hide", limit: 5 });
    expect(audit.map((r) => r.details)).toEqual([{ relation: "rounds_appointments" }, { relation: "stock", column: "unit" }]);
    // What users and the model see (data sources, the SQL prompt) no longer has them.
    const { catalog } = await dataSourceFor(app, organizationId);
    expect(catalog.tables.map((t) => t.name)).not.toContain("rounds_appointments");
    expect(catalog.tables.find((t) => t.name === "stock")!.columns.map((c) => c.name)).toEqual(["item", "category", "on_hand", "reorder_level"]);

    // A page left open while someone else restored the column: the stale Restore is refused with the reason, nothing changes.
    const other = await browser.newContext();
    try {
      const stale = await other.newPage();
      await logIn(stale, adminKey);
      await stale.getByRole("button", { name: "Restore stock.unit", exact: true }).waitFor();
      await page.getByRole("button", { name: "Restore stock.unit", exact: true }).click();
      await page.getByRole("button", { name: "Hide stock.unit", exact: true }).waitFor();
      await stale.getByRole("button", { name: "Restore stock.unit", exact: true }).click();
      await stale.locator("#alert").waitFor();
      expect(await stale.locator("#alert").innerText()).toBe("stock.unit is not hidden: nothing to restore.");
    } finally {
      await other.close();
    }
    expect((await app.store.dataAllowList.list(organizationId, "postgres")).map((r) => [r.relation, r.column])).toEqual([["rounds_appointments", null]]);
  });

  it("shows an auditor the lists but no form and no edit buttons", async () => {
    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      await logIn(p, auditorKey);
      await p.locator("#data-metric-list table").waitFor();
      expect(await p.locator("#data-metric-list").innerText()).toContain("stock_count");
      expect(await p.locator("#metric-form").isVisible()).toBe(false);
      expect(await p.getByRole("button", { name: /^(Edit|Remove) / }).count()).toBe(0);
      // The allow list with what the admins hid, and no Hide or Restore.
      expect(await p.locator("#data-source-list tbody tr").filter({ hasText: "rounds_appointments" }).innerText()).toMatch(/hidden/i);
      expect(await p.getByRole("button", { name: /^(Hide|Restore) / }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("logged no console errors beyond the refused save (a 422 the browser reports)", () => {
    expect(consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
