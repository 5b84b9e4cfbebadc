// `rounds deid --json` on the HELD-OUT part of the Contextual Text Anonymizer set's clinical-adjacent documents
// (synthetic, MIT, written by people outside this project; see plugins/deid/eval/README.md), scored by the shared
// score.py through plugins/deid/scripts/score-asq-phi.py (which adds the health-plan and unique-identifier types to
// score.py's Safe Harbor types). The rules were never tuned on this split: only the tune split's misses were read. It
// was scored once before #16's fifth round (0.928 / 0.812 / 2.0%) and once after it; the floors sit just under the
// after figures.
//
// The data is fetched from outside, and fetched data is never committed to this repository, so this is an evaluation
// command, not part of the test suite (which must run, and never skip, on a fresh clone):
//
//   node --conditions=rounds-source --import tsx bot/eval/deid-contextual-anonymizer.ts <folder with ca-heldout.json>
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
  process.stderr.write(`deid-contextual-anonymizer: ${message}\n`);
  process.exit(1);
}

const data = process.argv[2] ? resolve(process.argv[2]) : fail("give the folder holding ca-heldout.json (see plugins/deid/eval/README.md to build it)");
if (!existsSync(join(data, "ca-heldout.json"))) fail(`no ca-heldout.json in ${data}`);
const shared = [resolve(root, "../shared/eval-data/deid"), resolve(root, "../../shared/eval-data/deid")].find((d) => existsSync(join(d, "score.py")))
  ?? fail("the shared scorer ../shared/eval-data/deid/score.py is not beside the repository");

const dir = mkdtempSync(join(tmpdir(), "rounds-deid-ca-"));
const failures: string[] = [];
const atLeast = (name: string, value: number, floor: number): void => { if (!(value >= floor)) failures.push(`${name} ${value} < ${floor}`); };
try {
  const samples = JSON.parse(readFileSync(join(data, "ca-heldout.json"), "utf8")) as Array<{ full_text: string; spans: unknown[] }>;
  if (samples.length !== 556) fail(`expected the 556 held-out documents, found ${samples.length}`);
  writeFileSync(join(dir, "texts.json"), JSON.stringify(samples.map((s) => s.full_text)));
  const { stdout } = await run(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "bot/src/cli/main.ts", "--data-dir", dir, "deid", "--json", join(dir, "texts.json")], { cwd: root, maxBuffer: 64 << 20 });
  writeFileSync(join(dir, "out.json"), stdout);
  await run("python3", [resolve(root, "plugins/deid/scripts/score-asq-phi.py"), join(shared, "score.py"), join(data, "ca-heldout.json"), join(dir, "out.json"), "--json", join(dir, "scores.json")], { cwd: root });
  const s = JSON.parse(readFileSync(join(dir, "scores.json"), "utf8")) as Scores;
  if (s.errors !== 0) failures.push(`${s.errors} scoring errors`);
  // Measured after #16's fifth round (shipped output): 0.928 (6517/7025), 0.812 (2080/2563), 0.43% (40/9259). Most of
  // what is left is kept by design: 318 of the 508 Safe Harbor tokens missed are titles ("Dr.", "Mr.") inside labelled
  // names and 119 are US state codes inside labelled addresses (Safe Harbor keeps states).
  atLeast("Safe Harbor token recall", s.safe_harbor.token_recall, 0.925);
  atLeast("spans fully removed", s.safe_harbor.span_full_removal, 0.808);
  if (!(s.over_redaction <= 0.005)) failures.push(`over-redaction ${s.over_redaction} > 0.005`);
  // Every Safe Harbor type with 20+ spans; measured PERSON 0.854, full dates 0.979, e-mail 1.00, phone 0.985, street
  // address 0.860, health plan 1.00, unique identifier 0.956, account 0.920.
  const floors: Record<string, number> = {
    "PERSON": 0.85, "DATE_TIME (full date)": 0.975, "EMAIL_ADDRESS": 0.99, "PHONE_NUMBER": 0.98, "STREET_ADDRESS": 0.855,
    "HEALTH_PLAN_BENEFICIARY_NUMBER": 0.99, "UNIQUE_IDENTIFIER": 0.95, "CREDIT_CARD": 0.915,
  };
  const large = Object.entries(s.safe_harbor.per_type).filter(([, t]) => t.spans[1] >= 20).map(([k]) => k).sort();
  if (JSON.stringify(large) !== JSON.stringify(Object.keys(floors).sort())) failures.push(`types with 20+ spans changed: ${large.join(", ")}`);
  for (const [type, floor] of Object.entries(floors)) atLeast(`${type} token recall`, s.safe_harbor.per_type[type]?.token_recall ?? 0, floor);
  process.stdout.write(`Contextual Anonymizer held-out: Safe Harbor token recall ${s.safe_harbor.token_recall.toFixed(3)}, spans fully removed ${s.safe_harbor.span_full_removal.toFixed(3)}, over-redaction ${(100 * s.over_redaction).toFixed(2)}%\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length > 0) fail(`below the floors:\n  ${failures.join("\n  ")}`);
