// The rule "under CI nothing skips", enforced by the run itself: the project's
// vitest configuration fails a CI run in which any test is skipped or todo
// (scripts/ci-no-skips-reporter.ts), naming each; outside CI, and in a run
// filtered by test name (-t, which skips the rest on purpose), it does not.
// Real vitest processes with the project's configuration (its reporters and
// global setup), over a probe file in a temporary folder (outside the
// repository, so no other run collects it).
//
// Each probe run gets its own run folder (TEST_RUN_FOLDER, which its global
// setup removes at its end) holding links to this run's migrated PGlite
// template and empty-cluster archive, so its global setup finds them made
// instead of running initdb and the migrations again (about 10 s of CPU per
// probe run).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { emptyClusterImageFile, migratedTemplate } from "@rounds/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "rounds-ci-skips-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let template: string;
let image: string;
beforeAll(async () => { [template, image] = await Promise.all([migratedTemplate(), emptyClusterImageFile()]); });

function vitest(probe: string, env: Record<string, string | undefined>, extra: string[] = []): Promise<{ code: number | null; output: string }> {
  const folder = join(dir, probe);
  const runFolder = mkdtempSync(join(dir, "run-"));
  symlinkSync(template, join(runFolder, "pglite-template"));
  symlinkSync(image, join(runFolder, "pglite-empty-cluster.tar"));
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", join(root, "vitest.config.ts"), "--dir", folder, "--globals", ...extra], {
      cwd: root, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TEST_RUN_FOLDER: runFolder, ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => { output += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { output += d.toString(); });
    child.once("exit", (code) => ok({ code, output }));
  });
}

function probe(name: string, body: string): void {
  mkdirSync(join(dir, name, "bot"), { recursive: true });
  writeFileSync(join(dir, name, "bot", "probe.test.ts"), body);
}

describe("under CI nothing skips", () => {
  probe("skips", `it("runs", () => { expect(1).toBe(1); });\nit.skipIf(true)("skipped when a condition holds", () => {});\nit.todo("written later");\n`);
  probe("clean", `it("runs", () => { expect(1).toBe(1); });\n`);

  it("a CI run with a skipped or todo test fails, naming each; the same file passes outside CI and when filtered by name", async () => {
    // Four independent runs (each its own run folder), side by side.
    const [ci, ciOne, local, filtered] = await Promise.all([
      vitest("skips", { CI: "true" }),
      vitest("skips", { CI: "1" }),
      vitest("skips", { CI: undefined }),
      vitest("skips", { CI: "true" }, ["-t", "runs"]),
    ]);
    expect(ci.code, ci.output).toBe(1);
    expect(ci.output).toContain("CI is set and 2 test(s) skipped; under CI nothing may skip:");
    expect(ci.output).toMatch(/probe\.test\.ts > skipped when a condition holds/);
    expect(ci.output).toMatch(/probe\.test\.ts > written later/);
    expect(ciOne.code, ciOne.output).toBe(1);
    expect(local.code, local.output).toBe(0);
    expect(local.output).not.toContain("under CI nothing may skip");
    expect(filtered.code, filtered.output).toBe(0);
  }, 120_000);

  it("a CI run in which nothing skips passes", async () => {
    const clean = await vitest("clean", { CI: "true" });
    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).not.toContain("under CI nothing may skip");
  }, 60_000);
});
