// Hybrid data questions (issue #20 item 5): a question that needs both a
// figure from the practice database and the rule a protocol states ("How many
// patients missed the 2-hour observation our protocol requires?") gets the
// metric's result and the cited passage of the caller's own documents, in the
// caller's scope (organisation, project, visibility), through the one command
// path (runCommand, as chat and the CLI use it). Each organisation has
// ingested its own protocol, with a different observation time: a duration
// the question leaves unsaid is read from the caller's passage, never from
// another organisation's. Runs on both tiers (embedded PGlite store, server
// PostgreSQL store); the practice database is PostgreSQL with the read-only role.
import { type Actor, ingestFile, reviewDocument, runCommand } from "@rounds/core";
import { serviceFromEnv } from "@rounds/core/testing";
import { createDemoDatabase, DEMO_TENANTS, demoSource, type DemoDatabase } from "@rounds/plugin-datasource-postgres/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const pg = serviceFromEnv("TEST_DATABASE_URL", "the hybrid data-questions suite (the practice database is PostgreSQL)", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const [A, B] = DEMO_TENANTS as [typeof DEMO_TENANTS[0], typeof DEMO_TENANTS[0]];
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

const protocol = (hours: string, marker: string) => [
  `# Ketamine infusion protocol ${marker}`,
  "",
  "## Preparation",
  "",
  "Check the blood pressure before the infusion starts. Record the dose in the treatment record.",
  "",
  "## Observation after the infusion",
  "",
  `After every ketamine infusion the patient must be observed in the clinic for at least ${hours} before discharge.`,
  "A nurse records the observation time and the discharge time in the treatment record.",
  "",
  "## Stock",
  "",
  "Vials are stored in the locked cabinet and counted every Friday.",
].join("\n");

const enc = (s: string) => new TextEncoder().encode(s);

afterAll(() => cleanupTargets());

describe.skipIf(!pg).each(appTargets())("hybrid data questions: a figure and the protocol passage ($name)", (target) => {
  let db: DemoDatabase;
  let app: RoundsApp;
  let clinicianA: Actor;
  let clinicianB: Actor;
  let projectA: string;
  let emptyProjectA: string;
  let projectB: string;

  beforeAll(async () => {
    db = await createDemoDatabase(pg!, new Date());
    const environment = await target.environment();
    const PLUGINS = [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-datasource-postgres"])];
    const setup = await startApp(environment);
    const a = await ensureWorkspace(setup, { org: "hybrid-a", project: "protocols" });
    const aEmpty = await ensureWorkspace(setup, { org: "hybrid-a", project: "no-protocols" });
    const b = await ensureWorkspace(setup, { org: "hybrid-b", project: "protocols" });
    await setup.close();
    projectA = a.project.id;
    emptyProjectA = aEmpty.project.id;
    projectB = b.project.id;
    const sources = [
      demoSource({ organizationId: a.organization.id, url: db.readerUrl, tenantId: A.tenantId }),
      demoSource({ organizationId: b.organization.id, url: db.readerUrl, tenantId: B.tenantId }),
    ];
    // The embedded default: no language model; metrics only.
    app = await startApp(environment, { plugins: PLUGINS, pluginSettings: { "@rounds/plugin-datasource-postgres": { sources } } });
    const user = async (orgId: string, role: "clinician" | "admin") => ({ userId: (await app.store.identity.createUser({ organizationId: orgId, role, displayName: role })).id, organizationId: orgId, role });
    clinicianA = await user(a.organization.id, "clinician");
    clinicianB = await user(b.organization.id, "clinician");
    const adminA = await user(a.organization.id, "admin");
    const adminB = await user(b.organization.id, "admin");
    // Organisation A requires 2 hours, organisation B 3 hours.
    const docA = await ingestFile(app, { actor: adminA, projectId: projectA, fileName: "ketamine-protocol.md", bytes: enc(protocol("2 hours", A.marker)) });
    const docB = await ingestFile(app, { actor: adminB, projectId: projectB, fileName: "ketamine-protocol.md", bytes: enc(protocol("3 hours", B.marker)) });
    await waitForJobs(app);
    await reviewDocument(app, { actor: adminA, projectId: projectA, documentId: docA.document.id, action: "approve" });
    await reviewDocument(app, { actor: adminB, projectId: projectB, documentId: docB.document.id, action: "approve" });
    await waitForJobs(app);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const ask = (as: Actor, projectId: string, args: string) =>
    runCommand(app, "data", { actor: as, projectId, args, visibility: "private", origin: "chat" });
  const text = (r: { blocks: Array<{ type: string; text?: string }> }) => r.blocks.map((b) => b.text ?? "").join("\n");
  type Hybrid = { metric?: { id: string; parameters: Record<string, unknown> }; result: { rows: unknown[][]; suppressedRows: number }; protocol: { sources: Array<{ documentId: string; title: string; text: string }> } | null };

  it("the question names the duration: the metric's figure with it, and the cited passage of the caller's protocol", async () => {
    const r = await ask(clinicianA, projectA, "How many patients missed the 2-hour observation our protocol requires?");
    const shown = text(r);
    const data = r.data as Hybrid;
    expect(data.metric?.id).toBe("short_observation");
    expect(data.metric?.parameters.minutes).toBe(120);
    expect(shown).toContain(`infusions ${A.shortObservations}, patients ${A.shortObservationPatients}`);
    expect(shown).toContain("minutes = 120 (from \"2-hour\")");
    expect(shown).toMatch(/From your documents:\n> [^\n]*observed in the clinic for at least 2 hours[^\n]*\[\d+\]/);
    expect(shown).toContain(`Ketamine infusion protocol ${A.marker}`);
    expect(data.protocol?.sources.length).toBe(1);
    expect(shown).not.toContain(B.marker);
    expect(shown).toMatch(/SQL \(read-only[^]*FROM rounds_treatments/);
    // The audit row names the cited document next to the question and the SQL.
    const audited = await app.store.audit.query(clinicianA.organizationId, { action: "data.read", limit: 50 });
    const row = audited.find((a) => (a.details as { metric?: string }).metric === "short_observation");
    expect(row?.details).toMatchObject({ outcome: "answered", documents: [data.protocol!.sources[0]!.documentId], sql: expect.stringContaining("observed_minutes") });
  });

  it("the question leaves the duration to the protocol: it is read from the caller's own passage (A: 2 hours, B: 3 hours)", async () => {
    const question = "How many patients missed the observation period our protocol requires after an infusion?";
    const a = await ask(clinicianA, projectA, question);
    expect((a.data as Hybrid).metric?.parameters.minutes).toBe(120);
    expect(text(a)).toMatch(/minutes = 120 \(from the protocol \[\d+\]: "2 hours"\)/);
    expect(text(a)).toContain(`infusions ${A.shortObservations}, patients ${A.shortObservationPatients}`);
    expect(text(a)).not.toContain(B.marker);
    const b = await ask(clinicianB, projectB, question);
    const bData = b.data as Hybrid;
    expect(bData.metric?.parameters.minutes).toBe(180);
    expect(text(b)).toContain(`Ketamine infusion protocol ${B.marker}`);
    expect(text(b)).not.toContain(A.marker);
    // B's 6 infusions all fall under 3 hours, but to 3 patients: below k = 10, withheld.
    expect(bData.result.suppressedRows).toBe(1);
    expect(text(b)).toContain("withheld: fewer than 10 patients");
  });

  it("in a project without the protocol, the figure comes with a plain note that no passage states the rule, and the metric's default", async () => {
    const r = await ask(clinicianA, emptyProjectA, "How many patients missed the observation period our protocol requires after an infusion?");
    expect((r.data as Hybrid).protocol).toBeNull();
    expect(text(r)).toContain("No passage of this project's documents states the rule");
    expect(text(r)).toContain("minutes = 120 (default)");
    expect(text(r)).not.toContain("Ketamine infusion protocol");
  });

  it("another organisation's project is refused, and a question with no protocol in it searches no document", async () => {
    await expect(ask(clinicianA, projectB, "How many patients missed the 2-hour observation our protocol requires?")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const plain = await ask(clinicianA, projectA, "How many ketamine infusions did we run last month?");
    expect(text(plain)).not.toContain("From your documents");
    expect(text(plain)).not.toContain("No passage");
    expect("protocol" in (plain.data as object)).toBe(false);
  });
});
