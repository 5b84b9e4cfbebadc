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
// - the generated-note support check (support-check.ts) on true statements, each citation as "The client/therapist
//   said \"<quote>\"": kept by the lexical layer alone and with the contradiction checks (what it refuses is a false alarm);
// - risk reaching the note: `heldout8` risk statements (written here, never tuned on) inserted as client
//   turns, one per transcript: flagged with the right turn (flags are shown above every note's sections),
//   and cited by a section of the note in all four formats (the risk section quotes every flagged turn; helper/notes14).
// - risk turns that reach the note (measure/risk-in-note.ts, helper/notes14): every turn the screen flags, listed in the
//   rendered note's risk block with its own turn's speaker and time and cited by the risk section, in all four formats, on
//   AnnoMI (unmodified and with the inserted statements) and on the written heldout8/heldout9 utterances as sessions.
// Each measure is printed for all 133 transcripts and for the two halves of a split by transcript (`annomiPart`:
// alternate transcripts in file order, `tune` and `heldout`); the risk-in-sections floor is asserted on `heldout`.
// Support excludes the risk section's quotes of flagged turns (their precision is the risk screen's; counted apart).
// Beside every share it prints how many statements citing a turn were written (a note, a section): a section that says
// "no next step was agreed" cites nothing and counts in neither the share nor the number.
// It exits non-zero when the file is missing or any floor is not met. The floors are regression floors
// just under the figures first reported in core/src/notes/README.md (support 0.763, risk 120/133); the
// extractive fallback was built with AnnoMI's figures in view, so they are not held-out figures.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { addRiskInNote, type AnnoMiMeasure, emptyRiskInNote, measureAnnoMi, NOTE_FORMATS, type RiskInNote, riskTurnsInNote, writtenRiskSessions } from "@rounds/core";

function fail(message: string): never {
  process.stderr.write(`notes-annomi: ${message}\n`);
  process.exit(1);
}

// `--part tune` measures and prints the tune half alone (for work that must not read the held-out half), with the floors
// that are about the tune half; without it every part is measured and every floor asserted.
const args = process.argv.slice(2);
const partAt = args.indexOf("--part");
const only = partAt >= 0 ? args.splice(partAt, 2)[1] : undefined;
if (only !== undefined && only !== "tune" && only !== "heldout" && only !== "all") fail(`--part is tune, heldout or all, not ${only ?? "nothing"}`);
const folder = args[0] ? resolve(args[0]) : fail("give the folder holding AnnoMI-simple.csv (github uccollab/AnnoMI); see core/src/notes/README.md");
const csv = join(folder, "AnnoMI-simple.csv");
if (!existsSync(csv)) fail(`${csv} is missing; copy AnnoMI-simple.csv from github uccollab/AnnoMI there`);

const ratio = (a: number, b: number) => `${a}/${b} = ${(b ? a / b : 0).toFixed(3)}`;
const parts = (only ? [only] : ["all", "tune", "heldout"]) as ReadonlyArray<"all" | "tune" | "heldout">;
const riskLine = (r: RiskInNote) => `flag tier: ${r.riskTurns} turns, in the risk block with their speaker and time ${ratio(r.inBlock, r.riskTurns)}, cited by the risk section ${ratio(r.inSection, r.riskTurns)}; review tier: ${r.reviewTurns} turns, listed ${ratio(r.reviewInBlock, r.reviewTurns)}; screened negatives: ${r.deniedTurns} turns, listed ${ratio(r.deniedInBlock, r.deniedTurns)} (all four formats)`;
const measures = Object.fromEntries(parts.map((part) => [part, measureAnnoMi(csv, undefined, undefined, undefined, part)])) as Partial<Record<"all" | "tune" | "heldout", AnnoMiMeasure>>;
const supportOf = (m: AnnoMiMeasure) => {
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
  return { statements, supported, bySection };
};
// Fewer statements that are right beat more that are wrong, but a note that says nothing scores no support at all:
// the number of statements is printed beside every share (4 notes a transcript, one per format).
const perNote = (m: AnnoMiMeasure, statements: number) => (statements / (m.transcripts * 4)).toFixed(2);
const sectionsWritten = (m: AnnoMiMeasure, section: string) => m.transcripts * Object.values(NOTE_FORMATS).filter((defs) => defs.some((d) => d.key === section)).length;
for (const part of parts) {
  const m = measures[part]!;
  const { statements, supported, bySection } = supportOf(m);
  process.stdout.write(`AnnoMI ${part}: ${m.transcripts} transcripts, ${m.utterances} utterances; extractive notes in soap, dap, birp, girp\n`);
  process.stdout.write(`  statements whose cited turn supports them: ${ratio(supported, statements)} (risk-section quotes of flagged turns, counted apart: ${m.riskQuotes}); statements citing a turn per note: ${perNote(m, statements)}\n`);
  for (const [section, s] of [...bySection].sort()) process.stdout.write(`    ${section}: ${ratio(s.supported, s.statements)}; per section written: ${(s.statements / sectionsWritten(m, section)).toFixed(2)}\n`);
  process.stdout.write(`  citations whose speaker, time and words equal the source row: ${ratio(m.exactCitations.exact, m.exactCitations.total)}\n`);
  process.stdout.write(`  true statements ("The client/therapist said \"<quote>\"") kept by the generated-note support check: lexical layer alone ${ratio(m.check.lexical, m.check.statements)}; with the contradiction checks ${ratio(m.check.full, m.check.statements)} (refused as ${JSON.stringify(m.check.refused)})\n`);
  process.stdout.write(`  ${m.insertedRisk.split} risk statements inserted as client turns: flagged ${ratio(m.insertedRisk.flagged, m.insertedRisk.inserted)}; cited by a section in every format ${ratio(m.insertedRisk.inNote, m.insertedRisk.inserted)} (flagged and cited ${m.insertedRisk.flaggedInNote})\n`);
  process.stdout.write(`  risk flags on the unmodified transcripts (no risk labels; for reading): ${m.flagsOnOriginal}\n`);
  process.stdout.write(`  risk turns that reach the note (every turn the screen flags): unmodified transcripts ${riskLine(m.riskInNote.original)}\n`);
  process.stdout.write(`    with the inserted statements ${riskLine(m.riskInNote.inserted)}\n`);
}
// The project's own written risk utterances (committed; heldout8 and heldout9 never tuned on), as sessions of 8 turns.
const written = Object.fromEntries((["heldout8", "heldout9"] as const).map((split) => [split, writtenRiskSessions(split).reduce((acc, turns) => addRiskInNote(acc, riskTurnsInNote(turns)), emptyRiskInNote())])) as Record<"heldout8" | "heldout9", RiskInNote>;
for (const [split, r] of Object.entries(written)) process.stdout.write(`written risk set ${split} as sessions of 8 turns: risk turns that reach the note ${riskLine(r)}\n`);

const failures: string[] = [];
const atLeast = (name: string, value: number, floor: number) => { if (!(value >= floor)) failures.push(`${name} ${value.toFixed(3)} < ${floor}`); };
const all = measures.all;
if (all) {
  const allSupport = supportOf(all);
  atLeast("transcripts", all.transcripts, 133);
  atLeast("statements", allSupport.statements, 2000);
  atLeast("support", allSupport.supported / allSupport.statements, 0.74);
  atLeast("inserted risk flagged", all.insertedRisk.flagged / all.insertedRisk.inserted, 0.88);
}
// helper/notes14 changed the turn functions looking at the tune half only (support 0.759 -> 0.827 there) and wrote this
// floor before the held-out half was read with the rules frozen (commit "freeze"): held-out support >= 0.80.
const held = measures.heldout;
if (held) {
  const heldSupport = supportOf(held);
  atLeast("held-out support", heldSupport.supported / heldSupport.statements, 0.80);
  // A flagged turn is quoted at the head of the format's risk section (helper/notes14), so a section of every format
  // cites it whenever the screen flags it. The share floor was chosen on the tune half (read there first: 63/67 =
  // 0.940) and is asserted on the held-out half only (read once after: 59/66 = 0.894); it sits under both because it is
  // bounded by the risk screen's recall on the inserted statements, which this command does not tune.
  atLeast("held-out: inserted risk cited by a section in every format", held.insertedRisk.inNote / held.insertedRisk.inserted, 0.85);
  // helper/notes16 changed turn functions looking at the tune half only, froze the code (79dfae2) and read the held-out
  // half once: Plan 132/240 = 0.550, Goals 61/96 = 0.635. Floors just under that read (nothing was chosen on it).
  const heldShare = (section: string) => { const x = heldSupport.bySection.get(section)!; return x.supported / x.statements; };
  // helper/notes17 changed turn functions looking at the tune half only, froze the code (55c7a19) and read the held-out
  // half once: Plan 132/228 = 0.579, Goals 64/100 = 0.640. The Plan floor rises to just under that read.
  atLeast("held-out: Plan support", heldShare("plan"), 0.56);
  atLeast("held-out: Goals support", heldShare("goals"), 0.62);
}
// helper/notes15 changed which turns Plan and Goals quote looking at the tune half only (Plan 0.570 -> 0.710 with
// 1.49 -> 0.93 statements a Plan; Goals 0.628 -> 0.706 with 1.40 -> 1.27 a Goals section; 10.68 -> 10.06 statements a
// note). These are regression floors on the TUNE half, just under those figures; they are not held-out figures. The
// statements-per-note floor keeps the shares from being bought by writing less.
if (measures.tune) {
  const tune = supportOf(measures.tune);
  const tuneShare = (section: string) => { const s = tune.bySection.get(section)!; return s.supported / s.statements; };
  // helper/notes16 (tune, tuned on): Plan 0.710 -> 0.771 (1.04 a Plan), Goals 0.706 -> 0.779 (1.42 a Goals), 10.19 a
  // note; regression floors just under them.
  // helper/notes17 (tune, tuned on): Plan 0.771 -> 0.803 (1.13 a Plan), Goals 0.779 -> 0.811 (1.58 a Goals), 10.35 a
  // note; regression floors just under them.
  atLeast("tune: Plan support", tuneShare("plan"), 0.79);
  atLeast("tune: Goals support", tuneShare("goals"), 0.80);
  atLeast("tune: statements citing a turn per note", tune.statements / (measures.tune.transcripts * 4), 9.5);
}
for (const part of parts) if (measures[part]!.exactCitations.exact !== measures[part]!.exactCitations.total) failures.push(`${part}: citations not turn-exact: ${measures[part]!.exactCitations.total - measures[part]!.exactCitations.exact}`);
// Every flagged inserted statement must reach a section of every format, on every part.
for (const part of parts) {
  const r = measures[part]!.insertedRisk;
  if (r.flaggedInNote !== r.flagged) failures.push(`${part}: ${r.flagged - r.flaggedInNote} flagged inserted statement(s) are not cited by a section in every format`);
}
// Every turn the screen flags must be listed at the top of the note with its own speaker and time, in every format,
// on every set (a rendering guarantee, not a tuned figure).
const riskSets: Array<[string, RiskInNote]> = [...parts.flatMap((part) => [[`${part} unmodified`, measures[part]!.riskInNote.original], [`${part} inserted`, measures[part]!.riskInNote.inserted]] as Array<[string, RiskInNote]>), ...Object.entries(written)];
for (const [name, r] of riskSets) {
  if (r.inBlock !== r.riskTurns) failures.push(`${name}: ${r.riskTurns - r.inBlock} flagged turn(s) not in the risk block with their speaker and time`);
  if (r.reviewInBlock !== r.reviewTurns) failures.push(`${name}: ${r.reviewTurns - r.reviewInBlock} review-flagged turn(s) not listed`);
  if (r.deniedInBlock !== r.deniedTurns) failures.push(`${name}: ${r.deniedTurns - r.deniedInBlock} screened negative(s) not listed`);
}
if (failures.length) fail(`below the floor: ${failures.join("; ")}`);
process.stdout.write("notes-annomi: every floor met\n");
