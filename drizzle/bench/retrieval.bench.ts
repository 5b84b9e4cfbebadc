/**
 * Hybrid retrieval latency and HNSW recall at 10k and 100k chunks (384-dim
 * clustered vectors + synthetic clinical text for BM25). 10k runs on PGlite
 * and PostgreSQL; 100k on PostgreSQL (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL). Recall@10 compares the HNSW vector leg with exact
 * search over the same scope. Targets (100k, PostgreSQL): p95 <= 15 ms,
 * recall@10 >= 0.95.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { BenchResult } from "../../bench/run.ts";
import { percentile } from "../../bench/stats.ts";
import { paragraph, rng } from "../../bench/synthetic-text.ts";
import { openDatabase, type DatabaseHandle } from "../src/client.ts";
import { createStore } from "../src/repos/index.ts";
import { spaceIndexName } from "../src/repos/knowledge.ts";
import { indexLexical } from "../src/repos/lexical.ts";
import { chunks, documents } from "../src/schema/index.ts";
import { freshDatabase } from "../src/testing.ts";

const DIMS = 384;
const TOPICS = 250;
const SUBTOPICS = 40;
const QUERIES = 200;

function unit(v: number[]): number[] {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/**
 * Embedding-like structure: topics, subtopics around them, passages around
 * subtopics (noise norms about 0.6 and 0.35 against unit centres), so nearest
 * neighbours are meaningful as with real text embeddings.
 */
function centers(random: () => number): number[][] {
  const topics = Array.from({ length: TOPICS }, () => unit(Array.from({ length: DIMS }, () => random() * 2 - 1)));
  return topics.flatMap((t) => Array.from({ length: SUBTOPICS }, () => near(t, random, 0.055)));
}

const near = (center: number[], random: () => number, spread: number) => unit(center.map((x) => x + (random() * 2 - 1) * spread));


async function measure(label: string, handle: DatabaseHandle, size: number): Promise<BenchResult[]> {
  const store = createStore(handle);
  const db = handle.db;
  const random = rng(size);
  const cs = centers(random);
  const org = await store.tenancy.createOrganization({ slug: `bench-${randomUUID().slice(0, 8)}`, name: "Bench" });
  const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile: { domain: "ketamine-assisted therapy", description: "", seeds: [] } });
  const scope = { organizationId: org.id, projectId: project.id };
  const space = await store.knowledge.ensureSpace(`bench:clustered-${size}`, DIMS);
  // Bulk load first, build the HNSW index after (much faster than maintaining it row by row).
  await handle.exec(`drop index if exists ${spaceIndexName(space.id)}; drop index if exists chunks_lexical_hnsw`);
  const loadStart = performance.now();
  const perDoc = 1000;
  for (let d = 0; d < size / perDoc; d++) {
    const [doc] = await db.insert(documents).values({
      ...scope, kind: "document", title: `Protocol ${d}`, fileName: `p${d}.pdf`, mediaType: "application/pdf", sizeBytes: 1,
      contentHash: randomUUID(), blobKey: `bench/${d}`, status: "approved", indexState: "indexed",
    }).returning();
    for (let b = 0; b < perDoc; b += 500) {
      const rows = await db.insert(chunks).values(Array.from({ length: 500 }, (_, i) => ({
        documentId: doc!.id, ...scope, documentVersion: 1, position: b + i, text: paragraph(random, 5), tokenCount: 90,
      }))).returning({ id: chunks.id });
      await store.retrieval.upsert(space.id, rows.map((r) => ({
        chunkId: r.id, documentId: doc!.id, ...scope, patientId: null, text: "", vector: near(cs[Math.floor(random() * cs.length)]!, random, 0.03),
      })));
    }
    await indexLexical(db, doc!.id);
    process.stderr.write(`\r  ${label}: loaded ${(d + 1) * perDoc}/${size} chunks`);
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const buildStart = performance.now();
  await store.knowledge.ensureSpace(`bench:clustered-${size}`, DIMS);
  await handle.exec("set maintenance_work_mem = '512MB'; create index chunks_lexical_hnsw on chunks using hnsw (lexical sparsevec_ip_ops)");
  await handle.exec("analyze embeddings; analyze chunks; analyze documents");
  const buildSeconds = (performance.now() - buildStart) / 1000;
  process.stderr.write(`\n  ${label}: HNSW built in ${buildSeconds.toFixed(1)} s\n`);

  const queries = Array.from({ length: QUERIES }, () => ({ vector: near(cs[Math.floor(random() * cs.length)]!, random, 0.03), text: paragraph(random, 1) }));
  for (const q of queries.slice(0, 10)) await store.retrieval.search({ scope, spaceId: space.id, text: q.text, vector: q.vector, k: 10 });
  const latencies: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await store.retrieval.search({ scope, spaceId: space.id, text: q.text, vector: q.vector, k: 10 });
    latencies.push(performance.now() - t);
  }

  // Recall@10 of the vector leg: HNSW (as retrieval runs it) against exact search, same scope filter.
  const vectorLeg = async (vector: number[], exact: boolean) => {
    const lit = sql.raw(`'[${vector.join(",")}]'::vector(${DIMS})`);
    const emb = sql.raw(`e.embedding::vector(${DIMS})`);
    return db.transaction(async (tx) => {
      await tx.execute(sql.raw(exact ? "set local enable_indexscan = off" : "set local hnsw.ef_search = 100"));
      if (!exact) await tx.execute(sql.raw("set local hnsw.iterative_scan = relaxed_order"));
      const result = await tx.execute(sql`select c.id from embeddings e join chunks c on c.id = e.chunk_id join documents d on d.id = c.document_id
        where e.space_id = ${sql.raw(`'${space.id}'::uuid`)} and c.organization_id = ${org.id}::uuid and c.project_id = ${project.id}::uuid
        and c.deleted_at is null and d.deleted_at is null and d.status = 'approved' and d.index_state = 'indexed' and c.patient_id is null
        order by ${emb} <=> ${lit} limit 10`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ id: string }>;
      return rows.map((r) => r.id);
    });
  };
  let overlap = 0;
  const recallQueries = queries.slice(0, 50);
  for (const q of recallQueries) {
    const [approx, exact] = [await vectorLeg(q.vector, false), await vectorLeg(q.vector, true)];
    overlap += approx.filter((id) => exact.includes(id)).length / 10;
  }
  const recall = overlap / recallQueries.length;
  const p95 = percentile(latencies, 95);
  const onTarget = size >= 100_000 && handle.kind === "postgres";
  return [
    { suite: `retrieval ${label}`, name: "hybrid search p50", value: percentile(latencies, 50), unit: "ms" },
    { suite: `retrieval ${label}`, name: "hybrid search p95", value: p95, unit: "ms", ...(onTarget && { target: "<= 15", passed: p95 <= 15 }) },
    { suite: `retrieval ${label}`, name: "HNSW recall@10 vs exact", value: recall, unit: "", ...(onTarget && { target: ">= 0.95", passed: recall >= 0.95 }) },
    { suite: `retrieval ${label}`, name: "bulk load + HNSW build", value: loadSeconds + buildSeconds, unit: "s" },
  ];
}

export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const pglite = await openDatabase({ url: "memory://" });
  await pglite.migrate();
  try {
    results.push(...(await measure("10k PGlite", pglite, 10_000)));
  } finally {
    await pglite.close();
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    process.stderr.write("  PostgreSQL not configured (BENCH_DATABASE_URL): 10k and 100k PostgreSQL runs skipped\n");
    return results;
  }
  for (const size of [10_000, 100_000]) {
    const pg = await openDatabase({ url: await freshDatabase(url) });
    await pg.migrate();
    try {
      results.push(...(await measure(`${size / 1000}k PostgreSQL`, pg, size)));
    } finally {
      await pg.close();
    }
  }
  return results;
}
