// The part every outside de-identification set's evaluation command shares: `rounds deid --json` (the shipped
// code, through the CLI) on a held-out file of `{ full_text, spans }` samples, scored by the shared score.py through
// plugins/deid/scripts/score-asq-phi.py (which adds the health-plan and unique-identifier types to score.py's Safe
// Harbor types), then the floors: overall token recall, spans fully removed, over-redaction, and per-type recall for
// exactly the types with 20+ spans. Fetched data is never committed, so these are evaluation commands, not tests.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

export interface Sample { full_text: string; spans: unknown[] }
export interface Scores {
  errors: number; over_redaction: number;
  safe_harbor: { token_recall: number; span_full_removal: number; per_type: Record<string, { token_recall: number; spans: [number, number] }> };
}
export interface Floors { recall: number; spans: number; overRedaction: number; perType: Record<string, number> }

/** Prints the message under the command's name and exits 1. */
export function fail(command: string, message: string): never {
  process.stderr.write(`${command}: ${message}\n`);
  process.exit(1);
}

/**
 * Runs and scores the held-out file `file` in the folder given as the first argument (it must hold `count` samples),
 * checks `floors`, lets `extra` add checks of its own, prints `summary`'s line and exits non-zero below any floor.
 */
export async function evaluateHeldOut(input: {
  command: string; file: string; count: number; floors: Floors;
  extra?: (samples: Sample[], output: string[], failures: string[]) => string;
  summary: (s: Scores, extra: string) => string;
}): Promise<void> {
  const { command, file } = input;
  const data = process.argv[2] ? resolve(process.argv[2]) : fail(command, `give the folder holding ${file} (see plugins/deid/eval/README.md to build it)`);
  if (!existsSync(join(data, file))) fail(command, `no ${file} in ${data}`);
  const shared = [resolve(root, "../shared/eval-data/deid"), resolve(root, "../../shared/eval-data/deid")].find((d) => existsSync(join(d, "score.py")))
    ?? fail(command, "the shared scorer ../shared/eval-data/deid/score.py is not beside the repository");
  const dir = mkdtempSync(join(tmpdir(), "rounds-deid-eval-"));
  const failures: string[] = [];
  const atLeast = (name: string, value: number, floor: number): void => { if (!(value >= floor)) failures.push(`${name} ${value} < ${floor}`); };
  try {
    const samples = JSON.parse(readFileSync(join(data, file), "utf8")) as Sample[];
    if (samples.length !== input.count) fail(command, `expected the ${input.count} held-out samples, found ${samples.length}`);
    writeFileSync(join(dir, "texts.json"), JSON.stringify(samples.map((s) => s.full_text)));
    const { stdout } = await run(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "bot/src/cli/main.ts", "--data-dir", dir, "deid", "--json", join(dir, "texts.json")], { cwd: root, maxBuffer: 64 << 20 });
    writeFileSync(join(dir, "out.json"), stdout);
    await run("python3", [resolve(root, "plugins/deid/scripts/score-asq-phi.py"), join(shared, "score.py"), join(data, file), join(dir, "out.json"), "--json", join(dir, "scores.json")], { cwd: root });
    const s = JSON.parse(readFileSync(join(dir, "scores.json"), "utf8")) as Scores;
    if (s.errors !== 0) failures.push(`${s.errors} scoring errors`);
    const { floors } = input;
    atLeast("Safe Harbor token recall", s.safe_harbor.token_recall, floors.recall);
    atLeast("spans fully removed", s.safe_harbor.span_full_removal, floors.spans);
    if (!(s.over_redaction <= floors.overRedaction)) failures.push(`over-redaction ${s.over_redaction} > ${floors.overRedaction}`);
    const large = Object.entries(s.safe_harbor.per_type).filter(([, t]) => t.spans[1] >= 20).map(([k]) => k).sort();
    if (JSON.stringify(large) !== JSON.stringify(Object.keys(floors.perType).sort())) failures.push(`types with 20+ spans changed: ${large.join(", ")}`);
    for (const [type, floor] of Object.entries(floors.perType)) atLeast(`${type} token recall`, s.safe_harbor.per_type[type]?.token_recall ?? 0, floor);
    const extra = input.extra?.(samples, JSON.parse(stdout) as string[], failures) ?? "";
    process.stdout.write(`${input.summary(s, extra)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length > 0) fail(command, `below the floors:\n  ${failures.join("\n  ")}`);
}
