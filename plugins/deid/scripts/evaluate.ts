/**
 * `npm run evaluate -w @rounds/plugin-deid`: measures the Safe Harbor
 * de-identifier in both modes on the labelled sets (dev, test, eval; and blind.jsonl, blind-2.jsonl, blind-3.jsonl, blind-4.jsonl, blind-5.jsonl, blind-6.jsonl, blind-7.jsonl and blind-8.jsonl in recall mode), prints the tables, misses and false
 * positives, and rewrites the tables in README.md between the
 * `<!-- deid-evaluation -->` markers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { BLIND, BLIND_2, BLIND_3, BLIND_4, BLIND_5, BLIND_6, BLIND_7, BLIND_8, evaluate, markdownTable, readLabelled, report, SPLITS } from "../test/evaluate.ts";

const readme = new URL("../README.md", import.meta.url);
const sections: string[] = [];
const runs = [
  ...Object.entries(SPLITS).map(([split, s]) => [split, s, "recall"] as const),
  ["blind", BLIND, "recall"] as const,
  ["blind-2", BLIND_2, "recall"] as const,
  ["blind-3", BLIND_3, "recall"] as const,
  ["blind-4", BLIND_4, "recall"] as const,
  ["blind-5", BLIND_5, "recall"] as const,
  ["blind-6", BLIND_6, "recall"] as const,
  ["blind-7", BLIND_7, "recall"] as const,
  ["blind-8", BLIND_8, "recall"] as const,
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
