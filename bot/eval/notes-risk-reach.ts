// Share of labelled risk statements that reach the session note (issue #18, "share of risk turns that reach the note"),
// on labelled sets in the held-out format (core/src/notes/risk/risk-set.*.tsv: `label|category|speaker|text` a line).
// Each set is laid out as sessions of 8 turns taken at a stride through the file, so a session mixes risk statements,
// denials and ordinary talk; every turn keeps its speaker ("Therapist" for a clinician's line, else "Client") and its own
// time. The extractive note is written in SOAP, DAP, BIRP and GIRP (150 words a section, cut as stored) and each turn
// labelled `risk` is followed into it (core/src/notes/measure/risk-in-note.ts, `labelledRiskInNote`):
// - flagged: its flag-tier flags are listed at the top of the note with the turn's own speaker and time (and, counted
//   beside it, the format's risk section quotes the turn), in every format;
// - review only: listed under "Possible risk — review" at the top (acknowledged before approval; in no section);
// - in a section only: not flagged, but some section of every format quotes the turn for what it does;
// - missed: the note does not carry it.
// Unlike AnnoMI's inserted statements (one per session, into a real session), this counts every labelled risk turn of
// a set, so it is bounded by the risk screen's recall on that set: report it on a set the screen was not tuned on.
// Prints aggregates only, never an utterance, so a set nobody here has read can be scored without reading it.
//
//   node --conditions=rounds-source --import tsx bot/eval/notes-risk-reach.ts <set.tsv> [more.tsv ...]
//
// Exits non-zero when no file is given or a file cannot be read or parsed; it asserts no floor (the test
// core/src/notes/measure/risk-in-note.test.ts holds the floor, on heldout11).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { labelledRiskInNote, parseRiskSet } from "@rounds/core";

function fail(message: string): never {
  process.stderr.write(`notes-risk-reach: ${message}\n`);
  process.exit(1);
}

const files = process.argv.slice(2);
if (!files.length) fail("give one or more labelled set files (label|category|speaker|text a line)");
const frac = (a: number, b: number): string => `${a}/${b} = ${b ? (a / b).toFixed(3) : "n/a"}`;
for (const file of files) {
  let set;
  try {
    set = parseRiskSet(readFileSync(resolve(file), "utf8"), file);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const r = labelledRiskInNote(set);
  process.stdout.write(`${file}: ${r.riskTurns} turns labelled risk, in sessions of 8; extractive notes in soap, dap, birp, girp\n`);
  process.stdout.write(`  reach the note: ${frac(r.reached, r.riskTurns)}\n`);
  process.stdout.write(`    flagged, at the top with their speaker and time: ${frac(r.flagged, r.riskTurns)} (and quoted by the risk section: ${frac(r.flaggedInSection, r.flagged)})\n`);
  process.stdout.write(`    under "Possible risk — review" only: ${frac(r.review, r.riskTurns)}\n`);
  process.stdout.write(`    quoted by a section only (not flagged): ${frac(r.sectionOnly, r.riskTurns)}\n`);
  process.stdout.write(`  missed (not in the note): ${frac(r.missed, r.riskTurns)}\n`);
}
