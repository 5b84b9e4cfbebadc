// Data questions on the embedded tier: the practice's data in a PGlite folder
// (`@rounds/plugin-datasource-pglite`), the demo practice seeded for two
// organisations, asked through the one command path (runCommand, as the CLI
// and chats use it): `data metrics`, `data sources`, a metric question per
// organisation, and the hostile SQL a language model could write refused or
// made harmless. No PostgreSQL server is needed for the practice data.
import { type Actor, RoundsError, runCommand } from "@rounds/core";
import { ATTACKS, DEMO_TENANTS } from "@rounds/core/testing";
import { createDemoFolder, demoSource } from "@rounds/plugin-datasource-pglite/testing";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const [A, B] = DEMO_TENANTS as [typeof DEMO_TENANTS[0], typeof DEMO_TENANTS[0]];
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

afterAll(() => cleanupTargets());

describe.each(appTargets())("data questions over a PGlite practice folder ($name)", (target) => {
  let folder: string;
  let app: RoundsApp;
  let clinicianA: Actor;
  let clinicianB: Actor;
  let projectA: string;
  let projectB: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "rounds-practice-"));
    await createDemoFolder(folder, new Date());
    const environment = await target.environment();
    const setup = await startApp(environment);
    const a = await ensureWorkspace(setup, { org: "data-a", project: "ops" });
    const b = await ensureWorkspace(setup, { org: "data-b", project: "ops" });
    await setup.close();
    projectA = a.project.id;
    projectB = b.project.id;
    const sources = [
      demoSource({ organizationId: a.organization.id, dataDir: folder, tenantId: A.tenantId }),
      demoSource({ organizationId: b.organization.id, dataDir: folder, tenantId: B.tenantId }),
    ];
    app = await startApp(environment, {
      plugins: [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-datasource-pglite"])],
      pluginSettings: { "@rounds/plugin-datasource-pglite": { sources } },
    });
    const user = async (orgId: string) => ({ userId: (await app.store.identity.createUser({ organizationId: orgId, role: "clinician", displayName: "Clinician" })).id, organizationId: orgId, role: "clinician" as const });
    clinicianA = await user(a.organization.id);
    clinicianB = await user(b.organization.id);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const ask = (as: Actor, projectId: string, args: string) => runCommand(app, "data", { actor: as, projectId, args, visibility: "private", origin: "cli" });
  const text = (r: { blocks: Array<{ type: string; text?: string }> }) => r.blocks.map((b) => b.text ?? "").join("\n");

  it("data metrics and data sources list the catalogue and the allow list, never a raw patient column", async () => {
    const metrics = text(await ask(clinicianA, projectA, "metrics"));
    expect(metrics).toContain("treatments_given");
    expect(metrics).toContain("low_stock");
    const sources = text(await ask(clinicianA, projectA, "sources"));
    expect(sources).toContain("rounds_patients");
    expect(sources).toContain("age_band");
    expect(sources).not.toMatch(/first_name|last_name|date_of_birth|email|phone|street|zip|tenant_id/);
  }, 120_000);

  it("a metric question answers each organisation from its own rows, withholding a cohort under k, and is audited", async () => {
    const a = text(await ask(clinicianA, projectA, "How many ketamine infusions did we run last month?"));
    expect(a).toContain("Metric: Treatments given in a period (treatments_given)");
    expect(a).toContain(`treatments ${A.infusionsLastMonth}, patients ${A.infusionPatientsLastMonth}`);
    expect(a).toMatch(/SQL \(read-only[^]*FROM rounds_treatments[^]*LIMIT/);
    const b = text(await ask(clinicianB, projectB, "How many ketamine infusions did we run last month?"));
    expect(b).toContain("1 row withheld: fewer than 10 patients");
    const stock = await ask(clinicianB, projectB, "Which frames need reordering?");
    expect((stock.data as { result: { rows: unknown[][] } }).result.rows.map((row) => row[0])).toEqual(B.lowStock);
    const audited = await app.store.audit.query(clinicianA.organizationId, { action: "data.read", limit: 50 });
    expect(audited.some((row) => (row.details as { metric?: string }).metric === "treatments_given")).toBe(true);
  }, 120_000);

  it("another organisation's project is refused, and a question without a metric lists the metrics (non-zero)", async () => {
    await expect(ask(clinicianA, projectB, "How many ketamine infusions did we run last month?")).rejects.toBeInstanceOf(RoundsError);
    const refused = await ask(clinicianA, projectA, "Which item is most popular with buyers?").catch((e: unknown) => e);
    expect((refused as RoundsError).code).toBe("DATA_QUESTION_UNMATCHED");
  }, 120_000);

  it("the hostile SQL list, run by the data source behind the command for organisation A: refused or no other tenant's row", async () => {
    const source = await app.host.get("dataSources", "pglite");
    for (const { sql, expected } of ATTACKS.filter((x) => !x.attack.startsWith("endless"))) {
      const outcome = await source.runSql(clinicianA.organizationId, sql).then((r) => r, (e: unknown) => e);
      if (expected === "refused") expect((outcome as RoundsError).code).toBe("DATA_QUERY_REFUSED");
      else expect(JSON.stringify((outcome as { rows: unknown[][] }).rows)).not.toContain(B.marker);
    }
  }, 120_000);
});
