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
 * machine wall time grows with it. So does the CPU time each process used
 * (user + system, written at exit by `cpu-report.js`, preloaded with
 * `--import`), which is close to what the command takes on an idle core.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchResult } from "../../bench/run.ts";
import { median } from "../../bench/stats.ts";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bot/bin/rounds.js");
const cpuReport = join(import.meta.dirname, "cpu-report.js");

/** Wall and CPU seconds of one whole `rounds` process. */
function timed(args: string[], cpuFile: string): { wall: number; cpu: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--import", cpuReport, bin, ...args], {
    cwd: root, encoding: "utf8", env: { ...process.env, ROUNDS_LOG_LEVEL: "silent", BENCH_CPU_FILE: cpuFile },
  });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`rounds ${args[0]} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  return { wall, cpu: Number(readFileSync(cpuFile, "utf8")) };
}

export default async function run(): Promise<BenchResult[]> {
  const loadBefore = loadavg()[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-cli-bench-"));
  const cpuFile = join(dataDir, "cpu.txt");
  try {
    const helps = Array.from({ length: 7 }, () => timed(["--help"], cpuFile));
    timed(["--data-dir", dataDir, "demo"], cpuFile);
    const ask = ["--data-dir", dataDir, "ask", "How long must a patient be observed after esketamine nasal spray?"];
    timed(ask, cpuFile);
    const asks = Array.from({ length: 5 }, () => timed(ask, cpuFile));
    const load = `1-min load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${process.env.BENCH_CPUS ?? "this machine's"} cores`;
    const help = median(helps.map((t) => t.wall));
    const askWall = median(asks.map((t) => t.wall));
    return [
      { suite: "CLI start-up (compiled)", name: "rounds --help, median of 7", value: help, unit: "s", target: "<= 0.5", passed: help <= 0.5, notes: load },
      { suite: "CLI start-up (compiled)", name: "rounds --help, CPU time, median of 7", value: median(helps.map((t) => t.cpu)), unit: "s", notes: load },
      { suite: "CLI start-up (compiled)", name: "rounds ask on the warm demo folder, median of 5", value: askWall, unit: "s", target: "<= 1.5", passed: askWall <= 1.5, notes: load },
      { suite: "CLI start-up (compiled)", name: "rounds ask on the warm demo folder, CPU time, median of 5", value: median(asks.map((t) => t.cpu)), unit: "s", notes: load },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
