/**
 * `npm run bench`: runs every `*.bench.ts` in the workspace (core/bench,
 * plugins/* /bench, bot/bench), each in its own process so memory figures
 * are its own, then writes `bench/results/<date>.json`, prints a table and
 * refreshes the table in docs/benchmarks.md between the bench markers.
 *
 * A bench file's default export is `run(): Promise<BenchResult[]>`.
 * `npm run bench -- retrieval` runs only files whose path contains "retrieval" and
 * updates only their suites in the day's results file (the docs/benchmarks.md table only on full runs).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";

export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  target?: string;
  passed?: boolean;
  notes?: string;
}

const root = resolve(import.meta.dirname, "..");

function findBenchFiles(): string[] {
  const dirs = [join(root, "core/bench"), join(root, "bot/bench"), join(root, "drizzle/bench"),
    ...readdirSync(join(root, "plugins")).map((p) => join(root, "plugins", p, "bench"))];
  return dirs.filter(existsSync).flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".bench.ts")).map((f) => join(d, f))).sort();
}

function runOne(file: string): Promise<{ results: BenchResult[]; error?: string; seconds: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--conditions=rounds-source", "--import", "tsx", join(root, "bench/run-one.ts"), file], {
      cwd: root, stdio: ["ignore", "pipe", "inherit"], env: process.env,
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      const line = stdout.split("\n").reverse().find((l) => l.startsWith("BENCH_RESULTS "));
      if (code !== 0 || !line) return done({ results: [], error: `exit ${code}`, seconds });
      done({ results: JSON.parse(line.slice("BENCH_RESULTS ".length)) as BenchResult[], seconds });
    });
  });
}

function table(results: BenchResult[]): string {
  const rows = results.map((r) => `| ${r.suite} | ${r.name} | ${formatValue(r.value)} ${r.unit} | ${r.target ?? ""} | ${r.passed === undefined ? "" : r.passed ? "✅" : "❌"} |`);
  return ["| suite | measure | value | target | met |", "|---|---|---|---|---|", ...rows].join("\n");
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = findBenchFiles().filter((f) => !filter || f.includes(filter));
  const all: BenchResult[] = [];
  const failures: string[] = [];
  for (const [i, file] of files.entries()) {
    const rel = relative(root, file);
    process.stderr.write(`[${i + 1}/${files.length}] ${rel} …\n`);
    const { results, error, seconds } = await runOne(file);
    process.stderr.write(`[${i + 1}/${files.length}] ${rel} ${error ? `FAILED (${error})` : `done: ${results.length} measures`} in ${seconds.toFixed(1)} s\n`);
    if (error) failures.push(`${rel}: ${error}`);
    all.push(...results);
  }
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const date = new Date().toISOString().slice(0, 10);
  const out = join(root, "bench/results", `${date}.json`);
  // A filtered run updates only its own suites in the day's file; a full run replaces it.
  let results = all;
  if (filter && existsSync(out)) {
    const previous = JSON.parse(readFileSync(out, "utf8")) as { results: BenchResult[] };
    const rerun = new Set(all.map((r) => r.suite));
    results = [...previous.results.filter((r) => !rerun.has(r.suite)), ...all];
  }
  const report = { date, machine, results, failures };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  const md = `Measured ${date} on ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, with \`npm run bench\`.\n\n${table(all)}${failures.length ? `\n\nNot measured: ${failures.join("; ")}` : ""}`;
  console.log(`\n${md}\n\nWritten ${relative(root, out)}`);
  if (!filter) {
    // The full table lives in docs/benchmarks.md; the root README keeps only the key figures.
    const page = join(root, "docs/benchmarks.md");
    const text = readFileSync(page, "utf8");
    const start = "<!-- bench:start -->";
    const end = "<!-- bench:end -->";
    if (text.includes(start) && text.includes(end)) {
      writeFileSync(page, `${text.slice(0, text.indexOf(start) + start.length)}\n${md}\n${text.slice(text.indexOf(end))}`);
    } else {
      console.error(`docs/benchmarks.md has no ${start} … ${end} markers: its table was not updated.`);
      process.exitCode = 1;
    }
  }
  if (failures.length > 0) process.exitCode = 1;
}

await main();
