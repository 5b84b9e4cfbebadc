// The queue trainer end to end on both tiers: /train exports and enqueues a
// `trainer.train` job; a trainer host (in process on the embedded tier; the
// real `rounds trainer-worker` CLI in a child process against PostgreSQL,
// Redis and S3 on the server tier) runs a training command that writes a
// LoRA adapter GGUF; the poll job registers the adapter as the candidate.
// Also: a failing command, a command that writes nothing, and a cancel.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Actor, collect, runCommand, silentLogger } from "@rounds/core";
import { qaPairs } from "@rounds/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../../../bot/src/app/create-app.ts";
import { localOperator } from "../../../bot/src/cli/local-operator.ts";
import { waitForJobs } from "../../../bot/src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../../../bot/src/cli/workspace.ts";
import { appTargets, cleanupTargets, startApp } from "../../../bot/test/support/test-app.ts";
import type { TrainingHostCapable } from "../src/index.ts";

const root = resolve(import.meta.dirname, "../../..");
const script = resolve(import.meta.dirname, "fixtures/tiny-trainer.mjs");
const basePlugins = ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid"];

afterAll(async () => cleanupTargets());

for (const target of appTargets()) {
  describe(`queue trainer on the ${target.name} tier`, () => {
    let app: RoundsApp;
    let admin: Actor;
    let organizationId: string;
    let projectId: string;
    let child: ChildProcess | undefined;
    const modeFile = join(mkdtempSync(join(tmpdir(), "rounds-tq-")), "mode");
    const setMode = (mode: string) => writeFileSync(modeFile, mode);
    const run = async (command: string, args: string) => {
      const r = await runCommand(app, command, { actor: admin, projectId, args, visibility: "private" });
      return r.blocks.map((b) => (b as { text?: string }).text ?? "").join("\n");
    };
    const lastJob = async () => (await app.store.training.listFineTuneJobs(organizationId, 1))[0]!;

    beforeAll(async () => {
      setMode("ok");
      const environment = await target.environment();
      const settings = {
        ...environment,
        plugins: [...(environment.plugins ?? basePlugins), "@rounds/plugin-trainer-queue"],
        models: { trainer: "queue" },
        training: { baseModel: "tiny-llama-f32.gguf", minExamplesProject: 3, pollSeconds: 1, autoPromote: false },
      };
      app = await startApp(settings);
      const command = `node ${script} {dataset} {base} {out} "$(cat ${modeFile})"`;
      if (target.name === "embedded") {
        const trainer = (await app.host.get("trainers", "queue")) as unknown as TrainingHostCapable;
        await trainer.serveTrainingHost({ command, logger: silentLogger(), checkMs: 100, killGraceMs: 1000 });
      } else {
        // The real CLI on "another machine": same Postgres, Redis and S3, its own process.
        const configFile = join(mkdtempSync(join(tmpdir(), "rounds-tq-cfg-")), "rounds.config.json");
        writeFileSync(configFile, JSON.stringify({ ...settings, log: { level: "warn" } }));
        child = spawn(process.execPath, ["--import", "tsx", "bot/src/cli/main.ts", "--config", configFile, "trainer-worker", "--command", command], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        await new Promise<void>((ready, fail) => {
          child!.stdout!.on("data", (d: Buffer) => {
            output += d.toString();
            if (output.includes("Trainer host started")) ready();
          });
          child!.stderr!.on("data", (d: Buffer) => (output += d.toString()));
          child!.on("exit", (code) => fail(new Error(`trainer-worker exited (${code}): ${output}`)));
        });
      }
      const ws = await ensureWorkspace(app, { org: "tq", project: "kat" });
      organizationId = ws.organization.id;
      projectId = ws.project.id;
      admin = await localOperator(app, organizationId);
      await app.database.db.insert(qaPairs).values(["How often are vital signs checked?", "How long is recovery observation?", "Can patients drive home?", "What saturation pauses the infusion?"]
        .map((q) => ({ organizationId, projectId, question: q, answer: `Answer to: ${q} [1]` })));
    }, 120_000);
    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child!.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child!.kill("SIGKILL"), 25_000);
        await exited;
        clearTimeout(timer);
      }
      await app?.close();
    }, 30_000);

    it("trains through the trainer host and registers the adapter as the candidate", async () => {
      expect(await run("train", "")).toMatch(/Training started: .* Candidate v1 on queue/);
      await waitForJobs(app);
      const job = await lastJob();
      expect(job.status).toBe("succeeded");
      expect(job.events.map((e) => e.message).join("\n")).toMatch(/training started on the trainer host[\s\S]*progress 100%[\s\S]*adapter uploaded/);
      const [version] = await app.store.training.listModelVersions({ organizationId, projectId });
      expect(version).toMatchObject({ status: "candidate", backend: "queue", baseModel: "tiny-llama-f32.gguf" });
      const artifact = version!.artifact as { kind: string; blobKey: string; sha256: string; loraAlpha: number };
      expect(artifact).toMatchObject({ kind: "adapter", loraAlpha: 16 });
      const adapter = Buffer.from(await collect(await app.blobs.get(artifact.blobKey)));
      expect(adapter.subarray(0, 4).toString()).toBe("GGUF");
      expect(adapter.includes(Buffer.from("adapter.lora.alpha"))).toBe(true);
      expect((await app.blobs.head(artifact.blobKey))!.sha256).toBe(artifact.sha256);
      expect(await run("model", `promote ${version!.id}`)).toMatch(/v1/);
      expect(await run("model", "status")).toMatch(/^Active: v1/);
    }, 120_000);

    it("a failing training command fails the run with its exit code and keeps the active model", async () => {
      setMode("fail");
      expect(await run("train", "")).toMatch(/Candidate v2/);
      await waitForJobs(app);
      const job = await lastJob();
      expect(job.status).toBe("failed");
      expect(job.error).toMatch(/exited with code 3/);
      expect(job.events.map((e) => e.message).join("\n")).toMatch(/CUDA out of memory/);
      setMode("no-output");
      await run("train", "");
      await waitForJobs(app);
      expect((await lastJob()).error).toMatch(/wrote no adapter\.gguf/);
      expect(await run("model", "status")).toMatch(/^Active: v1/);
    }, 120_000);

    it("cancels a running training command", async () => {
      setMode("slow");
      await run("train", "");
      const deadline = Date.now() + 30_000;
      while ((await lastJob()).status !== "running" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect((await lastJob()).status).toBe("running");
      expect(await run("train", "--cancel")).toMatch(/Cancel requested for 1 training run/);
      await waitForJobs(app);
      const job = await lastJob();
      expect(job.status).toBe("cancelled");
      expect(job.events.map((e) => e.message).join("\n")).toMatch(/cancel requested[\s\S]*command was stopped/);
      await expect(run("train", "--cancel")).rejects.toThrow(/No training is running/);
    }, 120_000);
  });
}
