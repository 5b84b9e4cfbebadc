import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/client.ts";
import { createStore } from "../src/repos/index.ts";
import { spaceIndexName } from "../src/repos/knowledge.ts";
import { createRetrievalIndex } from "../src/repos/retrieval.ts";
import { databaseTargets } from "./targets.ts";

/**
 * The plan of hybrid retrieval over a knowledge base built as ingestion builds
 * one: each document created (processing), its chunks and embeddings written,
 * then approved. Nothing here runs ANALYZE; the statistics are the store's
 * own. Both legs must walk their HNSW indexes: a planner misled by statistics
 * taken mid-ingestion (no document approved yet) sorts the chunks of the few
 * documents it expects instead (docs/benchmarks.md, "Planner statistics").
 */
const DOCUMENTS = 60;
const CHUNKS_PER_DOCUMENT = 50;
const DIMENSIONS = 16;

const rows = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
const words = "ketamine infusion blood pressure monitoring dissociation nausea dose session integration anxiety depression consent screening".split(" ");

describe.each(databaseTargets())("hybrid retrieval plan after ingestion-like writes ($name)", (target) => {
  let handle: DatabaseHandle;
  let scope: { organizationId: string; projectId: string };
  let spaceId: string;

  beforeAll(async () => {
    handle = await openDatabase(await target.open());
    await handle.migrate();
    const store = createStore(handle);
    const org = await store.tenancy.createOrganization({ slug: `o-${randomUUID().slice(0, 8)}`, name: "Clinic" });
    const project = await store.tenancy.createProject({ organizationId: org.id, slug: "kat", name: "KAT", profile: { domain: "ketamine-assisted therapy", description: "d", seeds: [] } });
    scope = { organizationId: org.id, projectId: project.id };
    spaceId = (await store.knowledge.ensureSpace("plan-test", DIMENSIONS)).id;
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let d = 0; d < DOCUMENTS; d++) {
      const doc = (await store.knowledge.createDocument({ ...scope, kind: "document", title: `d${d}`, fileName: `d${d}.txt`, mediaType: "text/plain", sizeBytes: 1, contentHash: randomUUID(), blobKey: `k/${d}` })).document!;
      const pieces = Array.from({ length: CHUNKS_PER_DOCUMENT }, (_, position) => ({
        position, tokenCount: 60, text: Array.from({ length: 40 }, () => words[Math.floor(random() * words.length)]).join(" ") + ` section ${d}-${position}`,
      }));
      const stored = await store.knowledge.replaceChunks(scope, doc.id, pieces);
      await store.retrieval.upsert(spaceId, stored.map((c) => ({ chunkId: c.id, documentId: doc.id, ...scope, patientId: null, text: c.text, vector: Array.from({ length: DIMENSIONS }, () => random() - 0.5) })));
      await store.knowledge.updateDocument(scope, doc.id, { status: "approved", indexState: "indexed" });
    }
  }, 600_000);
  afterAll(async () => {
    await handle?.close();
  });

  it("walks the HNSW indexes of both legs (never a sort of every chunk)", async () => {
    const dialect = new PgDialect();
    let plan = "";
    const explaining = createRetrievalIndex(handle.db, async (statement) => {
      const { sql: text, params } = dialect.sqlToQuery(statement);
      const literal = (v: unknown) => (typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
      // As the prepared statement runs it: its plan, with this question's values.
      plan = rows<{ "QUERY PLAN": string }>(await handle.db.execute(sql.raw(`explain ${text.replace(/\$(\d+)/g, (_, i: string) => literal(params[Number(i) - 1]))}`)))
        .map((r) => r["QUERY PLAN"]).join("\n");
      return { rows: [] };
    });
    await explaining.search({ scope: { ...scope, patientIds: [], visibility: "private" }, spaceId, text: "blood pressure after the ketamine infusion", vector: Array.from({ length: DIMENSIONS }, (_, i) => (i % 3) - 1), k: 10 });
    expect(plan).toContain(`Index Scan using ${spaceIndexName(spaceId)}`);
    expect(plan).toContain("Index Scan using chunks_lexical_hnsw");
  });
});
