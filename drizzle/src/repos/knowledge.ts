import type { ChunkRecord, CitableChunk, DocumentReader, DocumentRecord, EmbeddingSpace, KnowledgeRepository, KnowledgeScope } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import { and, asc, desc, eq, getTableColumns, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import type { ExecutePrepared } from "../prepared-statements.ts";
import { chunks, documents, embeddings, embeddingSpaces } from "../schema/index.ts";
import { adjustTermStats, indexLexical, termFrequencies } from "./lexical.ts";
import { rowsOf } from "./rows.ts";

const docScope = (s: KnowledgeScope) => and(eq(documents.organizationId, s.organizationId), eq(documents.projectId, s.projectId));
const chunkScope = (s: KnowledgeScope) => and(eq(chunks.organizationId, s.organizationId), eq(chunks.projectId, s.projectId));

/**
 * Which documents a read may see by sensitivity class: ordinary ones, plus
 * the restricted ones the reading user is custodian of; `unrestricted` sees all.
 * The one predicate every document and chunk read applies (retrieval's
 * `scopeFilter` applies the same rule to `d`).
 */
export function readableBy(reader: DocumentReader | undefined): SQL | undefined {
  if (reader === "unrestricted") return undefined;
  return reader ? or(eq(documents.sensitivity, "ordinary"), eq(documents.custodianUserId, reader.userId)) : eq(documents.sensitivity, "ordinary");
}
const readDocScope = (s: KnowledgeScope) => and(docScope(s), readableBy(s.reader));
/** Chunks of documents the reader may see (for a chunk read without its document joined). */
const readChunkScope = (s: KnowledgeScope) => {
  const readable = readableBy(s.reader);
  return and(chunkScope(s), readable && sql`exists (select 1 from ${documents} where ${documents.id} = ${chunks.documentId} and ${readable})`);
};

const toDocument = (r: typeof documents.$inferSelect): DocumentRecord => ({ ...r, patientId: r.patientId ?? null });

/**
 * The chunk columns a ChunkRecord is made of: not the search columns (`tsv`,
 * `lexical`), which are large (hundreds of terms) and would be read and
 * parsed on every question for nothing.
 */
const { tsv: _tsv, lexical: _lexical, ...chunkColumns } = getTableColumns(chunks);
type ChunkRow = Omit<typeof chunks.$inferSelect, "tsv" | "lexical">;

function toChunk(r: ChunkRow): ChunkRecord {
  return {
    id: r.id, documentId: r.documentId, organizationId: r.organizationId, projectId: r.projectId, patientId: r.patientId,
    documentVersion: r.documentVersion, position: r.position, text: r.text, ...(r.context && { context: r.context }), tokenCount: r.tokenCount,
    ...(r.page != null && { page: r.page }), ...(r.headings?.length && { headings: r.headings }), ...(r.ocr && { ocr: true }),
    ...(r.speaker != null && { speaker: r.speaker }), ...(r.startMs != null && { startMs: r.startMs }), ...(r.endMs != null && { endMs: r.endMs }),
    deletedAt: r.deletedAt,
  };
}

/** A chunk row as the driver returns it (column names; `headings` as JSON text or parsed, `deleted_at` as a Date or text). */
type RawChunkRow = {
  id: string; document_id: string; organization_id: string; project_id: string; patient_id: string | null; document_version: number; position: number;
  text: string; context: string; token_count: number; page: number | null; headings: string[] | string | null; ocr: boolean; speaker: string | null;
  start_ms: number | null; end_ms: number | null; deleted_at: Date | string | null; created_at: Date | string;
};

function fromRaw(r: RawChunkRow): ChunkRow {
  return {
    id: r.id, documentId: r.document_id, organizationId: r.organization_id, projectId: r.project_id, patientId: r.patient_id, documentVersion: r.document_version,
    position: r.position, text: r.text, context: r.context, tokenCount: r.token_count, page: r.page,
    headings: typeof r.headings === "string" ? (JSON.parse(r.headings) as string[]) : r.headings, ocr: r.ocr, speaker: r.speaker, startMs: r.start_ms,
    endMs: r.end_ms, deletedAt: r.deleted_at == null ? null : new Date(r.deleted_at), createdAt: new Date(r.created_at),
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Name of the partial HNSW index of one embedding space. */
export function spaceIndexName(spaceId: string): string {
  if (!uuidPattern.test(spaceId)) throw new RoundsError("INTERNAL", "Invalid embedding space id.");
  return `embeddings_hnsw_${spaceId.replaceAll("-", "")}`;
}

const isUniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.code === "23505" || err.cause?.code === "23505";
};

/**
 * `executePrepared` (PGlite, outside transactions): the reads every question makes (its passages, the anchor document's
 * outline, term frequencies) run as named prepared statements, planned once per session instead of on every question
 * (planning was most of their cost: about 3 of the 4 ms of CPU of reading two chunks on the embedded tier). Their
 * statement text is the same whatever the number of ids or words (one array parameter), so one plan serves them all.
 */
export function createKnowledgeRepository(db: RoundsDb, executePrepared?: ExecutePrepared): KnowledgeRepository {
  const run = executePrepared ?? ((query: SQL) => db.execute(query));
  const fetchRows = async <T>(statement: SQL): Promise<T[]> => rowsOf<T>(await run(statement));
  const repo: KnowledgeRepository = {
    async createDocument(input) {
      const scope = { organizationId: input.organizationId, projectId: input.projectId };
      const findDuplicate = async () => {
        const [dup] = await db.select().from(documents)
          .where(and(docScope(scope), eq(documents.contentHash, input.contentHash), isNull(documents.deletedAt))).limit(1);
        return dup ? toDocument(dup) : undefined;
      };
      const dup = await findDuplicate();
      if (dup) return { duplicateOf: dup };
      try {
        return await db.transaction(async (txRaw) => {
          const tx = txRaw as unknown as RoundsDb;
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`doc:${input.projectId}:${input.fileName}`}))`);
          const [previous] = await tx.select().from(documents)
            .where(and(docScope(scope), eq(documents.fileName, input.fileName), isNull(documents.deletedAt), isNull(documents.patientId)))
            .orderBy(desc(documents.version)).limit(1);
          const [row] = await tx.insert(documents).values({
            organizationId: input.organizationId, projectId: input.projectId, patientId: input.patientId ?? null,
            kind: input.kind, title: input.title, fileName: input.fileName, mediaType: input.mediaType, sizeBytes: input.sizeBytes,
            contentHash: input.contentHash, blobKey: input.blobKey, visibility: input.visibility ?? "public",
            sourceChannel: input.sourceChannel ?? null, uploadedByUserId: input.uploadedByUserId ?? null,
            version: previous && !input.patientId ? previous.version + 1 : 1,
            previousVersionId: previous && !input.patientId ? previous.id : null,
          }).returning();
          return { document: toDocument(row!) };
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const raced = await findDuplicate();
        if (raced) return { duplicateOf: raced };
        throw e;
      }
    },

    async getDocument(scope, id) {
      if (!uuidPattern.test(id)) return undefined;
      const [row] = await db.select().from(documents).where(and(readDocScope(scope), eq(documents.id, id))).limit(1);
      return row ? toDocument(row) : undefined;
    },

    async findDocumentIdsByPrefix(scope, prefix, limit) {
      if (!/^[0-9a-f-]{4,36}$/i.test(prefix)) return [];
      const rows = await db.select({ id: documents.id }).from(documents)
        .where(and(readDocScope(scope), isNull(documents.deletedAt), sql`${documents.id}::text like ${`${prefix.toLowerCase()}%`}`))
        .orderBy(asc(documents.id)).limit(limit);
      return rows.map((r) => r.id);
    },

    async listDocuments(scope, filter = {}) {
      const rows = await db.select().from(documents)
        .where(and(readDocScope(scope), isNull(documents.deletedAt), filter.status ? eq(documents.status, filter.status) : undefined))
        .orderBy(desc(documents.createdAt), desc(documents.id)).limit(filter.limit ?? 100);
      return rows.map(toDocument);
    },

    async updateDocument(scope, id, patch) {
      const [row] = await db.update(documents).set({ ...patch, updatedAt: new Date() }).where(and(docScope(scope), eq(documents.id, id))).returning();
      if (!row) throw new RoundsError("NOT_FOUND", "No such document in this project.");
      return toDocument(row);
    },

    async transition(scope, id, from, patch) {
      const states = from.map((m) => (typeof m === "string" ? eq(documents.status, m) : and(eq(documents.status, m.status), eq(documents.indexState, m.indexState))));
      if (states.length === 0) return undefined;
      const [row] = await db.update(documents).set({ ...patch, updatedAt: new Date() })
        .where(and(docScope(scope), eq(documents.id, id), or(...states), isNull(documents.deletedAt))).returning();
      return row ? toDocument(row) : undefined;
    },

    async restrictDocument(scope, id, sensitivity, custodianUserId) {
      const [row] = await db.update(documents).set({ sensitivity, custodianUserId, updatedAt: new Date() })
        .where(and(docScope(scope), eq(documents.id, id), or(eq(documents.sensitivity, "ordinary"), eq(documents.custodianUserId, custodianUserId)))).returning();
      if (row) return toDocument(row);
      const [held] = await db.select().from(documents).where(and(docScope(scope), eq(documents.id, id))).limit(1);
      return held ? toDocument(held) : undefined;
    },

    async softDeleteDocument(scope, id, at) {
      await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        const [doc] = await tx.update(documents).set({ deletedAt: at, updatedAt: at }).where(and(docScope(scope), eq(documents.id, id), isNull(documents.deletedAt))).returning({ id: documents.id });
        if (!doc) return;
        await adjustTermStats(tx, sql`c.document_id = ${id}::uuid and c.deleted_at is null and c.lexical is not null`, -1);
        await tx.update(chunks).set({ deletedAt: at }).where(and(chunkScope(scope), eq(chunks.documentId, id), isNull(chunks.deletedAt)));
      });
    },

    async replaceChunks(scope, documentId, list) {
      return db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        const [doc] = await tx.select().from(documents).where(and(docScope(scope), eq(documents.id, documentId))).for("update");
        if (!doc) throw new RoundsError("NOT_FOUND", "No such document in this project.");
        await adjustTermStats(tx, sql`c.document_id = ${documentId}::uuid and c.deleted_at is null and c.lexical is not null`, -1);
        const old = tx.select({ id: chunks.id }).from(chunks).where(eq(chunks.documentId, documentId));
        await tx.delete(embeddings).where(inArray(embeddings.chunkId, old));
        await tx.delete(chunks).where(eq(chunks.documentId, documentId));
        if (list.length === 0) return [];
        const out: ChunkRecord[] = [];
        for (let i = 0; i < list.length; i += 500) {
          const rows = await tx.insert(chunks).values(list.slice(i, i + 500).map((c) => ({
            documentId, organizationId: doc.organizationId, projectId: doc.projectId, patientId: doc.patientId,
            documentVersion: doc.version, position: c.position, text: c.text, context: c.context ?? "", tokenCount: c.tokenCount,
            page: c.page ?? null, headings: c.headings ?? null, ocr: c.ocr === true, speaker: c.speaker ?? null, startMs: c.startMs ?? null, endMs: c.endMs ?? null,
          }))).returning(chunkColumns);
          out.push(...rows.map(toChunk));
        }
        await indexLexical(tx, documentId);
        return out.sort((a, b) => a.position - b.position);
      });
    },

    async listChunks(scope, documentId) {
      const rows = await db.select(chunkColumns).from(chunks)
        .where(and(readChunkScope(scope), eq(chunks.documentId, documentId), isNull(chunks.deletedAt))).orderBy(asc(chunks.position));
      return rows.map(toChunk);
    },

    async listSections(scope, documentId) {
      if (!uuidPattern.test(documentId)) return [];
      const rows = await fetchRows<{ id: string; position: number; document_version: number; patient_id: string | null; context: string }>(sql`
        select ${chunks.id}, ${chunks.position}, ${chunks.documentVersion}, ${chunks.patientId}, ${chunks.context} from ${chunks}
        where ${and(readChunkScope(scope), sql`${chunks.documentId} = ${documentId}::uuid`, isNull(chunks.deletedAt))} order by ${chunks.position}`);
      return rows.map((r) => ({ id: r.id, position: r.position, documentVersion: r.document_version, patientId: r.patient_id, ...(r.context && { context: r.context }) }));
    },

    async getChunks(scope, ids) {
      const valid = ids.filter((id) => uuidPattern.test(id));
      if (valid.length === 0) return [];
      const rows = await fetchRows<RawChunkRow & { title: string; file_name: string; kind: DocumentRecord["kind"]; sensitivity: string; custodian_user_id: string | null }>(sql`
        select ${sql.join(Object.values(chunkColumns).map((c) => sql`${c}`), sql`, `)}, ${documents.title}, ${documents.fileName}, ${documents.kind}, ${documents.sensitivity}, ${documents.custodianUserId}
        from ${chunks} join ${documents} on ${documents.id} = ${chunks.documentId}
        where ${and(chunkScope(scope), readableBy(scope.reader), sql`${chunks.id} = any(${`{${valid.join(",")}}`}::uuid[])`)}`);
      const byId = new Map(rows.map((r) => [r.id, { ...toChunk(fromRaw(r)), documentTitle: r.title, fileName: r.file_name, documentKind: r.kind, custodianUserId: r.sensitivity === "ordinary" ? null : r.custodian_user_id } satisfies CitableChunk]));
      return valid.flatMap((id) => byId.get(id) ?? []);
    },

    async listChunksForTraining(scope, options = {}) {
      const rows = await db.select(chunkColumns).from(chunks).where(readChunkScope(scope)).orderBy(asc(chunks.documentId), asc(chunks.position)).limit(options.limit ?? 10_000);
      return rows.map(toChunk);
    },

    termFrequencies(scope, words) {
      return termFrequencies(run, scope, words);
    },

    async countByStatus(scope) {
      const rows = await db.select({ status: documents.status, n: sql<number>`count(*)::int` }).from(documents)
        .where(and(docScope(scope), isNull(documents.deletedAt))).groupBy(documents.status);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    async ensureSpace(modelId, dimensions) {
      if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000) {
        throw new RoundsError("CONFIG_INVALID", `Embedding dimensions ${dimensions} are outside 1..2000 (the pgvector HNSW limit).`);
      }
      await db.insert(embeddingSpaces).values({ modelId, dimensions }).onConflictDoNothing();
      const [row] = await db.select().from(embeddingSpaces).where(and(eq(embeddingSpaces.modelId, modelId), eq(embeddingSpaces.dimensions, dimensions)));
      const space = row as EmbeddingSpace;
      // HNSW builds far faster when the graph fits in maintenance memory (100k x 384: minutes → seconds).
      await db.transaction(async (tx) => {
        await tx.execute(sql.raw("set local maintenance_work_mem = '512MB'"));
        await tx.execute(sql.raw(
          `create index if not exists ${spaceIndexName(space.id)} on embeddings using hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) ` +
          `with (m = 16, ef_construction = 64) where space_id = '${space.id}'`,
        ));
      });
      return { id: space.id, modelId: space.modelId, dimensions: space.dimensions, status: space.status, readyAt: space.readyAt };
    },

    async listSpaces() {
      const rows = await db.select().from(embeddingSpaces).orderBy(asc(embeddingSpaces.createdAt));
      return rows.map((r) => ({ id: r.id, modelId: r.modelId, dimensions: r.dimensions, status: r.status, readyAt: r.readyAt }));
    },

    async setSpaceStatus(spaceId, status, at) {
      await db.update(embeddingSpaces).set({ status, ...(status === "ready" && { readyAt: at ?? new Date() }) }).where(eq(embeddingSpaces.id, spaceId));
    },

    async chunksMissingEmbedding(spaceId, limit) {
      const rows = await db.select({ c: chunkColumns }).from(chunks)
        .innerJoin(documents, eq(documents.id, chunks.documentId))
        .where(and(isNull(chunks.deletedAt), isNull(documents.deletedAt), ne(documents.indexState, "none"),
          sql`not exists (select 1 from ${embeddings} e where e.chunk_id = ${chunks.id} and e.space_id = ${spaceId})`))
        .orderBy(asc(chunks.id)).limit(limit);
      return rows.map((r) => toChunk(r.c));
    },
  };
  return repo;
}
