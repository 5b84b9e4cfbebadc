// `rounds ingest --manifest batch.csv`, through real CLI processes on both
// tiers: one call ingests session transcripts of several patients and a
// shared guide, each file with the patient and visibility its line names.
// A manifest with a bad line (a missing file, an unknown patient, a bad
// visibility, a transcript without a patient) is refused whole, naming every
// bad line, exiting non-zero, with nothing ingested; --manifest with
// --patient or other paths is refused.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordConsent } from "@rounds/core";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { startCli } from "./support/cli-process.ts";
import { operatorVariables } from "./support/operator-env.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

const cue = (i: number, speaker: string, text: string) => `00:00:${String(i * 10).padStart(2, "0")}.000 --> 00:00:${String(i * 10 + 9).padStart(2, "0")}.000\n<v ${speaker}>${text}\n`;
const transcript = (words: string) => `WEBVTT\n\n${cue(0, "Therapist", "How has the week been since the last session?")}\n${cue(1, "Client", `Mostly ${words}, thank you.`)}`;

describe.each(appTargets())("ingest --manifest: one call, several patients ($name)", (target) => {
  let env: Record<string, string>;
  let folder: string;
  const patients: string[] = [];
  const cli = async (...args: string[]) => {
    const p = startCli(args[0]!, args, env);
    const { code } = await p.exited();
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  };
  const documents = async () => JSON.parse((await cli("docs", "list", "--json")).stdout) as Array<{ fileName: string; patientId: string | null; visibility: string }>;

  beforeAll(async () => {
    // The clinic, its two patients and their consent are seeded in this process, what `init`, `users patient` and
    // `consent grant` do (as CLI processes they were nine per tier, a third of the suite's time; other suites run
    // those commands); then the data is closed and `ingest`, what this suite is about, runs as real CLI processes.
    const environment = await target.environment();
    const app = await startApp(environment);
    try {
      const ws = await ensureWorkspace(app, { org: "batchclinic", project: "sessions" });
      const admin = await localOperator(app, ws.organization.id);
      for (const [name, ref] of [["Batch Patient One", "MRN-A1"], ["Batch Patient Two", "MRN-B2"]] as const) {
        const patient = await app.store.identity.createPatient({ organizationId: ws.organization.id, displayName: name, externalRef: ref });
        patients.push(patient.id);
        for (const type of ["recording", "transcription", "ai_analysis"] as const) await recordConsent(app, { actor: admin, patientId: patient.id, type, action: "granted", method: "cli" });
      }
    } finally {
      await app.close();
    }
    env = { ...operatorVariables(target.name, environment), ROUNDS_LOG_LEVEL: "warn" };
    folder = mkdtempSync(join(tmpdir(), "rounds-manifest-"));
    mkdirSync(join(folder, "sessions"));
    writeFileSync(join(folder, "sessions", "one-week-3.vtt"), transcript("steadier sleep"));
    writeFileSync(join(folder, "sessions", "two-week-1.vtt"), transcript("busy at work"));
    writeFileSync(join(folder, "sessions", "two-week-2.vtt"), transcript("calmer evenings"));
    writeFileSync(join(folder, "infusion guide.md"), "# Infusion guide\n\nCheck blood pressure every 15 minutes during an infusion.\n");
  }, 300_000);

  it("a manifest with bad lines is refused whole, naming each line; nothing is ingested", async () => {
    writeFileSync(join(folder, "bad.csv"), [
      "path,patient,visibility",
      `sessions/one-week-3.vtt,${patients[0]},private`,
      "sessions/two-week-1.vtt,MRN-B2,",
      "sessions/missing.vtt,MRN-B2,private",
      "\"infusion guide.md\",,public",
      "",
      "sessions/two-week-2.vtt,MRN-ZZ9,private",
      "sessions/two-week-2.vtt,MRN-B2,secret",
      "sessions/one-week-3.vtt,,",
    ].join("\n"));
    const refused = await cli("ingest", "--manifest", join(folder, "bad.csv"));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("The manifest was refused, nothing was ingested: 4 problem(s).");
    expect(refused.stderr).toMatch(/• line 4: No file or folder at sessions\/missing\.vtt\./);
    expect(refused.stderr).toMatch(/• line 7: no such patient in your organisation\./);
    expect(refused.stderr).toMatch(/• line 8: visibility is private or public/);
    expect(refused.stderr).toMatch(/• line 9: one-week-3\.vtt is already listed on line 2\./);
    expect(refused.stderr).not.toMatch(/line [2356]:/);
    expect(refused.stderr).not.toContain("MRN-ZZ9");
    expect(await documents()).toEqual([]);

    // A transcript with no patient is refused at the check, before the other lines are ingested.
    writeFileSync(join(folder, "no-patient.csv"), `path,patient\n"infusion guide.md",\nsessions/two-week-1.vtt,\n`);
    const unowned = await cli("ingest", "--manifest", join(folder, "no-patient.csv"));
    expect(unowned.code).not.toBe(0);
    expect(unowned.stderr).toMatch(/• line 3: two-week-1\.vtt is a session transcript: name the patient it belongs to/);
    expect(await documents()).toEqual([]);

    const mixed = await cli("ingest", join(folder, "infusion guide.md"), "--manifest", join(folder, "bad.csv"));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("--manifest names every file with its patient and visibility: give no other paths, --patient or --visibility with it.");
    const withPatient = await cli("ingest", "--manifest", join(folder, "bad.csv"), "--patient", "MRN-A1");
    expect(withPatient.code).toBe(2);
    expect(await documents()).toEqual([]);
  }, 300_000);

  it("a good manifest ingests every file with its own patient and visibility, in one call", async () => {
    writeFileSync(join(folder, "batch.csv"), [
      "path,patient,visibility",
      `sessions/one-week-3.vtt,${patients[0]},`,
      "sessions/two-week-1.vtt,MRN-B2,private",
      "sessions/two-week-2.vtt,MRN-B2,private",
      "\"infusion guide.md\",,public",
    ].join("\r\n"));
    const done = await cli("ingest", "--manifest", join(folder, "batch.csv"));
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain("4 of 4 file(s) accepted for processing.");
    // Embedded: this process works the jobs and reports each document; server tier: the workers do, and the CLI says so.
    if (target.name === "embedded") expect(done.stdout).toMatch(/Processed:\n(• .+\n?){4}/);
    else expect(done.stdout).toContain("4 document(s) queued for the workers (`rounds worker` processes); follow them with `rounds docs list processing`.");
    const byName = new Map((await documents()).map((d) => [d.fileName, d]));
    expect([...byName.keys()].sort()).toEqual(["infusion guide.md", "one-week-3.vtt", "two-week-1.vtt", "two-week-2.vtt"].sort());
    expect(byName.get("one-week-3.vtt")).toMatchObject({ patientId: patients[0], visibility: "private" });
    expect(byName.get("two-week-1.vtt")).toMatchObject({ patientId: patients[1], visibility: "private" });
    expect(byName.get("two-week-2.vtt")).toMatchObject({ patientId: patients[1], visibility: "private" });
    expect(byName.get("infusion guide.md")).toMatchObject({ patientId: null, visibility: "public" });
  }, 300_000);

  it("ingest --json prints one JSON value on stdout; how each document ended goes to stderr", async () => {
    writeFileSync(join(folder, "json-check.md"), "# Observation guide\n\nObserve for two hours after an infusion.\n");
    const r = await cli("ingest", join(folder, "json-check.md"), "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    if (target.name === "embedded") expect(r.stderr).toMatch(/Processed:\n• (Observation guide|json-check)/);
  }, 120_000);
});
