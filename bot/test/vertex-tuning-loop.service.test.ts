// The fine-tuning loop end to end with the Vertex AI trainer, on both tiers,
// against a local server speaking Google's wire formats (OAuth JWT-bearer
// token exchange, Cloud Storage media upload, tuningJobs, generateContent):
// /train exports the Vertex-format dataset from the blob store (files on the
// embedded tier, S3 on the server tier), uploads it to Cloud Storage, creates
// the tuning job; the poll job follows it to success; the tuned endpoint
// answers the held-out question through the real answer path, passes the
// gate and is promoted; a second round, then /model rollback returns to the
// first. A job Vertex fails is recorded as failed with its reason, and its
// version never becomes a candidate.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeVertex, startFakeVertex } from "@rounds/plugin-vertex/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";
import { HELD_OUT_ANSWER, startTuningWorkspace, type TuningWorkspace } from "./support/tuning-workspace.ts";

describe.each(appTargets())("fine-tuning loop with the Vertex AI trainer ($name)", (target) => {
  let server: FakeVertex;
  let workspace: TuningWorkspace;
  let app: RoundsApp;
  let projectId: string;
  let organizationId: string;

  beforeAll(async () => {
    server = await startFakeVertex();
    server.replies = [HELD_OUT_ANSWER];
    const keyFile = join(tmpdir(), `rounds-vertex-loop-${process.pid}-${target.name}.json`);
    writeFileSync(keyFile, JSON.stringify(server.serviceAccountKey));
    workspace = await startTuningWorkspace(await target.environment(), {
      plugin: "@rounds/plugin-vertex", model: "vertex", baseModel: "gemini-2.5-flash", org: "vx",
      settings: { project: server.project, location: server.location, keyFile, apiEndpoint: server.url, storageEndpoint: server.url, bucket: "rounds-tuning-loop" },
    });
    ({ app, projectId, organizationId } = workspace);
  }, 180_000);
  afterAll(async () => {
    await workspace?.close();
    await server?.close();
    await cleanupTargets();
  });

  const run = (command: string, args: string) => workspace.run(command, args);
  const text = (r: Awaited<ReturnType<typeof run>>) => workspace.text(r);

  it("uploads the Vertex-format dataset, tunes, evaluates the tuned endpoint, promotes, tunes again and rolls back", async () => {
    expect(text(await run("train", ""))).toMatch(/Training started: .* Candidate v1 on vertex/);
    await waitForJobs(app);

    const job = [...server.tuningJobs.values()][0]!;
    expect(job.body.baseModel).toBe("gemini-2.5-flash");
    const spec = job.body.supervisedTuningSpec as { trainingDatasetUri: string; validationDatasetUri?: string };
    expect(spec.trainingDatasetUri).toMatch(/^gs:\/\/rounds-tuning-loop\/rounds-tuning\/.+\/train\.jsonl$/);
    // The uploaded file is core's Vertex export: systemInstruction and user/model contents, one example a line.
    const lines = server.objects.get(spec.trainingDatasetUri.slice("gs://".length))!.toString().trim().split("\n").map((l) => JSON.parse(l) as { systemInstruction?: unknown; contents: Array<{ role: string; parts: Array<{ text: string }> }> });
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(line.systemInstruction).toMatchObject({ parts: [{ text: expect.any(String) as unknown }] });
      expect(line.contents.map((c) => c.role)).toEqual(["user", "model"]);
    }
    expect(server.violations).toEqual([]);

    const endpoint = `projects/123456789012/locations/us-central1/endpoints/${job.name.split("/").pop()}0`;
    const evaluatedWith = server.requests.filter((r) => r.path.endsWith(":generateContent") || r.path.endsWith(":streamGenerateContent")).map((r) => r.path);
    expect(evaluatedWith).toContain(`/v1/${endpoint}:generateContent`);
    expect(text(await run("model", "status"))).toMatch(/^Active: v1 \(active/);
    const history = (await app.store.training.getFineTuneJob(organizationId, (await app.store.training.getAliases({ organizationId, projectId })).active!.fineTuneJobId!))!;
    expect(history.status).toBe("succeeded");
    expect(history.events.map((e) => e.message)).toEqual(expect.arrayContaining(["submitted to vertex", "tuning job created", "tuning started", "tuning succeeded"]));

    const asked = await run("ask", "When should the infusion be paused for blood pressure?");
    expect((asked.data as { modelId: string }).modelId).toContain(endpoint);
    expect(server.requests.at(-1)!.path).toBe(`/v1/${endpoint}:generateContent`);

    expect(text(await run("train", ""))).toMatch(/Candidate v2/);
    await waitForJobs(app);
    expect(text(await run("model", "status"))).toMatch(/^Active: v2 .*\nCandidate: none\nPrevious: v1/);
    expect(text(await run("model", "rollback"))).toMatch(/answers now use v1/);
  }, 180_000);

  it("a tuning job Vertex fails is recorded as failed with its reason; its version is not a candidate", async () => {
    server.failNextTuningJob("The training dataset has fewer than 10 examples.");
    expect(text(await run("train", ""))).toMatch(/Candidate v3 on vertex/);
    await waitForJobs(app);
    const versions = await app.store.training.listModelVersions({ organizationId, projectId });
    const v3 = versions.find((v) => v.version === 3)!;
    expect(v3.status).toBe("failed");
    const failed = (await app.store.training.getFineTuneJob(organizationId, v3.fineTuneJobId!))!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("INVALID_ARGUMENT: The training dataset has fewer than 10 examples.");
    expect(text(await run("model", "status"))).toMatch(/^Active: v1 /);
  }, 120_000);
});
