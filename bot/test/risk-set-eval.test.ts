// bot/eval/risk-set.ts, the scorer the lead runs once on a held-out risk set nobody here has read: it must read any
// file in the held-out format, print aggregates only (never an utterance), and exit non-zero on a malformed line.
// The sentences below were written for this test and are in no labelled split. No database: one tier is enough.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "rounds-risk-set-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...files: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "bot/eval/risk-set.ts", ...files], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const LINES = [
  "# a comment line",
  "risk|suicidal_active|client|I want to kill myself tonight.",
  "risk|self_harm|client|I burnt my forearm with the iron on purpose.",
  "denied|suicidal_active|therapist|Client denies suicidal ideation.",
  "denied|self_harm|client|I used to scratch my arms but I stopped years ago.",
  "none|ordinary|client|We painted the fence on Saturday.",
  "none|third_party|client|My neighbour's lad overdosed last spring.",
  "",
];

describe("bot/eval/risk-set.ts", () => {
  it("scores a set in the held-out format: both tiers, denials and categories, with no utterance text", () => {
    const file = join(dir, "written.tsv");
    writeFileSync(file, `\uFEFF${LINES.join("\r\n")}`);
    const r = run(file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("6 utterances, 2 risk, 2 denied, 2 none");
    expect(r.stdout).toMatch(/flag tier: recall 2\/2 = 1\.000, precision 2\/2 = 1\.000/);
    expect(r.stdout).toMatch(/flag ∪ review recall: 2\/2 = 1\.000/);
    expect(r.stdout).toMatch(/denials: screened negatives 2\/2 = 1\.000, review-flagged 0, flagged as risk 0/);
    expect(r.stdout).toMatch(/self_harm: n 2 \(1\/1\/0\)/);
    for (const line of LINES.filter((l) => l && !l.startsWith("#"))) expect(r.stdout).not.toContain(line.split("|")[3]!.slice(0, 20));
  });

  it("reads the same set tab-separated", () => {
    const file = join(dir, "tabs.tsv");
    writeFileSync(file, LINES.map((l) => l.replace(/\|/g, "\t")).join("\n"));
    const r = run(file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("6 utterances, 2 risk, 2 denied, 2 none");
  });

  it("exits non-zero naming the file and line of a malformed line, without its text; and without a file", () => {
    const file = join(dir, "bad.tsv");
    writeFileSync(file, [...LINES.slice(0, 3), "maybe|self_harm|client|I scratched my wrist.", ...LINES.slice(3)].join("\n"));
    const bad = run(file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("bad.tsv, line 4");
    expect(bad.stderr).not.toContain("scratched");
    expect(bad.stdout).toBe("");
    const speaker = join(dir, "speaker.tsv");
    writeFileSync(speaker, "risk|self_harm|nurse|I scratched my wrist.\n");
    expect(run(speaker).code).toBe(1);
    expect(run().code).toBe(1);
    expect(run(join(dir, "missing.tsv")).code).toBe(1);
  });
});
