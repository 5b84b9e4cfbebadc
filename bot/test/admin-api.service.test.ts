// The admin page's JSON API through the real Fastify server, on each tier
// (embedded PGlite; PostgreSQL + Redis + S3): training schedules with inline
// validation errors, model versions (lineage, evaluation, promote, reject,
// rollback), training jobs and dry runs, the training-data summary and
// export downloads, the audit log with filters, paging and CSV, usage from
// stored answers; wrong roles get 403, another organisation's ids 404, and a
// cookie session's mutation without its CSRF token 403.
import { type Actor, answerQuestion, createApiKey, ingestFile, recordAudit, reviewDocument } from "@rounds/core";
import { createApiServer } from "@rounds/core/api";
import { datasets } from "@rounds/db";
import { count } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

const DOC = `# Ketamine infusion monitoring

During ketamine-assisted therapy dosing sessions, check blood pressure and heart rate every 15 minutes and watch for dissociation.
Pause the infusion if systolic pressure exceeds 180 mmHg. Questions about the protocol go to the duty nurse at nurse.lead@harbour-clinic.example or 555-201-3344.`;

afterAll(() => cleanupTargets());

describe.each(appTargets())("admin JSON API ($name)", (target) => {
  let app: RoundsApp;
  let api: FastifyInstance;
  let admin: Actor;
  let orgA: string;
  let projectA: string;
  let orgB: string;
  let projectB: string;
  const keys = {} as Record<"admin" | "auditor" | "clinician" | "otherAdmin", string>;
  let patientA: string;
  let answeredId: string;

  beforeAll(async () => {
    app = await startApp(await target.environment(), { training: { minExamplesProject: 1, minExamplesOrganization: 1 } });
    api = await createApiServer(app);
    const a = await ensureWorkspace(app, { org: "admin-api-a", project: "kat", domain: "ketamine-assisted therapy" });
    const b = await ensureWorkspace(app, { org: "admin-api-b", project: "kat", domain: "ketamine-assisted therapy" });
    [orgA, projectA, orgB, projectB] = [a.organization.id, a.project.id, b.organization.id, b.project.id];
    admin = await localOperator(app, orgA);
    keys.admin = (await createApiKey(app, admin, { organizationId: orgA, role: "admin", name: "admin", userId: admin.userId })).key;
    keys.auditor = (await createApiKey(app, admin, { organizationId: orgA, role: "auditor", name: "auditor" })).key;
    keys.clinician = (await createApiKey(app, admin, { organizationId: orgA, role: "clinician", name: "clinician" })).key;
    keys.otherAdmin = (await createApiKey(app, undefined, { organizationId: orgB, role: "admin", name: "other" })).key;
    patientA = (await app.store.identity.createPatient({ organizationId: orgA, displayName: "Test Patient" })).id;

    const { document } = await ingestFile(app, { actor: admin, projectId: projectA, fileName: "monitoring.md", bytes: new TextEncoder().encode(DOC) });
    await waitForJobs(app);
    await reviewDocument(app, { actor: admin, projectId: projectA, documentId: document.id, action: "approve" });
    await waitForJobs(app);
    const answered = await answerQuestion(app, { actor: admin, projectId: projectA, question: "When is the infusion paused for blood pressure?", visibility: "private" });
    expect(answered.kind).not.toBe("refusal");
    answeredId = answered.answerId;
    const refused = await answerQuestion(app, { actor: admin, projectId: projectA, question: "What colour are the staff party invitations?", visibility: "private" });
    expect(refused.kind).toBe("refusal");
    await app.store.answers.addFeedback({ organizationId: orgA, answerId: answeredId, userId: admin.userId, rating: "up" });
    await app.store.answers.addFeedback({ organizationId: orgA, answerId: refused.answerId, userId: admin.userId, rating: "down" });
    await app.store.answers.addFeedback({ organizationId: orgA, answerId: answeredId, userId: admin.userId, rating: "up" });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await app?.close();
  });

  type Key = keyof typeof keys;
  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, who: Key = "admin", payload?: unknown, headers: Record<string, string> = {}) =>
    api.inject({ method, url, headers: { authorization: `Bearer ${keys[who]}`, ...headers }, ...(payload !== undefined && { payload: payload as object }) });

  it("saves schedules with training parameters and names the field of a validation error", async () => {
    const bad = await call("PUT", `/v1/training/schedules/${projectA}`, "admin", { cron: "0 25 * * *", thresholdNewExamples: null });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
    expect(bad.json()).toMatchObject({ code: "VALIDATION_FAILED", field: "cron", detail: expect.stringMatching(/Invalid cron expression/) });
    expect((await call("PUT", `/v1/training/schedules/${projectA}`, "admin", { cron: "0 2 * *", thresholdNewExamples: null })).json()).toMatchObject({ field: "cron", detail: expect.stringMatching(/5 cron fields/) });
    expect((await call("PUT", `/v1/training/schedules/${projectA}`, "admin", { cron: "0 2 * * 1", timezone: "Mars/Olympus", thresholdNewExamples: null })).json()).toMatchObject({ status: 422, field: "timezone" });
    expect((await call("PUT", `/v1/training/schedules/${projectA}`, "admin", { cron: "0 2 * * 1", thresholdNewExamples: null, params: { epochs: 0 } })).json()).toMatchObject({ status: 422, field: "params.epochs" });
    expect((await call("PUT", `/v1/training/schedules/${projectA}`, "admin", { cron: null, thresholdNewExamples: 0 })).json()).toMatchObject({ status: 422, field: "thresholdNewExamples" });
    expect(await app.store.training.listSchedules(orgA)).toEqual([]);

    const saved = await call("PUT", `/v1/training/schedules/${projectA}`, "admin", {
      cron: "0 2 * * 1", timezone: "Europe/London", thresholdNewExamples: 1, params: { minConfidence: 0.6, humanReviewedOnly: false, epochs: 3, learningRateMultiplier: 0.5 },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ projectId: projectA, description: "At 02:00, only on Monday", enabled: true, params: { epochs: 3, learningRateMultiplier: 0.5, minConfidence: 0.6 } });
    expect(new Date(saved.json().nextRunAt).getTime()).toBeGreaterThan(Date.now());
    const org = await call("PUT", "/v1/training/schedules/organization", "admin", { cron: "30 3 1 * *", thresholdNewExamples: null, enabled: false });
    expect(org.json()).toMatchObject({ projectId: null, enabled: false });
    const listed = (await call("GET", "/v1/training/schedules", "auditor")).json<Array<{ projectId: string | null }>>();
    expect(listed.map((s) => s.projectId).sort()).toEqual([projectA, null].sort());

    expect((await call("PUT", `/v1/training/schedules/${projectA}`, "clinician", { cron: "0 2 * * 1", thresholdNewExamples: null })).statusCode).toBe(403);
    expect((await call("GET", "/v1/training/schedules", "clinician")).statusCode).toBe(403);
    expect((await call("PUT", `/v1/training/schedules/${projectA}`, "otherAdmin", { cron: "0 2 * * 1", thresholdNewExamples: null })).statusCode).toBe(404);
    expect((await call("DELETE", `/v1/training/schedules/${projectA}`, "otherAdmin")).statusCode).toBe(404);
    expect((await call("GET", "/v1/training/schedules", "otherAdmin")).json()).toEqual([]);
    expect((await call("DELETE", "/v1/training/schedules/organization")).statusCode).toBe(204);
    expect((await call("DELETE", "/v1/training/schedules/organization")).statusCode).toBe(404);
    expect((await app.store.training.listSchedules(orgA)).map((s) => s.projectId)).toEqual([projectA]);
  });

  it("lists model versions with lineage and evaluation; promotes, rejects and rolls back", async () => {
    const scope = { organizationId: orgA, projectId: projectA };
    const evaluation = { n: 4, candidate: { rougeL: 0.61, bleu: 0.32, citationValidity: 1 }, active: { rougeL: 0.55, bleu: 0.3, citationValidity: 1 }, margin: 0.02, regressions: [], verdict: "pass" };
    const v1 = await app.store.training.createModelVersion(scope, { baseModel: "gpt-4.1-mini", backend: "openai", status: "ready", artifact: { kind: "remote-model", modelId: "ft:one" } });
    const v2 = await app.store.training.createModelVersion(scope, { baseModel: "gpt-4.1-mini", backend: "openai", status: "candidate", parentVersionId: v1.id, artifact: { kind: "remote-model", modelId: "ft:two" } });
    await app.store.training.updateModelVersion(orgA, v2.id, { metrics: { evaluation }, gateVerdict: "pass" });
    const v3 = await app.store.training.createModelVersion(scope, { baseModel: "gpt-4.1-mini", backend: "openai", status: "candidate", parentVersionId: v1.id });

    const models = await call("GET", `/v1/training/models?scope=${projectA}`, "clinician");
    expect(models.statusCode).toBe(200);
    const byId = Object.fromEntries((models.json().versions as Array<{ id: string }>).map((v) => [v.id, v])) as Record<string, Record<string, unknown>>;
    expect(byId[v2.id]).toMatchObject({ version: 2, status: "candidate", lineage: { baseModel: "gpt-4.1-mini", parentVersionId: v1.id, parentVersion: 1 }, evaluation });
    expect(byId[v1.id]).toMatchObject({ lineage: { parentVersionId: null, parentVersion: null }, evaluation: null });

    expect((await call("POST", `/v1/training/models/${v1.id}/promote`, "clinician")).statusCode).toBe(403);
    expect((await call("POST", `/v1/training/models/${v1.id}/promote`, "otherAdmin")).statusCode).toBe(404);
    expect((await call("POST", `/v1/training/models/${v1.id}/promote`)).json().aliases).toEqual({ active: v1.id, candidate: null, previous: null });
    expect((await call("POST", `/v1/training/models/${v2.id}/promote`)).json().aliases).toEqual({ active: v2.id, candidate: null, previous: v1.id });
    const active = await call("POST", `/v1/training/models/${v2.id}/reject`);
    expect(active.statusCode).toBe(409);
    expect(active.json().detail).toMatch(/answering questions/);
    expect((await call("POST", `/v1/training/models/${v3.id}/reject`, "otherAdmin")).statusCode).toBe(404);
    expect((await call("POST", `/v1/training/models/${v3.id}/reject`)).statusCode).toBe(200);
    expect((await app.store.training.getModelVersion(orgA, v3.id))!.status).toBe("deprecated");
    expect((await call("POST", `/v1/training/scopes/${projectA}/rollback`, "otherAdmin")).statusCode).toBe(404);
    expect((await call("POST", `/v1/training/scopes/${projectA}/rollback`, "clinician")).statusCode).toBe(403);
    expect((await call("POST", `/v1/training/scopes/${projectA}/rollback`)).json().aliases).toEqual({ active: v1.id, candidate: null, previous: v2.id });
    const after = (await call("GET", `/v1/training/models?scope=${projectA}`)).json();
    expect(after.aliases).toEqual({ active: v1.id, candidate: null, previous: v2.id });
    expect(after.versions.find((v: { id: string }) => v.id === v1.id)).toMatchObject({ status: "active", aliases: ["active"] });
    expect((await call("GET", `/v1/training/models?scope=${projectA}`, "otherAdmin")).statusCode).toBe(404);
    const audited = await app.store.audit.query(orgA, { action: "model.promote" });
    expect(audited.map((r) => r.targetId)).toEqual([v2.id, v1.id]);
  });

  it("lists training jobs, dry-runs, refuses a real run without a trainer, and summarises the training data", async () => {
    const scope = { organizationId: orgA, projectId: projectA };
    const dataset = await app.store.training.createDataset(scope, { format: "openai-chat", manifest: {}, manifestSha256: "0".repeat(64), blobKeys: { train: "x/train.jsonl", metadata: "x/metadata.json" }, counts: {} });
    const job = await app.store.training.createFineTuneJob(scope, { datasetId: dataset.id, trainer: "queue", baseModel: "base", method: "supervised", hyperparameters: {} });
    await app.store.training.updateFineTuneJob(orgA, job.id, { status: "running", progress: 0.4, events: [{ at: new Date().toISOString(), level: "info", message: "epoch 1 of 3" }] });
    const jobs = await call("GET", `/v1/training/jobs?scope=${projectA}`, "auditor");
    expect(jobs.json()).toEqual([expect.objectContaining({ id: job.id, status: "running", progress: 0.4, events: [expect.objectContaining({ message: "epoch 1 of 3" })] })]);
    expect((await call("GET", "/v1/training/jobs?scope=organization")).json()).toEqual([]);
    expect((await call("GET", "/v1/training/jobs", "otherAdmin")).json()).toEqual([]);
    expect((await call("GET", "/v1/training/jobs", "clinician")).statusCode).toBe(403);
    const models = (await call("GET", `/v1/training/models?scope=${projectA}`)).json();
    expect(models.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
    await app.store.training.updateFineTuneJob(orgA, job.id, { status: "cancelled" });

    const countDatasets = async () => (await app.database.db.select({ n: count() }).from(datasets))[0]!.n;
    const datasetsBefore = await countDatasets();
    const dry = await call("POST", "/v1/training/jobs", "admin", { scope: projectA, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ status: "dry-run", enough: true, metadata: { counts: { exported: expect.any(Number) } } });
    expect(dry.json().metadata.counts.exported).toBeGreaterThan(0);
    const real = await call("POST", "/v1/training/jobs", "admin", { scope: projectA });
    expect(real.statusCode).toBe(409);
    expect(real.json()).toMatchObject({ reason: "no_trainer" });
    expect((await call("POST", "/v1/training/jobs", "clinician", { scope: projectA, dryRun: true })).statusCode).toBe(403);
    expect((await call("POST", "/v1/training/jobs", "otherAdmin", { scope: projectA, dryRun: true })).statusCode).toBe(404);
    expect((await call("POST", "/v1/training/jobs", "admin", { scope: "not-a-scope", dryRun: true })).statusCode).toBe(422);

    const summary = await call("GET", `/v1/training/data?scope=${projectA}`);
    expect(summary.statusCode).toBe(200);
    const s = summary.json();
    expect(s.bySource.chunk).toBeGreaterThan(0);
    expect(s.counts.exported).toBe(dry.json().metadata.counts.exported);
    // The duty nurse's e-mail address and phone number became placeholders.
    expect(s.placeholders.EMAIL).toBeGreaterThanOrEqual(1);
    expect(s.placeholders.PHONE).toBeGreaterThanOrEqual(1);
    expect(s.minimum).toEqual({ required: 1, met: true });
    expect(s.threshold).toMatchObject({ threshold: 1, reached: true, enabled: true });
    expect(s.threshold.newExamples).toBeGreaterThanOrEqual(1);
    const datasetsAfter = await countDatasets();
    expect(datasetsAfter).toBe(datasetsBefore); // dry runs and summaries store nothing
    expect((await call("GET", `/v1/training/data?scope=${projectA}`, "auditor")).statusCode).toBe(403);
    expect((await call("GET", `/v1/training/data?scope=${projectA}`, "otherAdmin")).statusCode).toBe(404);
  }, 60_000);

  it("exports training data and serves its files to the same organisation only", async () => {
    const exported = await call("POST", "/v1/training/exports", "admin", { scope: projectA });
    expect(exported.statusCode).toBe(201);
    const body = exported.json();
    expect(body.files.map((f: { name: string }) => f.name)).toContain("train.jsonl");
    const train = body.files.find((f: { name: string }) => f.name === "train.jsonl").url as string;
    const file = await call("GET", train);
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-disposition"]).toContain("train.jsonl");
    // An empty train.jsonl (every example in validation by the seeded split) has no lines, not one empty line.
    const lines = file.body.split("\n").filter((l: string) => l.trim() !== "");
    expect(lines.length).toBe(body.metadata.counts.train);
    // The seeded split decides which file the e-mail's passage lands in: read every data file.
    let all = file.body;
    for (const f of body.files as Array<{ name: string; url: string }>) {
      if (f.name === "validation.jsonl") all += (await call("GET", f.url)).body;
    }
    expect(all).toMatch(/\[EMAIL_\d+\]/);
    expect(all).not.toContain("nurse.lead@harbour-clinic.example");
    expect((await call("GET", train, "otherAdmin")).statusCode).toBe(404);
    expect((await call("GET", train, "auditor")).statusCode).toBe(403);
    expect((await call("GET", `/v1/training/datasets/${body.dataset.id}/files/provenance.jsonl`)).statusCode).toBe(422);
    expect((await call("POST", "/v1/training/exports", "otherAdmin", { scope: projectA })).statusCode).toBe(404);
  }, 60_000);

  it("reads the audit log with filters and paging, as JSON and as CSV, inside the caller's organisation", async () => {
    const nasty = '=HYPERLINK("http://evil.example","click"),next';
    await recordAudit(app, { organizationId: orgA, actor: admin, action: "test.csv", targetType: "document", targetId: nasty, patientId: patientA, details: { note: 'a "quoted", multi\nline value' } });
    await recordAudit(app, { organizationId: orgA, actor: admin, action: "test.csv", targetType: "document", targetId: "+SUM(1,2)", patientId: patientA });
    await recordAudit(app, { organizationId: orgB, action: "test.csv", targetType: "document", targetId: "other-org", patientId: patientA });

    const json = await call("GET", `/v1/audit?action=test.csv&patientId=${patientA}`, "auditor");
    expect(json.statusCode).toBe(200);
    expect(json.json().entries.map((r: { targetId: string }) => r.targetId)).toEqual(["+SUM(1,2)", nasty]);
    const first = (await call("GET", "/v1/audit?action=test.csv&limit=1")).json();
    expect(first.entries).toHaveLength(1);
    expect(first.next).toBe(first.entries[0].seq);
    const second = (await call("GET", `/v1/audit?action=test.csv&limit=1&before=${first.next}`)).json();
    expect(second.entries.map((r: { targetId: string }) => r.targetId)).toEqual([nasty]);
    expect(second.next).toBeNull();
    const byActor = (await call("GET", `/v1/audit?actorUserId=${admin.userId}&action=model.promote`)).json();
    expect(byActor.entries.length).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    // A day means the whole day; an instant means that instant.
    expect((await call("GET", `/v1/audit?action=test.csv&from=${today}&to=${today}`)).json().entries).toHaveLength(2);
    expect((await call("GET", `/v1/audit?action=test.csv&from=${today}T00:00:00Z&to=${today}T23:59:59.999Z`)).json().entries).toHaveLength(2);
    expect((await call("GET", "/v1/audit?action=test.csv&to=2000-01-01")).json().entries).toHaveLength(0);
    expect((await call("GET", "/v1/audit?from=yesterday")).json()).toMatchObject({ status: 422, field: "from", detail: expect.stringMatching(/^from must be a date/) });
    expect((await call("GET", "/v1/audit?to=2026-13-45")).json()).toMatchObject({ status: 422, field: "to" });
    expect((await call("GET", "/v1/audit?patientId=not-a-uuid")).json()).toMatchObject({ status: 422, detail: expect.stringMatching(/patientId/) });

    const csv = await call("GET", `/v1/audit?action=test.csv&format=csv`, "auditor");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="rounds-audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = csv.body;
    expect(text.split("\r\n")[0]).toBe("seq,at,actor_user_id,actor_role,action,target_type,target_id,patient_id,channel,details");
    // Quoted per RFC 4180 and neutralised for spreadsheets: no cell starts with = or +.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""),next"`);
    expect(text).toContain(`,"'+SUM(1,2)",`);
    expect(text).toContain(`"{""note"":""a \\""quoted\\"", multi\\nline value""}"`);
    expect(text).not.toContain("other-org");
    expect(text).not.toContain("Test Patient");
    // The CSV is the whole export (every matching entry, streamed), whatever page size is asked.
    const accepted = await call("GET", "/v1/audit?action=test.csv", "admin", undefined, { accept: "text/csv" });
    expect(accepted.headers["content-type"]).toContain("text/csv");
    expect(accepted.body.trim().split("\r\n")).toHaveLength(3);

    // Another organisation's patient is not B's to filter by (404, as for a mistyped id); B's log holds only its own row.
    expect((await call("GET", `/v1/audit?action=test.csv&patientId=${patientA}`, "otherAdmin")).statusCode).toBe(404);
    const other = (await call("GET", "/v1/audit?action=test.csv", "otherAdmin")).json();
    expect(other.entries.map((r: { targetId: string }) => r.targetId)).toEqual(["other-org"]);
    expect((await call("GET", "/v1/audit", "clinician")).statusCode).toBe(403);
    expect((await call("GET", "/v1/audit?format=csv", "clinician")).statusCode).toBe(403);
    const viaCommand = await call("POST", "/v1/commands/audit", "auditor", { projectId: projectA, args: "--action test.csv --limit 5" });
    expect(viaCommand.json().data.rows).toHaveLength(2);
    expect((await call("POST", "/v1/commands/audit", "clinician", { projectId: projectA, args: "" })).statusCode).toBe(403);
  });

  it("reports usage from stored answers: per day, refusals and reasons, feedback ratio, latency percentiles", async () => {
    const res = await call("GET", "/v1/usage?days=7", "auditor");
    expect(res.statusCode).toBe(200);
    const u = res.json();
    expect(u.perDay).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    expect(u.perDay.at(-1)).toEqual({ day: today, questions: 2, refusals: 1 });
    expect(u.perDay.slice(0, 6).every((d: { questions: number }) => d.questions === 0)).toBe(true);
    expect(Object.values(u.refusalReasons as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1);
    expect(u.feedback).toEqual({ up: 2, down: 1 });
    expect(u.feedbackRatio).toBeCloseTo(2 / 3);
    expect(u.latencyMs.n).toBe(2);
    expect(u.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(u.latencyMs.p95).toBeGreaterThanOrEqual(u.latencyMs.p50);
    expect(JSON.stringify(u)).not.toContain("party invitations");
    expect((await call("GET", `/v1/usage?days=7&projectId=${projectA}`)).json().perDay.at(-1).questions).toBe(2);
    const other = (await call("GET", "/v1/usage?days=3", "otherAdmin")).json();
    expect(other.perDay).toHaveLength(3);
    expect(other.perDay.every((d: { questions: number }) => d.questions === 0)).toBe(true);
    expect(other.feedbackRatio).toBeNull();
    expect((await call("GET", `/v1/usage?projectId=${projectA}`, "otherAdmin")).statusCode).toBe(404);
    expect((await call("GET", "/v1/usage", "clinician")).statusCode).toBe(403);
    expect((await call("GET", "/v1/usage?days=0")).statusCode).toBe(422);
  });

  it("lists the plugins with their settings and environment variables, never a setting's value", async () => {
    const res = await call("GET", "/v1/plugins", "auditor");
    expect(res.statusCode).toBe(200);
    const plugins = res.json().plugins as Array<{ name: string; state: string; settings: Array<{ name: string; env?: string; set: boolean }> }>;
    expect(plugins.map((p) => p.name)).toEqual(expect.arrayContaining(["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"]));
    expect(plugins.find((p) => p.name === "@rounds/plugin-parsers")!.settings).toEqual(expect.arrayContaining([expect.objectContaining({ name: "maxPages", type: "number", set: false })]));
    expect((await call("GET", "/v1/plugins", "clinician")).statusCode).toBe(403);
  });

  it("logs in with a personal API key only: a body without one is a 400 that says how, a wrong key a 401", async () => {
    // Rounds stores no passwords; an email + password body is not a login that could ever succeed.
    const passwordBody = await api.inject({ method: "POST", url: "/v1/session", payload: { email: "admin@example.org", password: "hunter2" } });
    expect(passwordBody.statusCode).toBe(422);
    expect(passwordBody.headers["set-cookie"]).toBeUndefined();
    const noKey = await api.inject({ method: "POST", url: "/v1/session", payload: {} });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json()).toMatchObject({ detail: expect.stringMatching(/personal API key/) });
    expect(noKey.headers["set-cookie"]).toBeUndefined();
    const wrong = await api.inject({ method: "POST", url: "/v1/session", payload: { apiKey: "rk_not-a-key" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses a session's mutation without its CSRF token", async () => {
    const login = await api.inject({ method: "POST", url: "/v1/session", payload: { apiKey: keys.admin } });
    expect(login.statusCode).toBe(200);
    const cookie = login.headers["set-cookie"]!.toString().split(";")[0]!;
    const csrf = login.json().csrfToken as string;
    const body = { cron: "0 4 * * 2", thresholdNewExamples: null };
    const without = await api.inject({ method: "PUT", url: `/v1/training/schedules/${projectB}`, headers: { cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ reason: "csrf" });
    const wrong = await api.inject({ method: "PUT", url: `/v1/training/schedules/${projectA}`, headers: { cookie, "x-csrf-token": "nope" }, payload: body });
    expect(wrong.statusCode).toBe(403);
    expect((await app.store.training.listSchedules(orgA)).find((s) => s.projectId === projectA)?.cron).toBe("0 2 * * 1");
    const ok = await api.inject({ method: "PUT", url: `/v1/training/schedules/${projectA}`, headers: { cookie, "x-csrf-token": csrf }, payload: body });
    expect(ok.statusCode).toBe(200);
    expect((await api.inject({ method: "GET", url: "/v1/training/schedules", headers: { cookie } })).statusCode).toBe(200);
    void orgB;
  });
});
