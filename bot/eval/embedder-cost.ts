/**
 * What an embedder costs on this machine, over the chunks of a knowledge base
 * that `run-pack.ts` built: time to the first embedding (model load included),
 * chunks embedded per second (the text the index job embeds: context and
 * chunk text, in batches of the embedder's `maxBatchSize`), one query's
 * embedding time (p50/p95 over the first 200 chunks' opening words), and the
 * process's peak memory.
 *
 *   node --conditions=rounds-source --import tsx bot/eval/embedder-cost.ts --data-dir DIR --embedder use --plugin @rounds/plugin-embedder-use [--limit N]
 *
 * Run it alone (nothing else in this process): the memory figure is the whole process's.
 */
import { loadavg, tmpdir } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { silentLogger } from "@rounds/core";
import { createApp } from "../src/app/create-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";

const { values } = parseArgs({ options: { "data-dir": { type: "string" }, embedder: { type: "string", default: "hash-ngram" }, plugin: { type: "string", multiple: true, default: [] }, limit: { type: "string" } } });
if (!values["data-dir"]) {
  process.stderr.write("Usage: embedder-cost.ts --data-dir DIR [--embedder ID --plugin PKG]\n");
  process.exit(2);
}
const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: {
  dataDir: resolve(values["data-dir"]), log: { level: "silent" },
  ...(values.plugin.length && { plugins: [...defaultPlugins, ...values.plugin] }), models: { embedder: values.embedder },
} });
const rssBefore = process.memoryUsage().rss;
const app = await createApp(config, { migrate: false, logger: silentLogger() });
try {
  const result = await app.database.db.execute(sql`select context, text from chunks where deleted_at is null order by id`);
  const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ context: string | null; text: string }> }).rows) as Array<{ context: string | null; text: string }>;
  const texts = rows.map((r) => `${r.context ?? ""}\n${r.text}`).slice(0, values.limit ? Number(values.limit) : undefined);
  const rssApp = process.memoryUsage().rss;
  const embedder = await app.host.get("embedders", values.embedder);
  let t = performance.now();
  await embedder.embedQuery("first embedding");
  const firstMs = performance.now() - t;
  const rssLoaded = process.memoryUsage().rss;
  t = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < texts.length; i += embedder.maxBatchSize) await embedder.embedDocuments(texts.slice(i, i + embedder.maxBatchSize));
  const seconds = (performance.now() - t) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  const queryCpu0 = process.cpuUsage();
  const queryMs: number[] = [];
  for (const text of texts.slice(0, 200)) {
    const q = text.split(/\s+/).slice(0, 12).join(" ");
    const s = performance.now();
    await embedder.embedQuery(q);
    queryMs.push(performance.now() - s);
  }
  const queryCpu = process.cpuUsage(queryCpu0);
  queryMs.sort((a, b) => a - b);
  const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
  const chars = texts.reduce((n, x) => n + x.length, 0);
  process.stdout.write(`${JSON.stringify({
    embedder: `${embedder.modelId} (${embedder.dimensions} dimensions)`, chunks: texts.length, meanChunkChars: Math.round(chars / Math.max(1, texts.length)),
    firstEmbeddingMs: Math.round(firstMs), chunksPerSecond: Number((texts.length / seconds).toFixed(1)), embedAllSeconds: Number(seconds.toFixed(1)),
    // CPU time is what the work costs on an idle core, whatever else the machine runs (wall-clock figures include waiting for a core).
    chunksPerCpuSecond: Number((texts.length / cpuSeconds).toFixed(1)), queryEmbedCpuMsMean: Number(((queryCpu.user + queryCpu.system) / 1000 / Math.max(1, queryMs.length)).toFixed(1)),
    loadAverage: loadavg()[0],
    queryEmbedMsP50: Number(queryMs[Math.floor(queryMs.length / 2)]!.toFixed(1)), queryEmbedMsP95: Number(queryMs[Math.floor(queryMs.length * 0.95)]!.toFixed(1)),
    rss: { start: mb(rssBefore), appOpen: mb(rssApp), modelLoaded: mb(rssLoaded), end: mb(process.memoryUsage().rss), peak: mb(process.resourceUsage().maxRSS * 1024) },
  }, null, 1)}\n`);
} finally {
  await app.close();
}
