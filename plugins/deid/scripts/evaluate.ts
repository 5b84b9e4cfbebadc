/**
 * `npm run evaluate -w @rounds/plugin-deid`: measures the Safe Harbor
 * de-identifier in both modes on the labelled sets (dev, test, eval; and every blind set of `BLIND_SETS` in recall mode), prints the tables, misses and false
 * positives, and rewrites the tables in README.md between the
 * `<!-- deid-evaluation -->` markers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { BLIND_SETS, evaluate, markdownTable, readLabelled, report, SPLITS } from "../test/evaluate.ts";

const readme = new URL("../README.md", import.meta.url);
const sections: string[] = [];
const runs = [
  ...Object.entries(SPLITS).map(([split, s]) => [split, s, "recall"] as const),
  ...Object.entries(BLIND_SETS).map(([set, s]) => [set, s, "recall"] as const),
  ...Object.entries(SPLITS).map(([split, s]) => [split, s, "precision"] as const),
];
for (const [split, { file, gazetteer, role }, mode] of runs) {
  const rows = readLabelled(file);
  const e = await evaluate(new SafeHarborDeidentifier(), rows, gazetteer, mode);
  console.log(`${report(`${split} (${file}, ${role}, ${mode} mode)`, e)}\n`);
  sections.push(`**${split}, ${mode} mode** (\`test/fixtures/${file}\`, ${e.sentences} sentences, ${e.gold} identifiers, ${role}):\n\n${markdownTable(e)}`);
}
const text = readFileSync(readme, "utf8");
const start = "<!-- deid-evaluation:start -->";
const end = "<!-- deid-evaluation:end -->";
if (!text.includes(start) || !text.includes(end)) throw new Error(`README.md has no ${start} … ${end} markers`);
writeFileSync(readme, `${text.slice(0, text.indexOf(start) + start.length)}\n${sections.join("\n\n")}\n${text.slice(text.indexOf(end))}`);
console.log("README.md tables updated.");
