/**
 * Builds the PubMedQA answer pack from a fetched copy of github.com/pubmedqa/pubmedqa (MIT) into a
 * folder outside the repository (fetched text is never committed):
 *
 *   node --conditions=rounds-source --import tsx bot/eval/build-pubmedqa.ts <fetched folder | ori_pqal.json> --out DIR \
 *     [--title pmid|question] [--absent-share 0.1]
 *
 * Writes DIR/corpus/pubmedqa-<pmid>.md (one abstract each; about 10% held out by a hash of the PMID),
 * DIR/questions.jsonl (gold section: the conclusion), DIR/questions-abstract.jsonl (gold sections: the
 * whole abstract), and each of them cut into its `tune` and `assert` halves (`bot/eval/split.ts`):
 * questions-tune.jsonl, questions-assert.jsonl, questions-abstract-tune.jsonl, questions-abstract-assert.jsonl.
 * Off-topic questions are those of the committed paraphrased packs (`bot/eval/packs/*.jsonl`, written here).
 * Exits non-zero on a missing or malformed source.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildPack, parsePubmedQa, type PubmedQaItem } from "./pubmedqa-pack.ts";
import { inSplit, type PackQuestion } from "./split.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string" }, title: { type: "string", default: "pmid" }, "absent-share": { type: "string", default: "0.1" } },
});
function fail(message: string): never {
  process.stderr.write(`build-pubmedqa: ${message}\n`);
  process.exit(1);
}
if (positionals.length !== 1 || !values.out) fail("usage: build-pubmedqa.ts <fetched pubmedqa folder | ori_pqal.json> --out DIR [--title pmid|question] [--absent-share 0.1]");
const title = values.title;
if (title !== "pmid" && title !== "question") fail("--title is pmid or question");
const absentShare = Number(values["absent-share"]);
if (!(absentShare >= 0 && absentShare < 1)) fail("--absent-share is a number in [0, 1)");

const source = resolve(positionals[0]!);
const file = existsSync(source) && statSync(source).isDirectory() ? join(source, "data", "ori_pqal.json") : source;
if (!existsSync(file)) fail(`${file} not found (fetch github:pubmedqa/pubmedqa and pass its folder)`);
let json: unknown;
try {
  json = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  fail(`${file} is not valid JSON (${(e as Error).message})`);
}
let items: PubmedQaItem[] = [];
try {
  items = parsePubmedQa(json);
} catch (e) {
  fail((e as Error).message);
}

const packs = join(dirname(fileURLToPath(import.meta.url)), "packs");
const offtopic = readdirSync(packs).filter((f) => f.endsWith(".jsonl")).sort().flatMap((f) =>
  readFileSync(join(packs, f), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as PackQuestion)
    .filter((q) => q.kind === "offtopic").map((q) => ({ id: `${basename(f, ".jsonl")}-${q.id}`, question: q.question })));

const pack = buildPack(items, { absentShare, title, offtopic });
const out = resolve(values.out);
const corpus = join(out, "corpus");
rmSync(corpus, { recursive: true, force: true });
mkdirSync(corpus, { recursive: true });
for (const [name, text] of pack.documents) writeFileSync(join(corpus, name), text);
const jsonl = (qs: PackQuestion[]) => `${qs.map((q) => JSON.stringify(q)).join("\n")}\n`;
for (const [name, qs] of [["questions", pack.questions], ["questions-abstract", pack.questionsAbstract]] as const) {
  writeFileSync(join(out, `${name}.jsonl`), jsonl(qs));
  for (const half of ["tune", "assert"] as const) writeFileSync(join(out, `${name}-${half}.jsonl`), jsonl(qs.filter((q) => inSplit(q, half))));
}
const count = (qs: PackQuestion[], kind: PackQuestion["kind"]) => qs.filter((q) => q.kind === kind).length;
const line = (qs: PackQuestion[]) => `${count(qs, "answerable")} answerable, ${count(qs, "absent")} absent, ${count(qs, "offtopic")} off-topic`;
process.stderr.write(`build-pubmedqa: ${items.length} records → ${pack.documents.size} documents in ${corpus} (title: ${title}); `
  + `${line(pack.questions)} (${pack.nearDuplicatesDropped} held-out question(s) dropped as near duplicates); `
  + `tune ${line(pack.questions.filter((q) => inSplit(q, "tune")))}; assert ${line(pack.questions.filter((q) => inSplit(q, "assert")))}\n`);
