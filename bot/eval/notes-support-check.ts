// The generated-note support check (core/src/notes/support-check.ts) on the planted contradictions
// (core/src/notes/measure/planted-contradictions.ts: statements contradicting their cited turn by a flipped
// negation, a changed number/dose/frequency, the wrong speaker or added certainty, and faithful controls, written
// before the checks; tuned on `tune`, `heldout` never tuned on). Prints, per half, the contradictions caught (by
// kind) and the faithful statements kept, by the lexical layer alone (the check before helper/notes13) and with the
// contradiction checks. The held-out floors are asserted in core/src/notes/support-check.test.ts.
//
//   node --conditions=rounds-source --import tsx bot/eval/notes-support-check.ts
import { contradiction, measurePlanted, type PlantedCase, sharesWords, transcriptTurns } from "@rounds/core";

const turnsOf = (c: PlantedCase) => transcriptTurns(c.turns.map((t, i) => ({ speaker: t.speaker, text: t.text, startMs: i * 1000 })));
const ratio = ([a, b]: [number, number]) => `${a}/${b} = ${(b ? a / b : 0).toFixed(3)}`;
for (const split of ["tune", "heldout"] as const) {
  const lexical = measurePlanted(split, turnsOf, (s, t) => (sharesWords(s, t) ? undefined : "not_supported"));
  const full = measurePlanted(split, turnsOf, (s, t) => (sharesWords(s, t) ? contradiction(s, t) : "not_supported"));
  process.stdout.write(`planted ${split}: contradictions caught, lexical alone ${ratio(lexical.contradictions)} -> with contradiction checks ${ratio(full.contradictions)}`
    + ` (${Object.entries(full.caught).map(([k, v]) => `${k} ${v[0]}/${v[1]}`).join(", ")}); faithful kept ${ratio(lexical.faithfulKept)} -> ${ratio(full.faithfulKept)}\n`);
  for (const w of full.wrong) process.stdout.write(`  wrong (${w.kind}, ${w.verdict}): ${w.statement}\n`);
}
