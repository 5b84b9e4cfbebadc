/**
 * Guards speed work on the de-identifier: prints one SHA-256 per (set, mode, operator) over the spans and the
 * de-identified text of every sample, so a change meant to be behaviour-neutral can be checked byte for byte
 * (run before and after, compare with `diff`). Sets: the labelled fixtures (with their gazetteers), the bench's 8 KB
 * documents, and any `{ full_text }` JSON array given as an argument (synth-dev, the fetched outside sets; their text
 * is read here and never written anywhere). Every set the evaluator registers (`SPLITS` and `BLIND_SETS` in
 * test/evaluate.ts, with their gazetteers) is hashed, so a blind set is covered from the moment the lead registers it
 * after its one read; a sealed set waiting for that read is a fixture file nobody registered yet and is never opened.
 *
 *   node --conditions=rounds-source --import tsx plugins/deid/scripts/output-hashes.ts [file.json …] > hashes.txt
 *
 * With `--compare=hashes.txt` (a file an earlier run wrote, e.g. on the commit before a speed change) it also says which
 * lines differ and exits 1 when any does (or when the two runs hashed different sets).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { DeidMode, DeidOperator } from "@rounds/core";
import { SafeHarborDeidentifier } from "../src/index.ts";
import { benchDocuments, BLIND_SETS, readLabelled, SPLITS } from "../test/evaluate.ts";

const sets: Array<{ name: string; texts: string[]; gazetteer: readonly string[] }> = [];
for (const { file, gazetteer } of [...Object.values(SPLITS), ...Object.values(BLIND_SETS)].sort((a, b) => a.file.localeCompare(b.file))) {
  sets.push({ name: file, texts: readLabelled(file).map((r) => r.text), gazetteer });
}
// The bench's documents: every labelled sentence joined into 8 KB documents (what `npm run bench -- deid` times).
sets.push({ name: "bench-docs", texts: benchDocuments(), gazetteer: [] });
const compareWith = process.argv.slice(2).find((a) => a.startsWith("--compare="))?.slice("--compare=".length);
for (const file of process.argv.slice(2).filter((a) => !a.startsWith("--compare="))) {
  sets.push({ name: basename(file), texts: (JSON.parse(readFileSync(file, "utf8")) as Array<{ full_text: string }>).map((s) => s.full_text), gazetteer: [] });
}

const deid = new SafeHarborDeidentifier();
const operators: DeidOperator[] = ["placeholder", "pseudonym", "redact"];
let seconds = 0;
const lines: string[] = [];
for (const set of sets) {
  for (const mode of ["recall", "precision"] as DeidMode[]) {
    const hashes = Object.fromEntries(["spans", ...operators].map((k) => [k, createHash("sha256")]));
    for (const text of set.texts) {
      const t0 = process.hrtime.bigint();
      const spans = await deid.detect(text, { gazetteer: [...set.gazetteer], mode });
      seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      hashes.spans!.update(`${JSON.stringify(spans)}\n`);
      for (const operator of operators) hashes[operator]!.update(`${deid.write(text, spans, { operator }).text}\u0000`);
    }
    for (const [k, h] of Object.entries(hashes)) lines.push(`${set.name} ${mode} ${k} ${h.digest("hex").slice(0, 16)}`);
  }
}
for (const line of lines) process.stdout.write(`${line}\n`);
process.stderr.write(`detect: ${seconds.toFixed(1)} s\n`);
if (compareWith) {
  const before = readFileSync(compareWith, "utf8").split("\n").filter((l) => l.trim());
  const differ = [...lines.filter((l) => !before.includes(l)), ...before.filter((l) => !lines.includes(l)).map((l) => `(only in ${compareWith}) ${l}`)];
  for (const line of differ) process.stderr.write(`differs: ${line}\n`);
  process.stderr.write(differ.length ? `${differ.length} lines differ from ${compareWith}\n` : `identical to ${compareWith} (${lines.length} lines)\n`);
  if (differ.length) process.exitCode = 1;
}
