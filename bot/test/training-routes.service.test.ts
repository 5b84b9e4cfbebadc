// The training, model and schedule JSON routes through the real API server,
// on both tiers (PGlite and PostgreSQL): validation errors that name the
// field, role checks, another organisation's ids answered with 404,
// promotion and rollback as alias moves with audit entries, dry-run
// training, jobs and cancel.
import { type Actor, createApiKey } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`training routes on the ${target.name} tier`, () => {
    let app: RoundsApp;
    let api: Awaited<ReturnType<typeof createApiServer>>;
    let admin: Actor;
    let projectId: string;
    let otherProjectId: string;
    const keys: Record<"admin" | "clinician" | "stranger", string> = { admin: "", clinician: "", stranger: "" };
    const call = (who: keyof typeof keys, method: "GET" | "PUT" | "POST" | "DELETE", url: string, payload?: unknown) =>
      api.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}` }, ...(payload !== undefined && { payload: payload as Record<string, unknown> }) });

    beforeAll(async () => {
      app = await startApp(await target.environment());
      const ws = await ensureWorkspace(app, { org: "routes-clinic", project: "kat" });
      projectId = ws.project.id;
      admin = await localOperator(app, ws.organization.id);
      keys.admin = (await createApiKey(app, admin, { organizationId: ws.organization.id, role: "admin", name: "a", userId: admin.userId })).key;
      keys.clinician = (await createApiKey(app, admin, { organizationId: ws.organization.id, role: "clinician", name: "c" })).key;
      const other = await ensureWorkspace(app, { org: "other-clinic", project: "kat" });
      otherProjectId = other.project.id;
      keys.stranger = (await createApiKey(app, undefined, { organizationId: other.organization.id, role: "admin", name: "s" })).key;
      api = await createApiServer(app);
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await app?.close();
    });

    it("schedules: an invalid cron is a 422 naming it; a valid one is saved with its preview and next run", async () => {
      const bad = await call("admin", "PUT", "/v1/schedules", { projectId, cron: "0 25 * * *", thresholdNewExamples: null, enabled: true });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({ code: "VALIDATION_FAILED", detail: expect.stringMatching(/hour|25|cron/i) });
      const badParam = await call("admin", "PUT", "/v1/schedules", { projectId, cron: "0 2 * * 1", thresholdNewExamples: null, enabled: true, params: { epochs: 0 } });
      expect(badParam.statusCode).toBe(422);
      expect(JSON.stringify(badParam.json())).toMatch(/epochs/);
      const neither = await call("admin", "PUT", "/v1/schedules", { projectId, cron: null, thresholdNewExamples: null, enabled: true });
      expect(neither.statusCode).toBe(422);

      const ok = await call("admin", "PUT", "/v1/schedules", { projectId, cron: "0 2 * * 1", timezone: "Europe/London", thresholdNewExamples: 200, enabled: true, params: { epochs: 3, learningRateMultiplier: 0.5, humanReviewedOnly: true } });
      expect(ok.statusCode).toBe(200);
      const saved = ok.json() as { id: string; description: string; nextRunAt: string; params: Record<string, unknown> };
      expect(saved.description).toMatch(/Monday/i);
      expect(new Date(saved.nextRunAt).getUTCDay()).toBe(1);
      expect(saved.params).toEqual({ epochs: 3, learningRateMultiplier: 0.5, humanReviewedOnly: true });
      const listed = (await call("admin", "GET", "/v1/schedules")).json() as { schedules: Array<{ id: string }> };
      expect(listed.schedules.map((s) => s.id)).toEqual([saved.id]);
      const audit = await app.store.audit.query(admin.organizationId, { action: "schedule.save" });
      expect(audit.map((a) => a.targetId)).toContain(saved.id);
    });

    it("schedules: roles and tenants", async () => {
      const schedule = ((await call("admin", "GET", "/v1/schedules")).json() as { schedules: Array<{ id: string }> }).schedules[0]!;
      expect((await call("clinician", "GET", "/v1/schedules")).statusCode).toBe(403);
      expect((await call("clinician", "PUT", "/v1/schedules", { projectId, cron: "0 3 * * *", thresholdNewExamples: null, enabled: true })).statusCode).toBe(403);
      expect(((await call("stranger", "GET", "/v1/schedules")).json() as { schedules: unknown[] }).schedules).toEqual([]);
      expect((await call("stranger", "PUT", "/v1/schedules", { projectId, cron: "0 3 * * *", thresholdNewExamples: null, enabled: true })).statusCode).toBe(404);
      expect((await call("stranger", "DELETE", `/v1/schedules/${schedule.id}`)).statusCode).toBe(404);
      expect((await call("admin", "DELETE", `/v1/schedules/${schedule.id}`)).statusCode).toBe(204);
      expect(((await call("admin", "GET", "/v1/schedules")).json() as { schedules: unknown[] }).schedules).toEqual([]);
    });

    it("models: versions with lineage, promote, promote again, roll back; audited; others get 404 and clinicians 403", async () => {
      const scope = { organizationId: admin.organizationId, projectId };
      const v1 = await app.store.training.createModelVersion(scope, { baseModel: "base", backend: "fake", status: "ready", artifact: { kind: "remote-model", modelId: "ft:1" } });
      const v2 = await app.store.training.createModelVersion(scope, { baseModel: "base", backend: "fake", status: "candidate", parentVersionId: v1.id, artifact: { kind: "remote-model", modelId: "ft:2" } });

      const listed = await call("clinician", "GET", `/v1/models?projectId=${projectId}`);
      expect(listed.statusCode).toBe(200);
      const body = listed.json() as { versions: Array<{ id: string; parentVersionId: string | null }>; aliases: Record<string, unknown>; jobs: unknown[]; runtime: unknown };
      expect(body.versions.find((v) => v.id === v2.id)).toMatchObject({ parentVersionId: v1.id });
      expect(body).toMatchObject({ jobs: [], runtime: null });
      expect((await call("stranger", "GET", `/v1/models?projectId=${projectId}`)).statusCode).toBe(404);

      expect((await call("clinician", "POST", `/v1/models/${v1.id}/promote`, { projectId })).statusCode).toBe(403);
      expect((await call("stranger", "POST", `/v1/models/${v1.id}/promote`, { projectId: otherProjectId })).statusCode).toBe(404);
      expect((await call("admin", "POST", `/v1/models/${v1.id}/promote`, { projectId })).json()).toMatchObject({ aliases: { active: { id: v1.id } } });
      expect((await call("admin", "POST", `/v1/models/${v2.id}/promote`, { projectId })).json()).toMatchObject({ aliases: { active: { id: v2.id }, previous: { id: v1.id } } });
      const rolled = await call("admin", "POST", "/v1/models/rollback", { projectId });
      expect(rolled.json()).toMatchObject({ aliases: { active: { id: v1.id }, previous: { id: v2.id } } });
      const actions = (await app.store.audit.query(admin.organizationId, {})).map((a) => `${a.action}:${a.targetId}`);
      expect(actions).toEqual(expect.arrayContaining([`model.promote:${v1.id}`, `model.promote:${v2.id}`, `model.rollback:${v1.id}`]));
      // Nothing to roll back to in the organisation scope.
      const none = await call("admin", "POST", "/v1/models/rollback", { projectId: null });
      expect(none.statusCode).toBe(409);
      expect(none.json()).toMatchObject({ detail: "There is no previous model version to roll back to." });
    });

    it("training: a dry run counts, no trainer is a clear conflict, cancel with nothing running is a conflict; jobs list", async () => {
      const dry = await call("admin", "POST", "/v1/training", { projectId, dryRun: true });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ status: "dry-run", enough: false, metadata: { counts: { exported: 0 } } });
      // No trainer configured on this app: a clear conflict, nothing started.
      const real = await call("admin", "POST", "/v1/training", { projectId });
      expect(real.statusCode).toBe(409);
      expect(real.json()).toMatchObject({ reason: "no_trainer", detail: expect.stringMatching(/^No trainer is configured/) });
      expect((await call("clinician", "POST", "/v1/training", { projectId, dryRun: true })).statusCode).toBe(403);
      expect((await call("stranger", "POST", "/v1/training", { projectId, dryRun: true })).statusCode).toBe(404);
      const cancel = await call("admin", "POST", "/v1/training/cancel", { projectId });
      expect(cancel.statusCode).toBe(409);
      expect(cancel.json()).toMatchObject({ detail: "No training is running for this scope." });
      const jobs = await call("admin", "GET", `/v1/training/jobs?projectId=${projectId}`);
      expect(jobs.statusCode).toBe(200);
      expect(jobs.json()).toEqual({ jobs: [] });
      expect((await call("stranger", "GET", `/v1/training/jobs?projectId=${projectId}`)).statusCode).toBe(404);
    });
  });
}
