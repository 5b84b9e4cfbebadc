// `data connect <owner URL>` (issue #20): an admin at the server's own machine
// sets up Rounds' read-only, tenant-scoped access to the practice database with
// the owner's connection (used once, never stored or audited), and sees the
// checks run as Rounds' role. Through the one command path on both tiers: the
// CLI origin is allowed, the API and chat are refused (the command names a
// URL), a clinician is refused, and a failed check makes the command fail.
import { type Actor, runCommand } from "@rounds/core";
import { serviceFromEnv } from "@rounds/core/testing";
import { createDemoDatabase, DEMO_TENANTS, demoSource, type DemoDatabase } from "@rounds/plugin-datasource-postgres/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const pg = serviceFromEnv("TEST_DATABASE_URL", "the data connect suite (the practice database is PostgreSQL)", "postgres://postgres:postgres@127.0.0.1:5432/postgres");
const A = DEMO_TENANTS[0]!;
const BASE = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

afterAll(() => cleanupTargets());

describe.skipIf(!pg).each(appTargets())("data connect ($name)", (target) => {
  let db: DemoDatabase;
  let app: RoundsApp;
  let admin: Actor;
  let clinician: Actor;
  let projectId: string;

  beforeAll(async () => {
    db = await createDemoDatabase(pg!, new Date(), { access: false });
    const environment = await target.environment();
    const setup = await startApp(environment);
    const ws = await ensureWorkspace(setup, { org: "connect-a", project: "ops" });
    await setup.close();
    projectId = ws.project.id;
    app = await startApp(environment, {
      plugins: [...new Set([...(environment.plugins ?? BASE), "@rounds/plugin-datasource-postgres"])],
      pluginSettings: { "@rounds/plugin-datasource-postgres": { sources: [demoSource({ organizationId: ws.organization.id, url: db.readerUrl, tenantId: A.tenantId })] } },
    });
    const user = async (role: "admin" | "clinician") => ({ userId: (await app.store.identity.createUser({ organizationId: ws.organization.id, role, displayName: role })).id, organizationId: ws.organization.id, role });
    admin = await user("admin");
    clinician = await user("clinician");
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const run = (actor: Actor, args: string, origin: "cli" | "api" | "chat") => runCommand(app, "data", { actor, projectId, args, visibility: "private", origin });
  const text = (r: { blocks: Array<{ type: string; text?: string }> }) => r.blocks.map((b) => b.text ?? "").join("\n");

  it("from the API or a chat, or as a clinician, it is refused before anything is touched", async () => {
    await expect(run(admin, `connect ${db.ownerUrl}`, "api")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(run(admin, `connect ${db.ownerUrl}`, "chat")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(run(clinician, `connect ${db.ownerUrl}`, "cli")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(run(admin, "connect not-a-url", "cli")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Nothing was set up: the role still cannot read.
    await expect(run(clinician, "Which lens coatings are low on stock?", "chat")).rejects.toMatchObject({ code: "UPSTREAM_FAILED" });
  });

  it("at the CLI an admin sets it up: every check passes, questions answer, the audit row holds no URL", async () => {
    const r = await run(admin, `connect ${db.ownerUrl}`, "cli");
    expect(r.failed).toBeUndefined();
    expect(text(r)).toContain(`read-only role ${db.role}`);
    expect(text(r).match(/✓/g)).toHaveLength(4);
    const answer = await run(clinician, "Which lens coatings are low on stock?", "chat");
    expect(text(answer)).toContain(A.lowStock[0]!);
    const audited = await app.store.audit.query(admin.organizationId, { action: "data.connect", limit: 10 });
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toMatch(/postgres:\/\/|password/);
  });

  it("a failed check makes the command fail (non-zero exit at the CLI) and says which", async () => {
    try {
      await db.asOwner(`CREATE POLICY wide_open ON stock FOR SELECT TO "${db.role}" USING (true)`);
      const r = await run(admin, `connect ${db.ownerUrl}`, "cli");
      expect(r.failed).toBe(true);
      expect(text(r)).toContain("✗ no row is visible without the tenant setting");
    } finally {
      await db.asOwner("DROP POLICY IF EXISTS wide_open ON stock");
    }
  });
});
