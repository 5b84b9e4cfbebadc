/**
 * Ingestion throughput on the embedded default: a generated corpus of 50
 * PDFs x 12 pages (600 pages) uploaded, parsed, classified, auto-approved,
 * chunked, embedded (hash-ngram) and indexed in file-backed PGlite with the
 * in-process database job queue. Target: >= 20 pages/s on 2 cores.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestFile, silentLogger } from "@rounds/core";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { BenchResult } from "../../bench/run.ts";
import { paragraph, rng } from "../../bench/synthetic-text.ts";
import { createApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";

const DOCS = 50;
const PAGES = 12;

async function makePdf(seed: number): Promise<Uint8Array> {
  const random = rng(seed);
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < PAGES; p++) {
    const page = pdf.addPage([595, 842]);
    let y = 800;
    page.drawText(`Ketamine clinic protocol ${seed}, section ${p + 1}`, { x: 40, y, size: 13, font });
    y -= 24;
    for (let para = 0; para < 4; para++) {
      const words = paragraph(random, 5).split(" ");
      let line = "";
      for (const w of words) {
        if ((line + w).length > 95) {
          page.drawText(line, { x: 40, y, size: 10, font });
          y -= 14;
          line = "";
        }
        line += `${w} `;
      }
      page.drawText(line, { x: 40, y, size: 10, font });
      y -= 22;
    }
  }
  return pdf.save();
}

export default async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "rounds-bench-ingest-"));
  const pdfs = await Promise.all(Array.from({ length: DOCS }, (_, i) => makePdf(i + 1)));
  const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { dataDir, log: { level: "silent" } } });
  const app = await createApp(config, { migrate: true, logger: silentLogger() });
  try {
    const ws = await ensureWorkspace(app, { org: "bench", project: "kat", domain: "ketamine-assisted therapy" });
    await app.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
    const actor = await localOperator(app, ws.organization.id);
    await app.jobs.startWorker({ concurrency: 2 });
    const started = performance.now();
    for (const [i, bytes] of pdfs.entries()) {
      await ingestFile(app, { actor, projectId: ws.project.id, fileName: `protocol-${i + 1}.pdf`, bytes });
    }
    await waitForJobs(app, (left) => process.stderr.write(`\r  ingest bench: ${left} jobs left   `));
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write("\n");
    const scope = { organizationId: ws.organization.id, projectId: ws.project.id };
    const docs = await app.store.knowledge.listDocuments(scope, { limit: 1000 });
    const indexed = docs.filter((d) => d.indexState === "indexed");
    let chunks = 0;
    for (const d of indexed) chunks += (await app.store.knowledge.listChunks(scope, d.id)).length;
    const pages = indexed.reduce((s, d) => s + (d.pageCount ?? 0), 0);
    if (indexed.length !== DOCS) throw new Error(`only ${indexed.length} of ${DOCS} documents were indexed`);
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    return [
      { suite: "ingest (embedded)", name: `${pages} PDF pages end to end`, value: pages / seconds, unit: "pages/s", target: ">= 20", passed: pages / seconds >= 20 },
      { suite: "ingest (embedded)", name: `${chunks} chunks end to end`, value: chunks / seconds, unit: "chunks/s" },
      { suite: "ingest (embedded)", name: "peak RSS", value: rssMiB, unit: "MiB" },
    ];
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
