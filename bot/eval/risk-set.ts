// Scores the risk screen's two tiers on any labelled set in the held-out format (core/src/notes/risk/risk-set.*.tsv:
// one utterance a line, `label|category|speaker|text` (or tab-separated), label risk | denied | none, speaker client | therapist;
// `#` comments). Written so a set nobody here has read (a new held-out split) can be scored once without anyone
// reading its text: it prints aggregates only, never an utterance.
//
//   node --conditions=rounds-source --import tsx bot/eval/risk-set.ts <set.tsv> [more.tsv ...]
//
// Per file: the flag tier's recall and precision on risk statements, the review tier's own flags and precision,
// recall of flag ∪ review, how denials were handled (screened negatives, review-flagged, flagged as risk), and the
// same per labelled category. Exits non-zero when no file is given, a file cannot be read, or any line does not
// parse (the error names the file and line number, not the text); it asserts no floor.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { measureTwoTiers, parseRiskSet } from "@rounds/core";

function fail(message: string): never {
  process.stderr.write(`risk-set: ${message}\n`);
  process.exit(1);
}

const files = process.argv.slice(2);
if (!files.length) fail("give one or more labelled set files (label|category|speaker|text a line)");

const frac = (a: number, b: number): string => `${a}/${b} = ${b ? (a / b).toFixed(3) : "n/a"}`;
const out: string[] = [];
for (const file of files) {
  let set;
  try {
    set = parseRiskSet(readFileSync(resolve(file), "utf8"), file);
  } catch (e) {
    fail((e as Error).message);
  }
  const m = measureTwoTiers(set);
  const flagged = m.flag.truePositives + m.flag.falsePositives;
  const reviewFlags = m.review.truePositives + m.review.falsePositives;
  out.push(`${file}: ${m.n} utterances, ${m.positives} risk, ${m.denials} denied, ${m.n - m.positives - m.denials} none`);
  out.push(`  flag tier: recall ${frac(m.flag.truePositives, m.positives)}, precision ${frac(m.flag.truePositives, flagged)}`);
  out.push(`  review tier: ${reviewFlags} review flags, precision ${frac(m.review.truePositives, reviewFlags)} (risk statements it adds: ${m.review.truePositives})`);
  out.push(`  flag ∪ review recall: ${frac(m.union.truePositives, m.positives)}`);
  out.push(`  denials: screened negatives ${frac(m.denialsRecognised, m.denials)}, review-flagged ${m.denialsReviewed}, flagged as risk ${m.denialsFlagged}`);
  out.push("  by category (n: risk/denied/none; flag tier, review tier, screened negative):");
  for (const [category, c] of [...m.byCategory].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`    ${category}: n ${c.n} (${c.risk}/${c.denied}/${c.none}); flagged ${c.flagged}, review ${c.reviewed}, screened negative ${c.screenedNegative}`
      + (c.risk ? `; risk statements caught (flag ∪ review) ${frac(c.riskCaught, c.risk)}` : ""));
  }
}
process.stdout.write(`${out.join("\n")}\n`);
