// The fine-tuning loop end to end with the OpenAI trainer against a local
// server that speaks the OpenAI fine-tuning wire format: /train exports the
// data and submits it, the poll job follows the job to success, the
// candidate answers the held-out questions through the real answer path with
// its fine-tuned model id, passes the gate, is promoted; a second round, then
// /model rollback returns to the first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { cleanupTargets } from "./support/test-app.ts";
import { HELD_OUT_ANSWER, startTuningWorkspace, type TuningWorkspace } from "./support/tuning-workspace.ts";

let server: FakeOpenAI;
let workspace: TuningWorkspace;
let app: RoundsApp;

beforeAll(async () => {
  server = await startFakeOpenAI();
  server.replies = [HELD_OUT_ANSWER];
  workspace = await startTuningWorkspace({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-ft-${process.pid}` }, {
    plugin: "@rounds/plugin-openai", model: "openai", baseModel: "gpt-4.1-mini-2025-04-14", org: "ft",
    settings: { baseURL: server.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 },
  });
  app = workspace.app;
}, 60_000);
afterAll(async () => {
  await workspace?.close();
  await server?.close();
  await cleanupTargets();
});

const run = (command: string, args: string) => workspace.run(command, args);
const text = (r: Awaited<ReturnType<typeof run>>) => workspace.text(r);

describe("fine-tuning loop with the OpenAI trainer", () => {
  it("trains, evaluates, promotes, trains again and rolls back", async () => {
    expect(text(await run("train", "--dry-run"))).toMatch(/^Dry run: [3-9] examples .*Enough to train\./);
    expect(text(await run("train", ""))).toMatch(/Training started: .* Candidate v1 on openai/);
    await expect(run("train", "")).rejects.toThrow(/already in progress/);
    await waitForJobs(app);

    const job = [...server.fineTunes.values()][0]!;
    expect(job.model).toBe("gpt-4.1-mini-2025-04-14");
    expect(server.files.get(job.training_file)!.toString()).toContain('"role":"assistant"');
    const evaluatedWith = server.requests.filter((r) => r.path === "/v1/chat/completions").map((r) => r.json!.model);
    expect(evaluatedWith).toContain(`ft:gpt-4.1-mini-2025-04-14:rounds:${job.id}`);
    expect(text(await run("model", "status"))).toMatch(/^Active: v1 \(active/);

    const asked = await run("ask", "When should the infusion be paused for blood pressure?");
    expect((asked.data as { modelId: string }).modelId).toContain(`ft:gpt-4.1-mini-2025-04-14:rounds:${job.id}`);

    expect(text(await run("train", ""))).toMatch(/Candidate v2/);
    await waitForJobs(app);
    expect(text(await run("model", "status"))).toMatch(/^Active: v2 .*\nCandidate: none\nPrevious: v1/);
    expect(text(await run("model", "rollback"))).toMatch(/answers now use v1/);
    const history = text(await run("model", "history"));
    expect(history).toMatch(/v1/);
    expect(history).toMatch(/v2/);
  }, 90_000);
});
