// The fine-tuning loop end to end with the OpenAI trainer against a local
// server that speaks the OpenAI fine-tuning wire format: /train exports the
// data and submits it, the poll job follows the job to success, the
// candidate answers the held-out questions through the real answer path with
// its fine-tuned model id, passes the gate, is promoted; a second round, then
// /model rollback returns to the first.
import { type Actor, runCommand } from "@rounds/core";
import { qaPairs } from "@rounds/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

let server: FakeOpenAI;
let app: RoundsApp;
let admin: Actor;
let projectId: string;

beforeAll(async () => {
  server = await startFakeOpenAI();
  server.replies = ["Pause the infusion above 180 mmHg systolic [1]."];
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-ft-${process.pid}` }, {
    plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-openai"],
    pluginSettings: { "@rounds/plugin-openai": { baseURL: server.url, apiKey: "sk-local", embeddingDimensions: 64, maxRetries: 0 } },
    models: { answer: "openai", trainer: "openai" },
    training: { baseModel: "gpt-4.1-mini-2025-04-14", minExamplesProject: 3, pollSeconds: 1, autoPromote: true },
  });
  const ws = await ensureWorkspace(app, { org: "ft", project: "kat" });
  projectId = ws.project.id;
  admin = await localOperator(app, ws.organization.id);
  await runCommand(app, "ingest", { actor: admin, projectId, args: `${import.meta.dirname}/../demo/corpus/02-monitoring.pdf`, visibility: "private" });
  await waitForJobs(app);
  const [doc] = await app.store.knowledge.listDocuments({ organizationId: ws.organization.id, projectId });
  await runCommand(app, "docs", { actor: admin, projectId, args: `approve ${doc!.id}`, visibility: "private" });
  await waitForJobs(app);
  await app.database.db.insert(qaPairs).values([
    { organizationId: ws.organization.id, projectId, question: "When is an infusion paused for blood pressure?", answer: "Pause the infusion above 180 mmHg systolic [1].", heldOut: true },
    ...["How often are vital signs checked?", "How long is recovery observation?", "Can patients drive home?", "What saturation pauses the infusion?"].map((q) => ({ organizationId: ws.organization.id, projectId, question: q, answer: `Answer to: ${q} [1]` })),
  ]);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await server?.close();
  await cleanupTargets();
});

const run = (command: string, args: string) => runCommand(app, command, { actor: admin, projectId, args, visibility: "private" });
const text = (r: Awaited<ReturnType<typeof run>>) => r.blocks.map((b) => (b as { text?: string }).text ?? "").join("\n");

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
