// The fine-tuning commands as every channel runs them: train (dry run and
// refusal without a trainer), model status/history/rollback, schedules.
import { type Actor, runCommand, schedulesTick } from "@rounds/core";
import { qaPairs } from "@rounds/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

let app: RoundsApp;
let admin: Actor;
let clinician: Actor;
let projectId: string;
beforeAll(async () => {
  app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: `/tmp/rounds-train-cmd-${process.pid}` });
  const ws = await ensureWorkspace(app, { org: "t", project: "kat" });
  projectId = ws.project.id;
  admin = await localOperator(app, ws.organization.id);
  const u = await app.store.identity.createUser({ organizationId: ws.organization.id, role: "clinician", displayName: "C" });
  clinician = { userId: u.id, organizationId: ws.organization.id, role: "clinician" };
}, 60_000);
afterAll(async () => {
  await app?.close();
  await cleanupTargets();
});
const run = (actor: Actor, command: string, args: string) => runCommand(app, command, { actor, projectId, args, visibility: "private" });

describe("training commands", () => {
  it("train --dry-run reports counts; a real run without a trainer is refused with the reason", async () => {
    const dry = await run(admin, "train", "--dry-run");
    expect(dry.blocks[0]).toMatchObject({ type: "text", text: expect.stringMatching(/^Dry run: 0 examples .* At least 50 are needed\./) });
    await expect(run(admin, "train", "")).rejects.toThrow(/No trainer is configured/);
    await expect(run(admin, "train", "--everything")).rejects.toThrow(/Unknown option --everything/);
    await expect(run(clinician, "train", "--dry-run")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("model status, history and rollback", async () => {
    const status = await run(clinician, "model", "status");
    expect((status.blocks[0] as { text: string }).text).toMatch(/Active: none \(answers use extractive quotes\)/);
    expect((await run(admin, "model", "history")).blocks[0]).toMatchObject({ text: "No model versions yet." });
    await expect(run(clinician, "model", "rollback")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(run(admin, "model", "rollback")).rejects.toThrow(/previous/i);
    await expect(run(admin, "model", "dance")).rejects.toThrow(/Unknown model subcommand/);
  });

  it("schedules: set with a readable preview, list, off, bad cron", async () => {
    const set = await run(admin, "schedule", 'set "0 2 * * 0" Europe/London --threshold 200');
    expect((set.blocks[0] as { text: string }).text).toMatch(/Scheduled: .*Sunday.*next run \d{4}-/);
    const list = await run(admin, "schedule", "list");
    expect((list.blocks[0] as { text: string }).text).toMatch(/project: on, .*\(Europe\/London\), or after 200 new examples/);
    await expect(run(admin, "schedule", 'set "61 * * * *"')).rejects.toMatchObject({ status: expect.any(Number) });
    expect((await run(admin, "schedule", "off")).blocks[0]).toMatchObject({ text: "Scheduled training is off." });
  });

  it("the scheduler tick fires a due threshold schedule once, records why it could not train, and queues the next tick", async () => {
    await run(admin, "schedule", "set --threshold 1");
    await app.database.db.insert(qaPairs).values({ organizationId: admin.organizationId, projectId, question: "q", answer: "a" });
    const ctx = { app, jobId: "tick-1", attempt: 1, progress: async () => {}, signal: new AbortController().signal };
    const first = (await schedulesTick({ minute: "now" }, ctx)) as Array<{ result: { status: string; reason?: string } }>;
    expect(first).toHaveLength(1);
    expect(first[0]!.result).toMatchObject({ status: "failed", reason: expect.stringMatching(/No trainer is configured/) });
    const list = await run(admin, "schedule", "list");
    expect((list.data as Array<{ lastResult: { status: string } }>)[0]!.lastResult.status).toBe("failed");
    expect((await app.jobs.counts())["training.schedules-tick"]).toBe(1);
    // Same examples, no new ones since that run: the next tick does not fire again.
    expect(await schedulesTick({ minute: "later" }, { ...ctx, jobId: "tick-2" })).toEqual([]);
  });
});
