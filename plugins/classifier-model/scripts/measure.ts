/**
 * Measures a relevance classifier on the labelled set in eval/relevance-set
 * (see its README), through the real plugin host: the offline profile
 * classifier (`profile-similarity`, @rounds/plugin-lexical) or the
 * language-model classifier (`language-model`, this plugin) over a local
 * GGUF model (@rounds/plugin-llama-cpp).
 *
 *   npm run measure -w @rounds/plugin-classifier-model                       # offline
 *   npm run measure -w @rounds/plugin-classifier-model -- --model-path m.gguf # language model, offline fallback
 *   options: --medquad <corpus folder> (default: ../shared/eval-data/medquad/corpus beside the repository),
 *            --limit <n> documents per profile (spread evenly), --threshold <0..1> for the offline classifier,
 *            --max-chars <n> of each document sent to the model
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Classifier, describeDomain, PluginHost, silentLogger } from "@rounds/core";

interface ProfileLabels { domain: string; relevant: string[]; irrelevant: string[]; exclude?: string[] }

const repo = resolve(import.meta.dirname, "../../..");
const setDir = resolve(import.meta.dirname, "../eval/relevance-set");
const { values } = parseArgs({ options: {
  medquad: { type: "string" },
  "model-path": { type: "string" },
  limit: { type: "string" },
  threshold: { type: "string" },
  "max-chars": { type: "string" },
} });
// The pack sits beside the repository (../shared), or beside the worktrees' parent; TEST_EVAL_DATA names it elsewhere.
const corpus = [values.medquad, process.env.TEST_EVAL_DATA && join(process.env.TEST_EVAL_DATA, "medquad/corpus"), resolve(repo, "../shared/eval-data/medquad/corpus"), resolve(repo, "../../shared/eval-data/medquad/corpus")]
  .find((d): d is string => !!d && existsSync(d));
if (!corpus) throw new Error("No MedQuAD corpus beside the repository (../shared/eval-data/medquad/corpus): give --medquad <folder> or TEST_EVAL_DATA.");

const documents = [
  ...readdirSync(corpus).filter((f) => f.endsWith(".md")).sort().map((f) => ({ key: `medquad:${f}`, path: join(corpus, f) })),
  ...readdirSync(join(setDir, "texts")).filter((f) => f.endsWith(".txt")).sort().map((f) => ({ key: `texts:${f}`, path: join(setDir, "texts", f) })),
];
const matches = (key: string, selectors: string[] = []) => selectors.some((s) => key.startsWith(s));
const { profiles } = JSON.parse(readFileSync(join(setDir, "labels.json"), "utf8")) as { profiles: ProfileLabels[] };

const modelPath = values["model-path"];
const host = await PluginHost.create({
  plugins: ["@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-classifier-model", ...(modelPath ? ["@rounds/plugin-llama-cpp"] : [])],
  settings: {
    "@rounds/plugin-lexical": values.threshold ? { relevanceThreshold: Number(values.threshold) } : {},
    "@rounds/plugin-classifier-model": { model: modelPath ? "llama-cpp" : "", ...(values["max-chars"] && { maxChars: Number(values["max-chars"]) }) },
    ...(modelPath && { "@rounds/plugin-llama-cpp": { modelPath: resolve(modelPath) } }),
  },
  dataDir: "/tmp/rounds-relevance-measure",
  logger: silentLogger(),
  resolveFrom: repo,
  services: {
    languageModel: (id: string) => host.get("languageModels", id),
    classifier: (id: string) => host.get("classifiers", id),
    deidentifier: () => host.get("deidentifiers", "safe-harbor"),
  },
});
const classifier: Classifier = await host.get("classifiers", modelPath ? "language-model" : "profile-similarity");

const rows: string[] = [];
const total = { tp: 0, fp: 0, tn: 0, fn: 0, fellBack: 0, n: 0 };
const started = performance.now();
for (const p of profiles) {
  let labelled = documents.flatMap((d) => {
    if (matches(d.key, p.exclude)) return [];
    if (matches(d.key, p.relevant)) return [{ ...d, relevant: true }];
    if (matches(d.key, p.irrelevant)) return [{ ...d, relevant: false }];
    return [];
  });
  if (values.limit) {
    const n = Number(values.limit);
    labelled = labelled.filter((_, i) => i % Math.max(1, Math.floor(labelled.length / n)) === 0).slice(0, n);
  }
  const profile = { name: p.domain, description: describeDomain(p.domain), seeds: [] };
  const c = { tp: 0, fp: 0, tn: 0, fn: 0, fellBack: 0 };
  const misses: string[] = [];
  for (const d of labelled) {
    const text = readFileSync(d.path, "utf8");
    const title = text.match(/^# (.+)$/m)?.[1];
    const v = await classifier.classify({ text, ...(title && { title }), profile });
    if (process.env.VERBOSE) console.error(`  ${p.domain}: ${d.key} → ${v.verdict} ${v.score}: ${v.reason.slice(0, 160)}`);
    if (v.reason.endsWith("judged offline)")) c.fellBack++;
    const said = v.verdict === "relevant";
    if (said && d.relevant) c.tp++;
    else if (said) c.fp++;
    else if (d.relevant) c.fn++;
    else c.tn++;
    if (said !== d.relevant) misses.push(`${d.relevant ? "missed" : "let in"} ${d.key} (score ${v.score})`);
  }
  const n = labelled.length;
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : NaN;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : NaN;
  rows.push(`| ${p.domain} | ${c.tp + c.fn} / ${c.tn + c.fp} | ${((c.tp + c.tn) / n).toFixed(3)} | ${precision.toFixed(3)} | ${recall.toFixed(3)} | ${c.fp} | ${c.fn} |${modelPath ? ` ${c.fellBack} |` : ""}`);
  if (process.env.VERBOSE) for (const m of misses) console.error(`  ${p.domain}: ${m}`);
  for (const k of ["tp", "fp", "tn", "fn", "fellBack"] as const) total[k] += c[k];
  total.n += n;
}
console.log(`classifier: ${classifier.id}${modelPath ? ` over ${modelPath}` : ""}; ${total.n} judgements in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`| profile | relevant / irrelevant | accuracy | precision | recall | false relevant | false irrelevant |${modelPath ? " fell back |" : ""}`);
console.log(`|---|---|---|---|---|---|---|${modelPath ? "---|" : ""}`);
for (const r of rows) console.log(r);
const p = total.tp / (total.tp + total.fp);
const r = total.tp / (total.tp + total.fn);
console.log(`| all | ${total.tp + total.fn} / ${total.tn + total.fp} | ${((total.tp + total.tn) / total.n).toFixed(3)} | ${p.toFixed(3)} | ${r.toFixed(3)} | ${total.fp} | ${total.fn} |${modelPath ? ` ${total.fellBack} |` : ""}`);
await host.dispose();
