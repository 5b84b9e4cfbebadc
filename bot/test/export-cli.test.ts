// `rounds export` through the real CLI on an embedded data folder: the
// de-identified, split JSONL and metadata.json copied out with --out; the
// same command in chat returns the counts; only admins may run it.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import { type Actor, runCommand, silentLogger } from "@rounds/core";
import { qaPairs } from "@rounds/db";
import { migratedPgliteCopy } from "@rounds/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";
import { roundsArgs } from "./support/cli-process.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "rounds-export-cli-"));
const outDir = join(dataDir, "out");

beforeAll(async () => {
  await migratedPgliteCopy(dataDir); // the run's migrated database: this suite is about the export, not creating a database
  const app = await createApp(loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { dataDir, log: { level: "silent" } } as never }), { migrate: true, logger: silentLogger() });
  try {
    const ws = await ensureWorkspace(app, { org: "clinic", project: "knowledge" });
    await app.database.db.insert(qaPairs).values(Array.from({ length: 30 }, (_, i) => ({
      organizationId: ws.organization.id, projectId: ws.project.id,
      question: `How is question ${i} about ketamine monitoring answered?`,
      answer: `Check blood pressure every 15 minutes, case ${i}; call Dr Philippa Quarrington on 020 7946 0${String(i).padStart(3, "0")} if unsure [1].`,
    })));
    const clinician = await app.store.identity.createUser({ organizationId: ws.organization.id, role: "clinician", displayName: "C" });
    const actor: Actor = { userId: clinician.id, organizationId: ws.organization.id, role: "clinician" };
    await expect(runCommand(app, "export", { actor, projectId: ws.project.id, args: "", visibility: "private" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await localOperator(app, ws.organization.id);
    await expect(runCommand(app, "export", { actor: admin, projectId: ws.project.id, args: "--format csv", visibility: "private" })).rejects.toThrow(/Unknown format/);
  } finally {
    await app.close();
  }
}, 60_000);
afterAll(() => undefined);

describe("rounds export (CLI)", () => {
  it("writes train/validation JSONL and metadata.json with matching hashes, de-identified", async () => {
    const { stdout } = await run(process.execPath, roundsArgs(["--data-dir", dataDir, "export", "--format", "vertex", "--seed", "s1", "--validation", "0.2", "--out", outDir]), { cwd: root, timeout: 120_000 });
    expect(stdout).toMatch(/Exported 30 examples \(\d+ train, \d+ validation\) as vertex; 0 excluded/);
    expect(readdirSync(outDir).sort()).toEqual(["metadata.json", "train.jsonl", "validation.jsonl"]);
    const metadata = JSON.parse(readFileSync(join(outDir, "metadata.json"), "utf8")) as { counts: { train: number; validation: number }; seed: string; files: Record<string, { sha256: string; lines: number }> };
    expect(metadata.seed).toBe("s1");
    const train = readFileSync(join(outDir, "train.jsonl"), "utf8");
    const validation = readFileSync(join(outDir, "validation.jsonl"), "utf8");
    expect(createHash("sha256").update(train).digest("hex")).toBe(metadata.files["train.jsonl"]!.sha256);
    expect(train.trim().split("\n")).toHaveLength(metadata.counts.train);
    expect(validation.trim().split("\n")).toHaveLength(metadata.counts.validation);
    expect(metadata.counts.validation).toBeGreaterThan(0);
    const first = JSON.parse(train.split("\n")[0]!) as { contents: Array<{ role: string; parts: Array<{ text: string }> }> };
    expect(first.contents.map((c) => c.role)).toEqual(["user", "model"]);
    expect(train + validation).not.toMatch(/Quarrington|020 7946/);
  }, 120_000);
});
