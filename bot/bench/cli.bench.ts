/**
 * The `rounds` command as an operator starts it: `node bot/bin/rounds.js`
 * (what `npx rounds` runs), the compiled build (`npm run bench` builds it
 * first). Measures, as wall time of the whole process:
 * - `rounds --help`, median of 7 starts (target <= 0.5 s);
 * - `rounds ask "…"` on a warm embedded data folder (the demo's, made once
 *   by `rounds demo`; the first ask warms the file cache and is not counted),
 *   median of 5 (target <= 1.5 s): PGlite opening the folder, the plugin
 *   host, retrieval and the extractive answer, then a clean close.
 * The machine's 1-minute load average is reported beside them: on a shared
 * machine wall time grows with it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchResult } from "../../bench/run.ts";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bot/bin/rounds.js");

function timed(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ROUNDS_LOG_LEVEL: "silent" } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`rounds ${args[0]} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  return seconds;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export default async function run(): Promise<BenchResult[]> {
  const loadBefore = loadavg()[0]!;
  const help = median(Array.from({ length: 7 }, () => timed(["--help"])));
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-cli-bench-"));
  try {
    timed(["--data-dir", dataDir, "demo"]);
    const ask = ["--data-dir", dataDir, "ask", "How long must a patient be observed after esketamine nasal spray?"];
    timed(ask);
    const asks = median(Array.from({ length: 5 }, () => timed(ask)));
    const load = `1-min load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${process.env.BENCH_CPUS ?? "this machine's"} cores`;
    return [
      { suite: "CLI start-up (compiled)", name: "rounds --help, median of 7", value: help, unit: "s", target: "<= 0.5", passed: help <= 0.5, notes: load },
      { suite: "CLI start-up (compiled)", name: "rounds ask on the warm demo folder, median of 5", value: asks, unit: "s", target: "<= 1.5", passed: asks <= 1.5, notes: load },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
