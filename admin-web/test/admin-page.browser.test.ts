// The admin page in real Chromium against a real Rounds app and API server:
// login, approvals, consent, models, schedules, refusals, errors from
// problem+json, the CSP header, no console errors; and the README screenshot.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Actor, answerQuestion, createApiKey, ingestFile } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../../bot/src/app/create-app.ts";
import { localOperator } from "../../bot/src/cli/local-operator.ts";
import { waitForJobs } from "../../bot/src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../../bot/src/cli/workspace.ts";
import { cleanupTargets, startApp } from "../../bot/test/support/test-app.ts";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI === "true") {
  throw new Error(`CI=true but Chromium is missing at ${chromiumPath}: the admin page browser test may not be skipped.`);
}

const adminWebRoot = resolve(import.meta.dirname, "../public");
const screenshotPath = resolve(import.meta.dirname, "../../docs/admin-page.png");
const enc = (s: string) => new TextEncoder().encode(s);

const MONITORING = `# Ketamine infusion monitoring

During ketamine-assisted therapy dosing sessions, check blood pressure and heart rate every 15 minutes and watch for dissociation,
nausea and emergence reactions. Pause the infusion if systolic pressure exceeds 180 mmHg or diastolic exceeds 110 mmHg.
Keep continuous pulse oximetry during the infusion and for 30 minutes after; discharge only when the patient is alert and oriented.`;

const PARKING = `# Staff parking update

The multi-storey car park will close for resurfacing from the first Monday of next month. Staff permits remain valid at the
overflow lot behind the warehouse. The shuttle bus leaves every ten minutes from the main gate between 6:30 and 9:30.
Please display your permit on the dashboard and do not park in visitor bays.`;

const CONTRAINDICATIONS = `# Ketamine contraindications and screening

Before a ketamine-assisted therapy course, screen for uncontrolled hypertension, a history of psychosis, active substance use
disorder, pregnancy and severe cardiovascular disease. Record baseline blood pressure, current medications and interactions
(benzodiazepines and lamotrigine may blunt the response), and obtain informed consent for dosing sessions.`;

describe.skipIf(!haveChromium)("admin page in Chromium", () => {
  let app: RoundsApp;
  let api: Awaited<ReturnType<typeof createApiServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let key: string;
  let actor: Actor;
  let organizationId: string;
  let projectId: string;
  let patientId: string;
  let monitoringId: string;
  let parkingId: string;
  const consoleErrors: string[] = [];

  const scope = () => ({ organizationId, projectId });
  const apiGet = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    const t0 = Date.now();
    app = await startApp({ tier: "embedded", database: { url: "memory://" } });
    api = await createApiServer(app, { adminWebRoot });
    await api.listen({ port: 0, host: "127.0.0.1" });
    const address = api.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

    const ws = await ensureWorkspace(app, { org: "harbour-clinic", project: "kat", domain: "ketamine-assisted therapy" });
    organizationId = ws.organization.id;
    projectId = ws.project.id;
    actor = await localOperator(app, organizationId);
    key = (await createApiKey(app, actor, { organizationId, role: "admin", name: "admin page test", userId: actor.userId })).key;
    monitoringId = (await ingestFile(app, { actor, projectId, fileName: "ketamine-monitoring.md", bytes: enc(MONITORING) })).document.id;
    parkingId = (await ingestFile(app, { actor, projectId, fileName: "parking-memo.md", bytes: enc(PARKING) })).document.id;
    await ingestFile(app, { actor, projectId, fileName: "infusion-log.pdf", bytes: enc("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage") });
    await waitForJobs(app);
    patientId = (await app.store.identity.createPatient({ organizationId, displayName: "Test Patient", externalRef: "MRN-0042" })).id;

    console.log("seed", Date.now() - t0);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB", timezoneId: "Europe/London" });
    page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  }, 120_000);

  afterAll(async () => {
    let t = Date.now();
    await browser?.close(); console.log("browser", Date.now() - t); t = Date.now();
    await api?.close(); console.log("api", Date.now() - t); t = Date.now();
    await app?.close(); console.log("app", Date.now() - t); t = Date.now();
    await cleanupTargets(); console.log("cleanup", Date.now() - t);
  });

  it("serves the page under a strict content security policy", async () => {
    const response = await fetch(`${base}/admin/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect((await fetch(`${base}/admin/app.js`)).headers.get("content-type")).toContain("javascript");
  });

  it("shows the problem detail of a wrong API key in the alert region", async () => {
    const other = await browser.newContext();
    const errors: string[] = [];
    try {
      const p = await other.newPage();
      p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      p.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      await p.goto(`${base}/admin/`);
      await p.getByLabel("API key").fill("rk_not_a_real_key");
      await p.getByRole("button", { name: "Log in" }).click();
      await expect.poll(() => p.getByRole("alert").textContent()).toBe("Those credentials are not valid.");
      expect(await p.getByRole("tablist").isVisible()).toBe(false);
      // The browser itself reports the 401 response; nothing else may go wrong.
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("logs in with an API key and shows the organisation and its projects", async () => {
    await page.goto(`${base}/admin/`);
    await page.getByLabel("API key").fill(key);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("tab", { name: "Approvals" }).waitFor();
    expect(await page.locator("#org-name").textContent()).toBe("harbour-clinic");
    expect(await page.getByLabel("Knowledge base", { exact: true }).inputValue()).toBe(projectId);
    expect(await page.getByRole("alert").isHidden()).toBe(true);
    expect(await page.getByLabel("API key").isHidden()).toBe(true);
  });

  it("lists pending, off-topic and failed documents and approves one", async () => {
    const pending = page.locator(`#pending-list [data-document-id="${monitoringId}"]`);
    await pending.waitFor();
    expect(await pending.textContent()).toMatch(/Relevance\d+%/);
    const memo = page.locator(`#irrelevant-list [data-document-id="${parkingId}"]`);
    await memo.waitFor();
    const memoDoc = (await app.store.knowledge.getDocument(scope(), parkingId))!;
    expect(memoDoc.status).toBe("irrelevant");
    expect(memoDoc.classifierReason).toBeTruthy();
    expect(await memo.locator(".reason").textContent()).toContain(memoDoc.classifierReason!);
    expect(await page.locator("#failed-list .doc .reason-failed").count()).toBe(1);
    expect(await page.locator("#failed-list").getByRole("button", { name: /^Retry / }).count()).toBe(1);

    await pending.getByRole("button", { name: /^Approve / }).click();
    await expect.poll(() => pending.getAttribute("data-status")).toBe("approved");
    expect(await pending.locator(".badge").textContent()).toBe("approved");
    expect(await page.getByRole("status").textContent()).toContain("approved");
    expect((await apiGet(`/v1/projects/${projectId}/documents/${monitoringId}`)).status).toBe("approved");
    expect((await app.store.knowledge.getDocument(scope(), monitoringId))!.status).toBe("approved");
  });

  it("grants consent for a patient and shows the ledger", async () => {
    await page.getByRole("tab", { name: "Consent" }).click();
    await page.getByLabel("Patient").selectOption(patientId);
    const row = page.locator('#consent-status [data-consent-type="ai_analysis"]');
    await row.waitFor();
    expect(await row.locator(".badge").textContent()).toBe("never asked");
    await page.getByRole("button", { name: "Grant AI analysis" }).click();
    await expect.poll(() => row.locator(".badge").textContent()).toBe("granted");
    expect(await page.locator("#consent-history tbody tr").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Grant AI analysis" }).isDisabled()).toBe(true);
    const history = await app.store.consent.history(organizationId, patientId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ type: "ai_analysis", action: "granted", method: "admin_web" });
  });

  it("shows the model status, refuses a rollback without a previous model, and dry-runs training", async () => {
    await page.getByRole("tab", { name: "Models" }).click();
    await expect.poll(() => page.locator("#model-status").textContent()).toContain("Active: none");
    expect(await page.locator("#model-history").textContent()).toContain("No model versions yet");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/\w/);
    expect(await page.getByRole("alert").isVisible()).toBe(true);
    // The browser reports the 409 of that refused rollback; it is the only console error so far.
    expect(consoleErrors.splice(0)).toEqual([expect.stringMatching(/status of 409/)]);

    await page.getByRole("button", { name: "Dry-run training" }).click();
    await page.locator("#dry-run-result .counts").waitFor();
    expect(await page.locator("#dry-run-result").textContent()).toMatch(/Dry run: \d+ examples/);
    expect(await page.getByRole("alert").isHidden()).toBe(true);
  });

  it("saves a schedule and shows its readable description", async () => {
    await page.getByRole("tab", { name: "Schedules" }).click();
    await expect.poll(() => page.locator("#schedule-list").textContent()).toContain("No schedules yet");
    await page.getByLabel("Cron expression").fill("0 2 * * 0");
    await page.getByLabel("Time zone").fill("Europe/London");
    await page.getByRole("button", { name: "Save schedule" }).click();
    const item = page.locator("#schedule-list .schedule");
    await item.waitFor();
    expect(await item.textContent()).toMatch(/At 02:00, only on Sunday.*Europe\/London/);
    const [saved] = await app.store.training.listSchedules(organizationId);
    expect(saved).toMatchObject({ projectId, cron: "0 2 * * 0", timezone: "Europe/London", enabled: true });

    await page.getByRole("button", { name: /^Turn off schedule/ }).click();
    await expect.poll(() => item.locator(".badge").textContent()).toBe("off");
    expect((await app.store.training.listSchedules(organizationId))[0]?.enabled).toBe(false);
  });

  it("lists questions Rounds could not answer", async () => {
    await waitForJobs(app);
    const asked = await answerQuestion(app, { actor, projectId, question: "What colour should the staff summer party invitations be?", visibility: "private" });
    expect(asked.kind).toBe("refusal");
    await page.getByRole("tab", { name: "Refusals" }).click();
    await expect.poll(() => page.locator("#refusal-list").textContent()).toContain("staff summer party invitations");
  });

  it("uploads a file from the browser, takes the README screenshot and logs out", async () => {
    await page.getByRole("tab", { name: "Approvals" }).click();
    await page.getByLabel("Add a document").setInputFiles({ name: "contraindications.md", mimeType: "text/markdown", buffer: Buffer.from(CONTRAINDICATIONS) });
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.locator("#pending-list .doc").count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator("#pending-list").textContent()).toContain("contraindications.md");
    await page.locator("#status").evaluate((el) => { el.textContent = ""; });
    await page.locator("body").click({ position: { x: 5, y: 790 } });

    mkdirSync(resolve(screenshotPath, ".."), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect(existsSync(screenshotPath)).toBe(true);

    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByLabel("API key").waitFor();
    expect(await page.getByRole("tablist").isHidden()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
