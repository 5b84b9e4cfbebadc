// The everyday operator verbs, through the one command registry every
// channel uses (CLI, API, chat), on both tiers: several paths per ingest,
// short document ids, bulk approve/reject, users list, users patients.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type Actor } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { demoCorpus } from "../src/cli/demo.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(cleanupTargets);

for (const target of appTargets()) {
  describe(`everyday verbs (${target.name})`, () => {
    let app: RoundsApp;
    let actor: Actor;
    let projectId: string;
    const run = async (id: string, args: string) => runCommand(app, id, { actor, projectId, args, visibility: "private" });

    beforeAll(async () => {
      app = await startApp(await target.environment());
      const ws = await ensureWorkspace(app, { org: "verbs", project: "kat" });
      actor = await localOperator(app, ws.organization.id);
      projectId = ws.project.id;
    }, 120_000);
    afterAll(async () => app?.close());

    it("ingests several paths at once, one of them with a space in its name", async () => {
      const dir = mkdtempSync(join(tmpdir(), "rounds-verbs-"));
      copyFileSync(join(demoCorpus, "01-dosing.md"), join(dir, "dosing notes.md"));
      const result = await run("ingest", `"${join(dir, "dosing notes.md")}" ${join(demoCorpus, "04-consent.md")} ${join(demoCorpus, "09-interactions.md")}`);
      expect(result.failed).toBe(false);
      expect(result.documents).toHaveLength(3);
      await waitForJobs(app);
      const missing = await run("ingest", `${join(demoCorpus, "07-preparation.md")} ${join(dir, "nope.md")}`).catch((e: Error) => e);
      expect(missing).toMatchObject({ code: "NOT_FOUND" });
    }, 120_000);

    it("takes short ids, approves several at once, and rejects every pending one", async () => {
      const docs = (await run("docs", "list pending")).data as Array<{ id: string; title: string }>;
      expect(docs.length).toBe(3);
      const [a, b, c] = docs;
      const shown = await run("docs", `show ${a!.id.slice(0, 8)}`);
      expect((shown.data as { id: string }).id).toBe(a!.id);
      const approved = await run("docs", `approve ${a!.id.slice(0, 8)} ${b!.id} 00000000`);
      expect(approved.failed).toBe(true);
      expect((approved.data as { done: unknown[]; refused: number })).toMatchObject({ refused: 1 });
      expect((approved.data as { done: unknown[] }).done).toHaveLength(2);
      await waitForJobs(app);
      const rejected = await run("docs", "reject --all-pending");
      expect(rejected.failed).toBe(false);
      expect((rejected.data as { done: Array<{ id: string }> }).done.map((d) => d.id)).toEqual([c!.id]);
      const after = (await run("docs", "list")).data as Array<{ id: string; status: string }>;
      expect(Object.fromEntries(after.map((d) => [d.id, d.status]))).toEqual({ [a!.id]: "approved", [b!.id]: "approved", [c!.id]: "rejected" });
    }, 120_000);

    it("changes what the project is about after init", async () => {
      await run("project", `domain "contact lens fitting"`);
      const shown = await run("project", "show");
      expect(shown.data).toMatchObject({ domain: "contact lens fitting", description: expect.stringContaining("contact lens fitting") });
      const project = await app.store.tenancy.getProject(actor.organizationId, projectId);
      expect(project!.profile.domain).toBe("contact lens fitting");
      await expect(run("project", "domain")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    });

    it("lists users, by role", async () => {
      await run("users", "add Dr Verbs --role clinician");
      const all = (await run("users", "list")).data as Array<{ role: string }>;
      expect(all.map((u) => u.role).sort()).toEqual(["admin", "clinician"]);
      const clinicians = await run("users", "list --role clinician");
      expect(clinicians.blocks[0]).toMatchObject({ text: expect.stringContaining("Dr Verbs") });
      expect((clinicians.data as unknown[]).length).toBe(1);
    });

    it("lists the organisation's patients with the whole id other commands take", async () => {
      expect((await run("users", "patients")).blocks[0]).toMatchObject({ text: expect.stringContaining("No patients yet") });
      const added = (await run("users", "patient Pat Listed --ref MRN-LIST-1")).data as { id: string };
      const listed = await run("users", "patients");
      expect(listed.data).toEqual([{ id: added.id, displayName: "Pat Listed", externalRef: "MRN-LIST-1" }]);
      expect(listed.blocks[0]).toMatchObject({ text: `• ${added.id} Pat Listed (MRN-LIST-1)` });
      // The listed id is the one consent takes.
      await expect(run("consent", `grant ${added.id} training_use`)).resolves.toBeDefined();
    });
  });
}
