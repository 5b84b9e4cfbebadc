/**
 * `npm run soak`: repeats the crash-recovery and graceful-shutdown suites
 * (`bot/test/ingest-crash.service.test.ts`,
 * `bot/test/graceful-shutdown.service.test.ts`) N times under load and
 * reports the pass rate per test and tier. Not part of `npm test`.
 *
 *   npm run soak -- --runs 20 --load suite   # beside the rest of the suite, looping (what CI looks like)
 *   npm run soak -- --runs 5 --load cpu      # beside busy loops, one per core (default)
 *   npm run soak -- --runs 5 --load none
 *
 * The server tier runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (as
 * in `npm test`). Each run's vitest JSON report and output are kept in a
 * temporary folder (`rounds-soak-<time>/`, printed at the end) with the
 * summary as `summary.json`. Exits 1 when any run failed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const soaked = ["bot/test/ingest-crash.service.test.ts", "bot/test/graceful-shutdown.service.test.ts"];

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const runs = Number(option("runs", "3"));
const load = option("load", "cpu");
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number of at least 1.");
if (!["cpu", "suite", "none"].includes(load)) throw new Error("--load takes cpu, suite or none.");

const vitest = join(root, "node_modules/vitest/vitest.mjs");
const out = join(tmpdir(), `rounds-soak-${new Date().toISOString().replace(/[:.]/g, "-")}`);
mkdirSync(out, { recursive: true });

/** Background load until stopped: busy loops, or the rest of the test suite run over and over. */
function startLoad(): () => void {
  const children: ChildProcess[] = [];
  let stopped = false;
  if (load === "cpu") {
    for (let i = 0; i < cpus().length; i++) children.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
  } else if (load === "suite") {
    const again = () => {
      if (stopped) return;
      const child = spawn(process.execPath, [vitest, "run", ...soaked.flatMap((f) => ["--exclude", f])], { cwd: root, stdio: "ignore", env: process.env });
      children.push(child);
      child.once("exit", again);
    };
    again();
  }
  return () => {
    stopped = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  };
}

interface TestOutcome { name: string; passed: boolean; ms: number; failure?: string }

function runOnce(i: number): Promise<{ outcomes: TestOutcome[]; seconds: number; exitCode: number | null }> {
  const started = Date.now();
  const report = join(out, `run-${i}.json`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [vitest, "run", ...soaked, "--reporter=json", `--outputFile=${report}`], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let log = "";
    child.stdout.on("data", (d: Buffer) => { log += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { log += d.toString(); });
    child.once("exit", (exitCode) => {
      writeFileSync(join(out, `run-${i}.log`), log);
      let outcomes: TestOutcome[] = [];
      try {
        const parsed = JSON.parse(readFileSync(report, "utf8")) as { testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; duration?: number; failureMessages?: string[] }> }> };
        outcomes = parsed.testResults.flatMap((f) => f.assertionResults.map((a) => ({
          name: a.fullName, passed: a.status === "passed", ms: Math.round(a.duration ?? 0),
          ...(a.status !== "passed" && { failure: (a.failureMessages?.[0] ?? a.status).split("\n")[0]!.slice(0, 300) }),
        })));
      } catch {
        outcomes = [{ name: "vitest run", passed: false, ms: Date.now() - started, failure: `no report (exit ${exitCode})` }];
      }
      done({ outcomes, seconds: Math.round((Date.now() - started) / 1000), exitCode });
    });
  });
}

const stopLoad = startLoad();
const perTest = new Map<string, { passed: number; runs: number; failures: string[] }>();
let runsPassed = 0;
try {
  for (let i = 1; i <= runs; i++) {
    const { outcomes, seconds, exitCode } = await runOnce(i);
    const ok = exitCode === 0 && outcomes.length > 0 && outcomes.every((o) => o.passed);
    if (ok) runsPassed++;
    for (const o of outcomes) {
      const t = perTest.get(o.name) ?? { passed: 0, runs: 0, failures: [] };
      t.runs++;
      if (o.passed) t.passed++;
      else t.failures.push(`run ${i}: ${o.failure}`);
      perTest.set(o.name, t);
    }
    process.stdout.write(`run ${i}/${runs}: ${ok ? "passed" : "FAILED"} in ${seconds} s${ok ? "" : ` — ${outcomes.filter((o) => !o.passed).map((o) => `${o.name}: ${o.failure}`).join("; ")}`}\n`);
  }
} finally {
  stopLoad();
}

const summary = {
  date: new Date().toISOString(), runs, load, cores: cpus().length, runsPassed,
  tests: Object.fromEntries([...perTest].map(([name, t]) => [name, { passed: t.passed, runs: t.runs, failures: t.failures }])),
};
writeFileSync(join(out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`\nsoak (load: ${load}, ${cpus().length} cores): ${runsPassed}/${runs} runs passed\n`);
for (const [name, t] of perTest) process.stdout.write(`  ${t.passed}/${t.runs}  ${name}\n`);
process.stdout.write(`reports: ${out}\n`);
process.exitCode = runsPassed === runs ? 0 : 1;
