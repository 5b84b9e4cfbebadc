/**
 * Throughput of the de-identifier in a checkout, by the bench's method (`bench/deid.bench.ts`: every labelled sentence
 * joined into 8 KB documents, about 2 MB; one warm-up document, which loads the vocabularies; then every document, MB
 * per CPU-second of this process), without the plugin host or the synth-dev scoring, so that two checkouts can be run
 * alternately in the same minutes (speed work: `main`'s sources against a branch's). Prints the load (CPU seconds of
 * import and first call) and one figure per pass; the first pass is what `npm run bench` reports, later passes are warm.
 * `PROFILE=file.json` writes a CPU profile of the timed passes only.
 *
 *   node --conditions=rounds-source --import tsx plugins/deid/scripts/throughput.ts [checkout root] [recall|precision] [passes]
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { resolve } from "node:path";
import type { Deidentifier } from "@rounds/core";
import { benchDocuments } from "../test/evaluate.ts";

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, "../../.."));
const mode = process.argv[3] ?? "recall";
const passes = Number(process.argv[4] ?? 2);
if (mode !== "recall" && mode !== "precision") throw new Error(`unknown mode ${mode}: recall or precision`);
if (!Number.isInteger(passes) || passes < 1) throw new Error(`passes must be a whole number from 1, not ${process.argv[4]}`);

const t0 = process.cpuUsage();
const { SafeHarborDeidentifier } = (await import(`${root}/plugins/deid/src/index.ts`)) as { SafeHarborDeidentifier: new () => Deidentifier };
// The bench's documents, from this script's own tree: both checkouts of a comparison read the same text.
const docs = benchDocuments();
const deid = new SafeHarborDeidentifier();
await deid.deidentify(docs[0]!, { mode });
const seconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const out = [`load ${seconds(process.cpuUsage(t0)).toFixed(2)} s`];

const session = process.env.PROFILE ? new Session() : undefined;
const post = (method: string, params: object = {}) => new Promise<unknown>((ok, fail) => session!.post(method, params, (e, r) => (e ? fail(e) : ok(r))));
if (session) {
  session.connect();
  await post("Profiler.enable");
  await post("Profiler.start");
}
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
for (let p = 1; p <= passes; p++) {
  const t = process.cpuUsage();
  for (const d of docs) await deid.deidentify(d, { mode, operator: "placeholder" });
  out.push(`${mode} pass ${p} ${(bytes / 1e6 / seconds(process.cpuUsage(t))).toFixed(3)} MB/s`);
}
if (session) writeFileSync(process.env.PROFILE!, JSON.stringify(((await post("Profiler.stop")) as { profile: unknown }).profile));
console.log(out.join("  "));
