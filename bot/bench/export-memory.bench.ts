/**
 * Training-export memory: 100k synthetic Q&A pairs (inserted with
 * generate_series, as in `src/training/export-memory.test.ts`) exported in
 * OpenAI chat format through `exportDataset`, with the Safe Harbor
 * de-identifier and the local-folder blob store writing to a temp folder
 * (both the embedded defaults), so real de-identification and real file
 * writes are part of what is measured.
 *
 * Each database runs in its own child process (so one's heap and freed
 * pages do not colour the other's figures): PGlite always; PostgreSQL when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a fresh database, dropped
 * afterwards). RSS is sampled every 20 ms, at every progress report and at
 * the end; the kernel's own high-water mark (VmHWM, reset after seeding) is
 * reported next to it where /proc allows. Target: the export's own growth
 * over the loaded process stays under 100 MiB for 100k examples (bounded
 * memory). The whole process's peak is reported, not targeted: most of it is
 * code loaded before the export starts (and, on PGlite, the database itself).
 * The vitest memory test holds the whole process under 300 MB.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@rounds/db";
import { createTestStore, freshDatabase } from "@rounds/db/testing";
import { SafeHarborDeidentifier } from "@rounds/plugin-deid";
import { FsBlobStore } from "@rounds/plugin-blob-fs";
import type { BenchResult } from "../../bench/run.ts";
import { type AppContext, exportDataset, silentLogger } from "@rounds/core";
import { syntheticQaSeedSql } from "@rounds/core/testing";

const N = 100_000;
const SAMPLE_MS = 20;
/** What streaming 100k examples may add to the process; the vitest memory test separately holds the whole process under 300 MB. */
const GROWTH_TARGET_MIB = 100;
const CHILD_FLAG = "--export-memory-child";
const RESULT_PREFIX = "EXPORT_MEMORY ";
const ORG = "11000000-0000-0000-0000-000000000001";
const PROJECT = "21000000-0000-0000-0000-000000000001";
const MiB = 2 ** 20;

type Target = "pglite" | "postgres";

interface Measurement {
  target: Target;
  seeded: number;
  seedSeconds: number;
  exported: number;
  train: number;
  validation: number;
  excluded: number;
  datasetBytes: number;
  filesOnDisk: number;
  exportSeconds: number;
  baselineRss: number;
  peakRss: number;
  samples: number;
  /** Kernel peak RSS since the reset after seeding, or null where /proc does not allow it. */
  kernelPeakRss: number | null;
}

const log = (line: string) => process.stderr.write(`  export-memory: ${line}\n`);

function kernelPeakRss(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets the kernel's peak-RSS counter (Linux: writing 5 to clear_refs). */
function resetKernelPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

async function sizeOfTree(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    files += 1;
  }
  return { bytes, files };
}

/** Runs in the child process: seed, export, measure, clean up. */
async function measure(target: Target): Promise<Measurement> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (target === "postgres" && !adminUrl) throw new Error("PostgreSQL target without BENCH_DATABASE_URL or TEST_DATABASE_URL");
  const url = target === "postgres" ? await freshDatabase(adminUrl!) : "memory://";
  const ts = await createTestStore(url);
  const dir = await mkdtemp(join(tmpdir(), "rounds-bench-export-"));
  try {
    log(`${target}: seeding ${N} Q&A pairs`);
    let t = performance.now();
    await ts.handle.exec(syntheticQaSeedSql({ organizationId: ORG, projectId: PROJECT }, N));
    const seedSeconds = (performance.now() - t) / 1000;
    log(`${target}: seeded in ${seedSeconds.toFixed(1)} s; exporting`);

    const blobs = new FsBlobStore(join(dir, "blobs"));
    const app = { store: ts.store, blobs, logger: silentLogger(), now: () => new Date() } as unknown as AppContext;
    const deidentifier = new SafeHarborDeidentifier({});

    (globalThis as { gc?: () => void }).gc?.();
    const baselineRss = process.memoryUsage.rss();
    const kernelReset = resetKernelPeak();
    let peakRss = baselineRss;
    let samples = 1;
    const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); samples += 1; };
    const timer = setInterval(sample, SAMPLE_MS);
    t = performance.now();
    const { metadata } = await exportDataset(app, {
      scope: { organizationId: ORG, projectId: PROJECT }, format: "openai-chat", deidentifier,
      patientsWithTrainingConsent: async () => new Set(),
      onProgress: (read) => {
        sample();
        if (read % 20_000 === 0) log(`${target}: ${read}/${N} read, RSS ${(process.memoryUsage.rss() / MiB).toFixed(0)} MiB`);
      },
    }).finally(() => clearInterval(timer));
    const exportSeconds = (performance.now() - t) / 1000;
    sample();
    const kernelPeak = kernelReset ? kernelPeakRss() : null;
    const onDisk = await sizeOfTree(join(dir, "blobs", "objects"));
    log(`${target}: exported ${metadata.counts.exported} in ${exportSeconds.toFixed(1)} s, peak RSS ${(peakRss / MiB).toFixed(0)} MiB (baseline ${(baselineRss / MiB).toFixed(0)} MiB)`);
    return {
      target, seeded: N, seedSeconds,
      exported: metadata.counts.exported, train: metadata.counts.train, validation: metadata.counts.validation, excluded: metadata.counts.excluded,
      datasetBytes: onDisk.bytes, filesOnDisk: onDisk.files,
      exportSeconds, baselineRss, peakRss, samples, kernelPeakRss: kernelPeak,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await ts.close();
    if (target === "postgres") {
      const admin = await openDatabase({ url: adminUrl!, poolSize: 1 });
      try {
        await admin.exec(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
      } finally {
        await admin.close();
      }
    }
  }
}

function inChild(target: Target): Promise<Measurement> {
  const root = resolve(import.meta.dirname, "../..");
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--expose-gc", "--conditions=rounds-source", "--import", "tsx", fileURLToPath(import.meta.url), CHILD_FLAG, target], {
      cwd: root, stdio: ["ignore", "pipe", "inherit"], env: process.env,
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.on("error", fail);
    child.on("close", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) return fail(new Error(`export-memory child (${target}) exited ${code}`));
      done(JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement);
    });
  });
}

function rows(m: Measurement): BenchResult[] {
  const label = m.target === "postgres" ? "PostgreSQL" : "PGlite";
  const suite = `training export (${N / 1000}k Q&A, OpenAI chat, ${label})`;
  const peak = m.peakRss / MiB;
  const baseline = m.baselineRss / MiB;
  const growth = peak - baseline;
  const allExported = m.exported === m.seeded;
  const out: BenchResult[] = [
    { suite, name: "examples exported", value: m.exported, unit: "", target: `= ${m.seeded}`, passed: allExported,
      notes: `${m.train} train, ${m.validation} validation, ${m.excluded} excluded; ${m.filesOnDisk} blobs, ${(m.datasetBytes / MiB).toFixed(1)} MiB written by the local-folder blob store; seeding took ${m.seedSeconds.toFixed(1)} s (not timed below)` },
    { suite, name: "export wall time", value: m.exportSeconds, unit: "s" },
    { suite, name: "export throughput", value: m.exported / m.exportSeconds, unit: "examples/s" },
    { suite, name: "RSS before export (baseline)", value: baseline, unit: "MiB",
      notes: m.target === "pglite"
        ? "after a GC; Node, tsx and the Rounds modules loaded, plus the in-process PGlite database holding the seeded rows"
        : "after a GC; Node, tsx and the Rounds modules (@rounds/core, @rounds/db, de-identifier, blob store) loaded, nothing else" },
    { suite, name: `peak RSS (sampled every ${SAMPLE_MS} ms, ${m.samples} samples)`, value: peak, unit: "MiB",
      notes: m.target === "postgres" ? "whole process (the database is a separate server); most of it is the loaded code, see the baseline" : "whole process, including the in-process PGlite database" },
    // Bounded memory is the export's own: what it adds over the loaded process must not grow with the 100k examples.
    { suite, name: "RSS growth during export (peak - baseline)", value: growth, unit: "MiB", target: `<= ${GROWTH_TARGET_MIB}`, passed: growth <= GROWTH_TARGET_MIB,
      notes: m.target === "pglite"
        ? "PGlite runs inside this process, so its memory (the loaded database, its buffers while serving the export's queries) is in RSS; the bound applies to the growth over the loaded database"
        : "mostly garbage V8 has not yet collected: after a GC the heap is back at its baseline" },
  ];
  if (m.kernelPeakRss !== null) {
    out.push({ suite, name: "peak RSS (kernel VmHWM, reset after seeding)", value: m.kernelPeakRss / MiB, unit: "MiB", notes: "cross-check of the sampled peak; not sampled, so it cannot miss a short spike" });
  }
  return out;
}

export default async function run(): Promise<BenchResult[]> {
  const targets: Target[] = ["pglite"];
  if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) targets.push("postgres");
  else log("PostgreSQL not configured (BENCH_DATABASE_URL or TEST_DATABASE_URL): PostgreSQL run skipped");
  const results: BenchResult[] = [];
  for (const target of targets) results.push(...rows(await inChild(target)));
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv[2] === CHILD_FLAG) {
  const target = process.argv[3] as Target;
  const m = await measure(target);
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(m)}\n`);
  process.exit(0);
}
