import { createTestStore, databaseTargets, type TestStore } from "../../src/testing.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, type AppContext, listSchedules, runDueSchedules, saveSchedule, silentLogger, type StartScheduledTraining } from "@rounds/core";

for (const target of databaseTargets()) {
  describe(`training schedules on ${target.name}`, () => {
    let ts: TestStore;
    let clock = new Date("2026-11-23T01:00:00Z");
    let app: AppContext;
    let admin: Actor;
    let projectId: string;
    beforeAll(async () => {
      ts = await createTestStore((await target.open()).url);
      app = { store: ts.store, logger: silentLogger(), now: () => clock } as unknown as AppContext;
      const org = await ts.store.tenancy.createOrganization({ slug: "sch", name: "S" });
      projectId = (await ts.store.tenancy.createProject({ organizationId: org.id, slug: "k", name: "K", profile: { domain: "d", description: "d", seeds: [] } })).id;
      admin = { userId: "00000000-0000-0000-0000-000000000001", organizationId: org.id, role: "admin" };
    });
    afterAll(async () => ts?.close());

    it("validates input and shows the next run with a preview", async () => {
      const scope = { organizationId: admin.organizationId, projectId };
      await expect(saveSchedule(app, admin, scope, { cron: "0 2 * *", thresholdNewExamples: null, enabled: true, params: {} })).rejects.toThrow(/5 cron fields/);
      await expect(saveSchedule(app, admin, scope, { cron: "0 2 * * 1", thresholdNewExamples: null, enabled: true, params: { epochs: 0 } })).rejects.toThrow(/epochs/);
      await expect(saveSchedule(app, { ...admin, role: "clinician" }, scope, { cron: "0 2 * * 1", thresholdNewExamples: null, enabled: true, params: {} })).rejects.toThrow(/Only admins/);
      const s = await saveSchedule(app, admin, scope, { cron: "0 2 * * 1", thresholdNewExamples: null, enabled: true, params: { epochs: 3 } });
      expect(s.nextRunAt?.toISOString()).toBe("2026-11-23T02:00:00.000Z");
      expect(s.description).toBe("At 02:00, only on Monday");
      expect((await listSchedules(app, admin)).map((x) => x.id)).toEqual([s.id]);
    });

    it("fires a due cron schedule once even when two workers tick at the same moment", async () => {
      clock = new Date("2026-11-23T02:00:30Z");
      const starts: string[] = [];
      const start: StartScheduledTraining = async (scope) => {
        starts.push(scope.projectId ?? "org");
        return { started: true, jobId: `job-${starts.length}` };
      };
      const [a, b] = await Promise.all([runDueSchedules(app, "worker-a", start), runDueSchedules(app, "worker-b", start)]);
      expect(starts).toHaveLength(1);
      expect(a.length + b.length).toBe(1);
      const [s] = await listSchedules(app, admin);
      expect(s!.nextRunAt?.toISOString()).toBe("2026-11-30T02:00:00.000Z");
      expect(s!.lastResult).toMatchObject({ status: "started", jobId: "job-1" });
      expect(await runDueSchedules(app, "worker-a", start)).toEqual([]);
    });

    it("a threshold trigger fires once when enough new examples arrived, and records skips", async () => {
      const org = await ts.store.tenancy.createOrganization({ slug: "thr", name: "T" });
      const p = await ts.store.tenancy.createProject({ organizationId: org.id, slug: "k", name: "K", profile: { domain: "d", description: "d", seeds: [] } });
      const a2 = { ...admin, organizationId: org.id };
      await saveSchedule(app, a2, { organizationId: org.id, projectId: p.id }, { cron: null, thresholdNewExamples: 2, enabled: true, params: {} });
      const starts: string[] = [];
      const start: StartScheduledTraining = async () => (starts.push("x"), { started: true, jobId: "j" });
      await runDueSchedules(app, "w", start);
      expect(starts).toHaveLength(0);
      // Rows carry the test clock's time: the trigger counts examples newer than the last run.
      const t0 = clock.toISOString();
      await ts.handle.exec(`insert into qa_pairs (organization_id, project_id, question, answer, created_at) values
        ('${org.id}', '${p.id}', 'q1', 'a1', '${t0}'), ('${org.id}', '${p.id}', 'q2', 'a2', '${t0}')`);
      clock = new Date(clock.getTime() + 60_000);
      await runDueSchedules(app, "w", start);
      clock = new Date(clock.getTime() + 60_000);
      await runDueSchedules(app, "w", start);
      expect(starts).toHaveLength(1);
      const skip: StartScheduledTraining = async () => ({ started: false, reason: "a training run is already in progress for this scope" });
      clock = new Date(clock.getTime() + 60_000);
      const at = clock.toISOString();
      await ts.handle.exec(`insert into qa_pairs (organization_id, project_id, question, answer, created_at) values ('${org.id}', '${p.id}', 'q3', 'a3', '${at}'), ('${org.id}', '${p.id}', 'q4', 'a4', '${at}')`);
      clock = new Date(clock.getTime() + 60_000);
      const [r] = await runDueSchedules(app, "w", skip);
      expect(r!.result).toMatchObject({ status: "skipped", reason: /already in progress/ });
    });
  });
}
