import { createTestStore, type TestStore } from "../../src/testing.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, type AppContext, type EvaluationAnswerer, type JobDefinition, parseConfig, PluginHost, silentLogger, startTraining } from "@rounds/core";
import { FakeDeidentifier, FakeTrainer, MemoryBlobStore } from "@rounds/core/testing";

/** Records enqueued jobs so the test can run them one by one, as a worker would. */
function recordingQueue() {
  const queued: Array<{ def: JobDefinition<unknown>; payload: unknown; delayMs?: number }> = [];
  return {
    queued,
    queue: {
      kind: "database" as const,
      register() {},
      async enqueue(def: JobDefinition<unknown>, payload: unknown, options: { delayMs?: number } = {}) {
        queued.push({ def, payload, ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}) });
        return { id: String(queued.length) };
      },
      async startWorker() {}, async get() { return undefined; }, async waitFor() { throw new Error("n/a"); },
      on() { return () => {}; }, async counts() { return {}; }, async close() {},
    },
  };
}

describe("training loop (fake trainer)", () => {
  let ts: TestStore;
  let app: AppContext;
  let queue: ReturnType<typeof recordingQueue>;
  let admin: Actor;
  let projectId: string;
  let trainer: FakeTrainer;
  let quality = { candidate: "About 40 minutes, with blood pressure checks [1].", active: "About 40 minutes, with blood pressure checks [1]." };

  beforeAll(async () => {
    ts = await createTestStore();
    trainer = new FakeTrainer({ steps: 2 });
    const answerer: EvaluationAnswerer = async (_scope, versionId, _q) => {
      const active = (await ts.store.training.getAliases({ organizationId: admin.organizationId, projectId })).active;
      const isCandidate = versionId !== undefined && versionId !== active?.id;
      return { text: isCandidate ? quality.candidate : quality.active, citationsValid: true };
    };
    const host = await PluginHost.create({
      plugins: [{
        name: "fakes", manifest: { displayName: "fakes", contributes: { trainers: [{ id: "fake" }], deidentifiers: [{ id: "fake" }] } },
        module: { activate(ctx) { ctx.register("trainers", "fake", trainer); ctx.register("deidentifiers", "fake", new FakeDeidentifier()); } },
      }],
      services: { evaluationAnswerer: answerer },
    });
    queue = recordingQueue();
    const config = parseConfig({ models: { trainer: "fake", deidentifier: "fake" }, training: { baseModel: "gpt-base", minExamplesProject: 3, pollSeconds: 1 } });
    app = { config, host, store: ts.store, jobs: queue.queue, blobs: new MemoryBlobStore(), logger: silentLogger(), now: () => new Date() } as unknown as AppContext;
    const org = await ts.store.tenancy.createOrganization({ slug: "loop", name: "Loop" });
    projectId = (await ts.store.tenancy.createProject({ organizationId: org.id, slug: "k", name: "K", profile: { domain: "ketamine-assisted therapy", description: "d", seeds: [] } })).id;
    admin = { userId: (await ts.handle.db.execute<{ id: string }>(`insert into users (organization_id, role, display_name) values ('${org.id}', 'admin', 'Admin A') returning id` as never) as { rows: Array<{ id: string }> }).rows[0]!.id, organizationId: org.id, role: "admin" };
    await ts.handle.exec(`insert into qa_pairs (organization_id, project_id, question, answer, held_out) values
      ('${org.id}', '${projectId}', 'How long is an infusion?', 'About 40 minutes with blood pressure checks.', true),
      ('${org.id}', '${projectId}', 'q1', 'a1', false), ('${org.id}', '${projectId}', 'q2', 'a2', false)`);
  });
  afterAll(async () => ts?.close());

  const scope = () => ({ organizationId: admin.organizationId, projectId });

  async function drain(): Promise<unknown[]> {
    const results: unknown[] = [];
    while (queue.queued.length > 0) {
      const next = queue.queued.shift()!;
      const handler = await next.def.handler();
      results.push(await handler(next.def.payload.parse(next.payload), { jobId: "j", attempt: 1, progress: async () => {}, signal: new AbortController().signal, app }));
    }
    return results;
  }

  it("explains what is missing instead of starting below the minimum", async () => {
    const r = await startTraining(app, admin, { scope: scope() });
    expect(r).toMatchObject({ status: "not-enough-data", minimum: 3, missing: 1 });
    expect(trainer.submissions).toHaveLength(0);
  });

  it("refuses clinicians", async () => {
    await expect(startTraining(app, { ...admin, role: "clinician" }, { scope: scope() })).rejects.toThrow(/Only admins/);
  });

  it("exports, submits, polls to success, evaluates and promotes; a second run waits for the first", async () => {
    await ts.handle.exec(`insert into qa_pairs (organization_id, project_id, question, answer) values ('${admin.organizationId}', '${projectId}', 'q3', 'a3')`);
    const dry = await startTraining(app, admin, { scope: scope(), dryRun: true });
    expect(dry).toMatchObject({ status: "dry-run", enough: true });
    const started = await startTraining(app, admin, { scope: scope(), params: { epochs: 2 } });
    expect(started.status).toBe("started");
    if (started.status !== "started") return;
    expect(trainer.submissions[0]).toMatchObject({ baseModel: "gpt-base", method: "supervised", hyperparameters: { epochs: 2 } });
    await expect(startTraining(app, admin, { scope: scope() })).rejects.toThrow(/already in progress/);
    const results = await drain();
    expect(results.at(-1)).toMatchObject({ status: "succeeded", promoted: true, verdict: "pass" });
    const aliases = await ts.store.training.getAliases(scope());
    expect(aliases.active?.id).toBe(started.version.id);
    expect(aliases.active?.artifact).toMatchObject({ kind: "remote-model", modelId: expect.stringMatching(/^ft:fake:/) });
    const job = await ts.store.training.getFineTuneJob(admin.organizationId, started.job.id);
    expect(job?.status).toBe("succeeded");
    expect(job?.events.length).toBeGreaterThan(0);
  });

  it("keeps a regressing model as candidate with its report", async () => {
    quality = { candidate: "Bananas are yellow.", active: "About 40 minutes, with blood pressure checks [1]." };
    const started = await startTraining(app, admin, { scope: scope() });
    if (started.status !== "started") throw new Error(started.status);
    const results = await drain();
    expect(results.at(-1)).toMatchObject({ status: "succeeded", promoted: false, verdict: "fail" });
    const aliases = await ts.store.training.getAliases(scope());
    expect(aliases.candidate?.id).toBe(started.version.id);
    expect(aliases.active?.id).not.toBe(started.version.id);
    const v = await ts.store.training.getModelVersion(admin.organizationId, started.version.id);
    expect(v?.metrics).toMatchObject({ evaluation: { verdict: "fail", regressions: expect.arrayContaining(["rougeL"]) } });
  });
});
