// `rounds deid --json` on the HELD-OUT part of ASQ-PHI (synthetic clinical queries with HIPAA Safe
// Harbor labels, MIT, written by people outside this project; see plugins/deid/eval/README.md),
// scored by the shared score.py through plugins/deid/scripts/score-asq-phi.py. The rules were never
// tuned on this split: only the tune split's misses were read. It was scored once before the
// fourth round's rule changes (0.811 / 0.708 / 0.8%) and once after them; the floors sit just
// under the after figures. The data is fetched, not committed: it is read from
// shared/eval-data/deid/asq-phi/ beside the repository (or TEST_EVAL_DATA/deid/asq-phi, or the
// git-ignored plugins/deid/eval/data); without it this file is skipped, and says so.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "rounds-deid-asq-"));
const shared = [...(process.env.TEST_EVAL_DATA ? [resolve(process.env.TEST_EVAL_DATA, "deid")] : []), resolve(root, "../shared/eval-data/deid"), resolve(root, "../../shared/eval-data/deid")]
  .find((d) => existsSync(join(d, "score.py")));
const data = [...(shared ? [join(shared, "asq-phi")] : []), resolve(root, "plugins/deid/eval/data")].find((d) => existsSync(join(d, "asq-phi-heldout.json")));

describe.skipIf(!shared || !data)(`rounds deid on the ASQ-PHI held-out split${data ? "" : " (skipped: asq-phi-heldout.json is not beside the repository)"}`, () => {
  it("is at or above the floors (just under the figures measured after the fourth round, rules frozen)", async () => {
    const samples = JSON.parse(readFileSync(join(data!, "asq-phi-heldout.json"), "utf8")) as Array<{ full_text: string; spans: unknown[] }>;
    expect(samples).toHaveLength(700);
    writeFileSync(join(dir, "texts.json"), JSON.stringify(samples.map((s) => s.full_text)));
    const { stdout } = await run(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "bot/src/cli/main.ts", "--data-dir", dir, "deid", "--json", join(dir, "texts.json")], { cwd: root, timeout: 170_000, maxBuffer: 64 << 20 });
    writeFileSync(join(dir, "out.json"), stdout);
    await run("python3", [resolve(root, "plugins/deid/scripts/score-asq-phi.py"), join(shared!, "score.py"), join(data!, "asq-phi-heldout.json"), join(dir, "out.json"), "--json", join(dir, "scores.json")], { cwd: root });
    const s = JSON.parse(readFileSync(join(dir, "scores.json"), "utf8")) as {
      errors: number; over_redaction: number;
      safe_harbor: { token_recall: number; span_full_removal: number; per_type: Record<string, { token_recall: number; spans: [number, number] }> };
    };
    expect(s.errors).toBe(0);
    // Measured (shipped output, numbered placeholders): 0.929 (4717/5077), 0.873 (1748/2002), 0.32% (43/13549).
    expect(s.safe_harbor.token_recall).toBeGreaterThanOrEqual(0.925);
    expect(s.safe_harbor.span_full_removal).toBeGreaterThanOrEqual(0.87);
    expect(s.over_redaction).toBeLessThanOrEqual(0.0035);
    // Every Safe Harbor type with 20+ spans; measured GPE 0.831, PERSON 0.940, DATE 0.989, MRN 0.997, health plan 0.992, phone 1.00, SSN 1.00.
    const floors: Record<string, number> = {
      "GPE (city/town)": 0.825, "PERSON": 0.935, "DATE_TIME (full date)": 0.985, "MEDICAL_RECORD_NUMBER": 0.99,
      "HEALTH_PLAN_BENEFICIARY_NUMBER": 0.985, "PHONE_NUMBER": 0.99, "US_SSN": 0.99,
    };
    const large = Object.entries(s.safe_harbor.per_type).filter(([, t]) => t.spans[1] >= 20).map(([k]) => k).sort();
    expect(large).toEqual(Object.keys(floors).sort());
    for (const [type, floor] of Object.entries(floors)) expect(s.safe_harbor.per_type[type]!.token_recall, type).toBeGreaterThanOrEqual(floor);
    // ASQ-PHI's own utility figure: queries with no identifier that come back changed. Measured 7 of 139.
    const out = JSON.parse(stdout) as string[];
    const negatives = samples.map((x, i) => [x, out[i]] as const).filter(([x]) => x.spans.length === 0);
    expect(negatives).toHaveLength(139);
    expect(negatives.filter(([x, o]) => o !== x.full_text).length).toBeLessThanOrEqual(8);
  }, 180_000);
});
