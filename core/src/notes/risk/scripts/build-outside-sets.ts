/**
 * Rebuilds the outside risk splits (`risk-set.<split>.tsv`) from the public source files and the
 * committed labels files, verifying every sentence's sha256. The text is never committed.
 *
 *   node --conditions=rounds-source --import tsx core/src/notes/risk/scripts/build-outside-sets.ts <source csv>... <out folder>
 *
 * Each source csv is either `500_Reddit_users_posts_labels.csv` (Reddit C-SSRS) or
 * `20200325_counsel_chat.csv` (Counsel Chat), told apart by their columns; each builds its two
 * splits. Exits non-zero, naming every sentence it could not rebuild.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSplit, OUTSIDE_SPLITS, parseCsv, sourceOfSplit, sourceRecords, type OutsideSource } from "../outside-sets.ts";

function whichSource(csv: string): OutsideSource {
  const header = parseCsv(csv.slice(0, csv.indexOf("\n") + 1))[0] ?? [];
  if (header.includes("User") && header.includes("Post")) return "cssrs";
  if (header.includes("questionID") && header.includes("questionText")) return "counselchat";
  throw new Error(`not a known source file (columns: ${header.join(", ")})`);
}

const args = process.argv.slice(2);
const out = args.pop();
if (!out || !args.length) {
  console.error("usage: build-outside-sets.ts <source csv>... <out folder>");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
let failed = 0;
for (const file of args) {
  const csv = readFileSync(file, "utf8");
  let source: OutsideSource;
  try {
    source = whichSource(csv);
  } catch (e) {
    console.error(`${file}: ${(e as Error).message}`);
    process.exit(1);
  }
  const records = sourceRecords(source, csv);
  for (const split of OUTSIDE_SPLITS.filter((s) => sourceOfSplit(s) === source)) {
    const built = buildSplit(split, records);
    for (const f of built.failures) console.error(`${split}: cannot rebuild the sentence on line ${f.label.line} of risk-set.${split}.labels.tsv (${f.label.record}|${f.label.offset}|${f.label.length}|${f.label.sha}, ${f.label.label}): ${f.reason}`);
    failed += built.failures.length;
    if (built.failures.length) continue;
    const path = join(out, `risk-set.${split}.tsv`);
    writeFileSync(path, built.text);
    console.log(`${split}: ${built.sentences} sentences, every sha256 verified -> ${path}`);
  }
}
if (failed) {
  console.error(`${failed} sentence(s) could not be rebuilt; their splits were not written`);
  process.exit(1);
}
