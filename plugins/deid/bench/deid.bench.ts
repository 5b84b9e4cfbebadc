/**
 * De-identification through the user path: throughput (MB of text per
 * CPU-second of this process) of the plugin as the
 * app and `rounds deid` load it (the real plugin host), in recall mode (the
 * default: cloud prompts, training export, shared files) and precision mode,
 * on labelled clinical sentences joined into 8 KB documents (about 2 MB in
 * all); then quality on the public synthetic set (../shared/eval-data/deid,
 * MIT, a development set) by running `rounds deid --json` and the set's own
 * scorer, exactly as a clinic or a reviewer would.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Deidentifier, PluginHost } from "@rounds/core";
import type { BenchResult } from "../../../bench/run.ts";
import { benchDocuments } from "../test/evaluate.ts";

const root = resolve(import.meta.dirname, "../../..");
/** `../shared/eval-data` beside the repository (a worktree sits one level deeper). */
const evalData = [resolve(root, "../shared/eval-data/deid"), resolve(root, "../../shared/eval-data/deid")].find((d) => existsSync(d)) ?? resolve(root, "../shared/eval-data/deid");
const MB = 1_000_000;

async function throughput(deid: Deidentifier, docs: string[], mode: "recall" | "precision"): Promise<number> {
  await deid.deidentify(docs[0]!, { mode }); // loads the vocabularies once, as the first call in a process does
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
  // CPU time of this process (all its threads), not wall time: "per core" even when the machine is shared.
  const t0 = process.cpuUsage();
  for (const d of docs) await deid.deidentify(d, { mode, operator: "placeholder" });
  const used = process.cpuUsage(t0);
  return bytes / MB / ((used.user + used.system) / 1e6);
}

function synthDev(mode: "recall" | "precision"): BenchResult[] {
  if (!existsSync(join(evalData, "synth-dev.json"))) return [];
  const dir = mkdtempSync(join(tmpdir(), "rounds-deid-bench-"));
  const texts = (JSON.parse(readFileSync(join(evalData, "synth-dev.json"), "utf8")) as Array<{ full_text: string }>).map((s) => s.full_text);
  writeFileSync(join(dir, "texts.json"), JSON.stringify(texts));
  const out = execFileSync(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "bot/src/cli/main.ts", "deid", "--json", "--mode", mode, join(dir, "texts.json")], { cwd: root, maxBuffer: 64 * MB });
  writeFileSync(join(dir, "out.json"), out);
  execFileSync("python3", [join(evalData, "score.py"), join(evalData, "synth-dev.json"), join(dir, "out.json"), "--json", join(dir, "scores.json")], { stdio: "ignore" });
  const s = JSON.parse(readFileSync(join(dir, "scores.json"), "utf8")) as {
    over_redaction: number; safe_harbor: { token_recall: number; span_full_removal: number; per_type: Record<string, { token_recall: number; spans: [number, number] }> };
  };
  const suite = `deid synth-dev (${mode})`;
  const recallMode = mode === "recall";
  const weakest = Object.entries(s.safe_harbor.per_type).filter(([, t]) => t.spans[1] >= 20).sort((a, b) => a[1].token_recall - b[1].token_recall)[0]!;
  return [
    { suite, name: "Safe Harbor token recall", value: s.safe_harbor.token_recall, unit: "", ...(recallMode ? { target: ">= 0.95", passed: s.safe_harbor.token_recall >= 0.95 } : {}) },
    { suite, name: "Safe Harbor spans fully removed", value: s.safe_harbor.span_full_removal, unit: "", ...(recallMode ? { target: ">= 0.90", passed: s.safe_harbor.span_full_removal >= 0.9 } : {}) },
    { suite, name: "over-redaction", value: s.over_redaction * 100, unit: "%", target: "<= 3", passed: s.over_redaction <= 0.03 },
    { suite, name: `lowest per-type token recall (20+ spans): ${weakest[0]}`, value: weakest[1].token_recall, unit: "", ...(recallMode ? { target: ">= 0.90", passed: weakest[1].token_recall >= 0.9 } : {}) },
  ];
}

export default async function run(): Promise<BenchResult[]> {
  const host = await PluginHost.create({ plugins: ["@rounds/plugin-deid"], resolveFrom: join(root, "bot/src/cli") });
  try {
    const deid = await host.get("deidentifiers", "safe-harbor");
    const docs = benchDocuments();
    const results: BenchResult[] = [];
    for (const mode of ["recall", "precision"] as const) {
      // The first pass is what a fresh process (`rounds deid` on one file) gets: it includes V8 compiling the
      // de-identifier's code on background threads (CPU of all threads counts). The second pass, over the same
      // 2 MB, is what a running server gets once warm. Both are reported against the target.
      for (const pass of ["first pass, a fresh process", "second pass, warm"]) {
        const rate = await throughput(deid, docs, mode);
        results.push({ suite: "deid", name: `throughput, ${mode} mode (one core, 8 KB documents; ${pass})`, value: rate, unit: "MB/s", target: ">= 1", passed: rate >= 1 });
      }
    }
    return [...results, ...synthDev("recall"), ...synthDev("precision")];
  } finally {
    await host.dispose();
  }
}
