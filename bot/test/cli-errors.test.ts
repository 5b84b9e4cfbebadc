// The CLI says what went wrong and exits non-zero when anything did, run as
// real processes on an embedded data folder: configuration errors named as
// such, unknown flags refused with the valid ones, a refused or failed file
// fails `ingest`, quoted arguments survive, a command's own --org flag works.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migratedPgliteCopy } from "@rounds/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { demoCorpus } from "../src/cli/demo.ts";
import { startCli } from "./support/cli-process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "rounds-cli-errors-"));
const files = mkdtempSync(join(tmpdir(), "rounds-cli-files-"));
const env = { ROUNDS_DATA_DIR: dataDir };

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const p = startCli(args[0]!, args, { ...env, ...extraEnv });
  const { code } = await p.exited();
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

beforeAll(async () => {
  // A copy of the run's migrated database (creating one is cli-bin's and the demo's case below), then `init` as an operator runs it.
  await migratedPgliteCopy(dataDir);
  expect((await cli(["init"])).code).toBe(0);
}, 120_000);

describe("rounds CLI errors", () => {
  it("names a configuration error instead of calling the command unknown", async () => {
    const r = await cli(["docs", "list"], { ROUNDS_FOO: "1" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("configuration error: Unknown setting ROUNDS_FOO");
    expect(r.stderr).not.toMatch(/unknown command/);
    const missing = await cli(["-c", join(files, "nope.json"), "docs", "list"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/configuration error: Config file .*nope\.json does not exist/);
  }, 120_000);

  it("refuses an unknown flag, listing the valid ones, and touches nothing", async () => {
    const r = await cli(["ingest", "--approve", demoCorpus]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Unknown option --approve for ingest");
    expect(r.stderr).toContain("--project");
    expect((await cli(["docs", "list", "--json"])).stdout.trim()).toBe("[]");
  }, 120_000);

  it("fails ingest when a file is refused or fails processing, reporting each", async () => {
    writeFileSync(join(files, "empty.pdf"), "");
    writeFileSync(join(files, "renamed.pdf"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const pdf = readFileSync(join(demoCorpus, "02-monitoring.pdf"));
    writeFileSync(join(files, "truncated.pdf"), pdf.subarray(0, Math.floor(pdf.length / 3)));
    const refused = await cli(["ingest", join(files, "empty.pdf"), join(files, "renamed.pdf"), join(demoCorpus, "01-dosing.md")]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/empty\.pdf: refused/);
    expect(refused.stdout).toMatch(/renamed\.pdf: refused/);
    expect(refused.stdout).toMatch(/1 of 3 file\(s\) accepted/);
    expect(refused.stdout).toMatch(/Processed:\n• .+: pending/);
    const truncated = await cli(["ingest", join(files, "truncated.pdf")]);
    expect(truncated.code).not.toBe(0);
    expect(truncated.stdout).toMatch(/: failed \(/);
    const good = await cli(["ingest", join(demoCorpus, "09-interactions.md")]);
    expect(good.code, good.stderr).toBe(0);
  }, 240_000);

  it("keeps a quoted cron together with other options, and takes a command's own --org flag", async () => {
    const schedule = await cli(["schedule", "set", "0 2 * * 1", "--threshold", "200", "--json"]);
    expect(schedule.code, schedule.stderr).toBe(0);
    expect(JSON.parse(schedule.stdout)).toMatchObject({ cron: "0 2 * * 1", thresholdNewExamples: 200 });
    const train = await cli(["train", "--dry-run", "--org"]);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout).toMatch(/^Dry run:/);
  }, 120_000);

  // Found in a newcomer's walk-through (issue #19): each of these exited 0 or answered beside the point.
  it("refuses a bad --threshold instead of dropping it and erasing the schedule's", async () => {
    expect((await cli(["schedule", "set", "0 2 * * 1", "--threshold", "200"])).code).toBe(0);
    for (const bad of ["abc", "-5", "0"]) {
      const r = await cli(["schedule", "set", "0 3 * * 1", "--threshold", bad]);
      expect(r.code, bad).not.toBe(0);
      expect(r.stderr).toContain("--threshold needs a whole number");
    }
    const list = await cli(["schedule", "list"]);
    expect(list.stdout).toContain("At 02:00");
    expect(list.stdout).toContain("after 200 new examples");
  }, 180_000);

  it("names an unknown docs subcommand as such", async () => {
    const r = await cli(["docs", "lst"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Unknown docs subcommand "lst"');
  }, 120_000);

  it("lists people by the id the other users verbs take", async () => {
    expect((await cli(["users", "add", "Walk Through", "--role", "clinician"])).code).toBe(0);
    const list = await cli(["users", "list", "--role", "clinician"]);
    const id = /^• (\S+) +clinician +Walk Through$/m.exec(list.stdout)?.[1];
    expect(id, list.stdout).toBeDefined();
    // A malformed id is a bad request, as in the API, not a raw failed query with the values it was given.
    const short = await cli(["users", "role", id!.slice(0, 8), "auditor"]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("not valid here (a malformed id");
    expect(short.stderr).not.toMatch(/Failed query|params:/);
    const role = await cli(["users", "role", id!, "auditor"]);
    expect(role.code, role.stderr).toBe(0);
    expect(role.stdout).toContain("Walk Through is now auditor");
  }, 120_000);

  it("follows what approve and retry set going, and fails when the document fails again", async () => {
    const failed = JSON.parse((await cli(["docs", "list", "failed", "--json"])).stdout) as Array<{ id: string; fileName: string }>;
    const truncated = failed.find((d) => d.fileName === "truncated.pdf");
    expect(truncated, JSON.stringify(failed)).toBeDefined();
    // Before, retry said "Retrying" and exited 0 while the file failed again.
    const retry = await cli(["docs", "retry", truncated!.id]);
    expect(retry.code).toBe(1);
    expect(retry.stdout).toMatch(/Processed:\n• .+: failed \(parse: /);
    const pending = JSON.parse((await cli(["docs", "list", "pending", "--json"])).stdout) as Array<{ id: string }>;
    expect(pending.length).toBeGreaterThan(0);
    const approve = await cli(["docs", "approve", pending[0]!.id]);
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toMatch(/Processed:\n• .+: approved, indexed/);
  }, 180_000);

  it("writes the demo's progress one report a line into a log, with no carriage returns", async () => {
    const demoDir = mkdtempSync(join(tmpdir(), "rounds-cli-demo-"));
    const p = startCli("demo", ["demo"], { ROUNDS_DATA_DIR: demoDir });
    const { code } = await p.exited();
    expect(code, p.stderr()).toBe(0);
    // Before, the demo wrote its own bars with "\r" into a pipe: one unreadable line of repeated bars.
    expect(p.stderr()).not.toContain("\r");
    const lines = p.stderr().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\[\d+%\] (processing|indexing)$/);
  }, 240_000);
});
