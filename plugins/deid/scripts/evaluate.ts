/**
 * `npm run evaluate -w @rounds/plugin-deid`: measures the Safe Harbor
 * de-identifier on the three labelled sets (dev, test, eval), prints the tables, misses and false
 * positives, and rewrites the tables in README.md between the
 * `<!-- deid-evaluation -->` markers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { evaluate, markdownTable, readLabelled, report, SPLITS, type Split } from "../test/evaluate.ts";

const readme = new URL("../README.md", import.meta.url);
const sections: string[] = [];
for (const split of Object.keys(SPLITS) as Split[]) {
  const { file, gazetteer, role } = SPLITS[split];
  const rows = readLabelled(file);
  const e = await evaluate(new SafeHarborDeidentifier(), rows, gazetteer);
  console.log(`${report(`${split} (${file}, ${role})`, e)}\n`);
  sections.push(`**${split}** (\`test/fixtures/${file}\`, ${e.sentences} sentences, ${e.gold} identifiers, ${role}):\n\n${markdownTable(e)}`);
}
const text = readFileSync(readme, "utf8");
const start = "<!-- deid-evaluation:start -->";
const end = "<!-- deid-evaluation:end -->";
if (!text.includes(start) || !text.includes(end)) throw new Error(`README.md has no ${start} … ${end} markers`);
writeFileSync(readme, `${text.slice(0, text.indexOf(start) + start.length)}\n${sections.join("\n\n")}\n${text.slice(text.indexOf(end))}`);
console.log("README.md tables updated.");
