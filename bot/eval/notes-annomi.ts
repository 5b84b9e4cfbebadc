// Session notes on transcripts nobody here wrote: the public AnnoMI motivational-interviewing
// demonstrations (github uccollab/AnnoMI, `AnnoMI-simple.csv`; 133 transcripts, expert per-utterance
// annotations of what each therapist turn does and what kind of talk each client turn is). The
// repository carries no licence file, so its text is never committed: this is an evaluation command,
// not a test (CI has no fetched data, and under CI=true nothing may skip).
//
//   node --conditions=rounds-source --import tsx bot/eval/notes-annomi.ts <folder holding AnnoMI-simple.csv>
//
// It writes extractive notes in SOAP, DAP, BIRP and GIRP with the functions `generateNote` uses
// (`measureAnnoMi`, core/src/notes/measure/annomi.ts) and prints:
// - support: the share of note statements whose cited turn, by AnnoMI's own annotation, does what its
//   section says (an Intervention cites a therapist reflection or input; a Response a client turn right
//   after one; Goals client change talk; Plan therapist input or client change talk; Assessment a
//   reflection; Subjective, Data and Behavior a client turn);
// - citations whose speaker, time and words equal the source row;
// - risk reaching the note: `heldout8` risk statements (written here, never tuned on) inserted as client
//   turns, one per transcript: flagged with the right turn (flags are shown above every note's sections),
//   and cited by a section of the note in all four formats.
// It exits non-zero when the file is missing or any floor is not met. The floors are regression floors
// just under the figures first reported in core/src/notes/README.md (support 0.763, risk 120/133); the
// extractive fallback was built with AnnoMI's figures in view, so they are not held-out figures.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { measureAnnoMi } from "@rounds/core";

function fail(message: string): never {
  process.stderr.write(`notes-annomi: ${message}\n`);
  process.exit(1);
}

const folder = process.argv[2] ? resolve(process.argv[2]) : fail("give the folder holding AnnoMI-simple.csv (github uccollab/AnnoMI); see core/src/notes/README.md");
const csv = join(folder, "AnnoMI-simple.csv");
if (!existsSync(csv)) fail(`${csv} is missing; copy AnnoMI-simple.csv from github uccollab/AnnoMI there`);

const m = measureAnnoMi(csv);
const ratio = (a: number, b: number) => `${a}/${b} = ${(b ? a / b : 0).toFixed(3)}`;
const bySection = new Map<string, { statements: number; supported: number }>();
let statements = 0, supported = 0;
for (const [key, slot] of Object.entries(m.support)) {
  statements += slot.statements;
  supported += slot.supported;
  const section = key.split(".")[1]!;
  const s = bySection.get(section) ?? { statements: 0, supported: 0 };
  s.statements += slot.statements;
  s.supported += slot.supported;
  bySection.set(section, s);
}
process.stdout.write(`AnnoMI: ${m.transcripts} transcripts, ${m.utterances} utterances; extractive notes in soap, dap, birp, girp\n`);
process.stdout.write(`statements whose cited turn supports them: ${ratio(supported, statements)}\n`);
for (const [section, s] of [...bySection].sort()) process.stdout.write(`  ${section}: ${ratio(s.supported, s.statements)}\n`);
process.stdout.write(`citations whose speaker, time and words equal the source row: ${ratio(m.exactCitations.exact, m.exactCitations.total)}\n`);
process.stdout.write(`${m.insertedRisk.split} risk statements inserted as client turns: flagged ${ratio(m.insertedRisk.flagged, m.insertedRisk.inserted)}; cited in the note in every format ${ratio(m.insertedRisk.inNote, m.insertedRisk.inserted)}\n`);
process.stdout.write(`risk flags on the unmodified transcripts (no risk labels; for reading): ${m.flagsOnOriginal}\n`);

const failures: string[] = [];
const atLeast = (name: string, value: number, floor: number) => { if (!(value >= floor)) failures.push(`${name} ${value.toFixed(3)} < ${floor}`); };
atLeast("transcripts", m.transcripts, 133);
atLeast("statements", statements, 2000);
atLeast("support", supported / statements, 0.74);
if (m.exactCitations.exact !== m.exactCitations.total) failures.push(`citations not turn-exact: ${m.exactCitations.total - m.exactCitations.exact}`);
atLeast("inserted risk flagged", m.insertedRisk.flagged / m.insertedRisk.inserted, 0.88);
// Flags are stored on the note and shown above its sections in every format (that is the 0.88 floor above); a
// section citing the risk turn itself in all four formats is rarer: first measured (helper/notes11) at 29/133 =
// 0.218, so this floor (0.2) only guards against regression. It is a gap, not a target met.
atLeast("inserted risk cited by a section in every format", m.insertedRisk.inNote / m.insertedRisk.inserted, 0.2);
if (failures.length) fail(`below the floor: ${failures.join("; ")}`);
process.stdout.write("notes-annomi: every floor met\n");
