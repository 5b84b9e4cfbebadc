// `rounds deid --json` on the HELD-OUT part of ASQ-PHI (synthetic clinical queries with HIPAA Safe
// Harbor labels, MIT, written by people outside this project; see plugins/deid/eval/README.md),
// scored by the shared score.py through plugins/deid/scripts/score-asq-phi.py. The rules were never
// tuned on this split: only the tune split's misses were read. It was scored once before the
// fourth round's rule changes (0.811 / 0.708 / 0.8%), once after them (0.929 / 0.873 / 0.32%) and a
// third time after the fifth round (0.950 / 0.905 / 0.32%); the floors sit just under the third.
//
// The data is fetched from outside, and fetched data is never committed to this repository, so this
// is an evaluation command, not part of the test suite (which must run, and never skip, on a fresh
// clone):
//
//   node --conditions=rounds-source --import tsx bot/eval/deid-asq-phi.ts <folder with asq-phi-heldout.json>
//
// It exits non-zero when the folder or the shared scorer is missing, or when any floor is not met.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

interface Scores {
  errors: number; over_redaction: number;
  safe_harbor: { token_recall: number; span_full_removal: number; per_type: Record<string, { token_recall: number; spans: [number, number] }> };
}

function fail(message: string): never {
  process.stderr.write(`deid-asq-phi: ${message}\n`);
  process.exit(1);
}

const data = process.argv[2] ? resolve(process.argv[2]) : fail("give the folder holding asq-phi-heldout.json (see plugins/deid/eval/README.md to build it)");
if (!existsSync(join(data, "asq-phi-heldout.json"))) fail(`no asq-phi-heldout.json in ${data}`);
const shared = [resolve(root, "../shared/eval-data/deid"), resolve(root, "../../shared/eval-data/deid")].find((d) => existsSync(join(d, "score.py")))
  ?? fail("the shared scorer ../shared/eval-data/deid/score.py is not beside the repository");

const dir = mkdtempSync(join(tmpdir(), "rounds-deid-asq-"));
const failures: string[] = [];
const atLeast = (name: string, value: number, floor: number): void => { if (!(value >= floor)) failures.push(`${name} ${value} < ${floor}`); };
try {
  const samples = JSON.parse(readFileSync(join(data, "asq-phi-heldout.json"), "utf8")) as Array<{ full_text: string; spans: unknown[] }>;
  if (samples.length !== 700) fail(`expected the 700 held-out queries, found ${samples.length}`);
  writeFileSync(join(dir, "texts.json"), JSON.stringify(samples.map((s) => s.full_text)));
  const { stdout } = await run(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "bot/src/cli/main.ts", "--data-dir", dir, "deid", "--json", join(dir, "texts.json")], { cwd: root, maxBuffer: 64 << 20 });
  writeFileSync(join(dir, "out.json"), stdout);
  await run("python3", [resolve(root, "plugins/deid/scripts/score-asq-phi.py"), join(shared, "score.py"), join(data, "asq-phi-heldout.json"), join(dir, "out.json"), "--json", join(dir, "scores.json")], { cwd: root });
  const s = JSON.parse(readFileSync(join(dir, "scores.json"), "utf8")) as Scores;
  if (s.errors !== 0) failures.push(`${s.errors} scoring errors`);
  // Measured after #16's fifth round (shipped output, numbered placeholders): 0.950 (4821/5077), 0.905 (1812/2002), 0.32% (43/13549).
  atLeast("Safe Harbor token recall", s.safe_harbor.token_recall, 0.947);
  atLeast("spans fully removed", s.safe_harbor.span_full_removal, 0.90);
  if (!(s.over_redaction <= 0.0035)) failures.push(`over-redaction ${s.over_redaction} > 0.0035`);
  // Every Safe Harbor type with 20+ spans; measured GPE 0.898, PERSON 0.940, DATE 0.989, MRN 0.997, health plan 0.992, phone 1.00, SSN 1.00.
  const floors: Record<string, number> = {
    "GPE (city/town)": 0.893, "PERSON": 0.935, "DATE_TIME (full date)": 0.985, "MEDICAL_RECORD_NUMBER": 0.99,
    "HEALTH_PLAN_BENEFICIARY_NUMBER": 0.985, "PHONE_NUMBER": 0.99, "US_SSN": 0.99,
  };
  const large = Object.entries(s.safe_harbor.per_type).filter(([, t]) => t.spans[1] >= 20).map(([k]) => k).sort();
  if (JSON.stringify(large) !== JSON.stringify(Object.keys(floors).sort())) failures.push(`types with 20+ spans changed: ${large.join(", ")}`);
  for (const [type, floor] of Object.entries(floors)) atLeast(`${type} token recall`, s.safe_harbor.per_type[type]?.token_recall ?? 0, floor);
  // ASQ-PHI's own utility figure: queries with no identifier that come back changed. Measured 7 of 139.
  const out = JSON.parse(stdout) as string[];
  const negatives = samples.map((x, i) => [x, out[i]] as const).filter(([x]) => x.spans.length === 0);
  const changed = negatives.filter(([x, o]) => o !== x.full_text).length;
  if (changed > 8) failures.push(`${changed} of ${negatives.length} identifier-free queries changed (floor 8)`);
  process.stdout.write(`ASQ-PHI held-out: Safe Harbor token recall ${s.safe_harbor.token_recall.toFixed(3)}, spans fully removed ${s.safe_harbor.span_full_removal.toFixed(3)}, over-redaction ${(100 * s.over_redaction).toFixed(2)}%, identifier-free queries changed ${changed}/${negatives.length}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length > 0) fail(`below the floors:\n  ${failures.join("\n  ")}`);
