import type { IndexedChunk, RetrievalIndex, RetrievalScope, SearchHit, SearchQuery } from "@rounds/core";
import { RoundsError } from "@rounds/core";
import { type SQL, sql } from "drizzle-orm";
import { HNSW_EF_SEARCH, type RoundsDb } from "../client.ts";
import type { ExecutePrepared } from "../prepared-statements.ts";
import { embeddings } from "../schema/index.ts";
import { LEXICAL_DIMENSIONS } from "../schema/columns.ts";
import { spaceIndexName } from "./knowledge.ts";
import { termIndex } from "./lexical.ts";
import { rowsOf } from "./rows.ts";

/** RRF constant (Cormack et al. 2009). */
const RRF_K = sql.raw("60.0");
/** BM25 lead over the runner-up that makes a lexical hit a clear winner, kept first by fusion. */
const CLEAR_WINNER = sql.raw("3.0");

/**
 * Words of asking rather than of subject ("how long must…", "what is
 * recommended…"). PostgreSQL's English stop list keeps them, so they are
 * dropped from queries here: they would otherwise count as unanswered terms
 * in the evidence check and add noise to BM25.
 */
const QUESTION_WORDS = "long much many must need needs often tell know way please give get use used recommend recommended require required happen happens kind type best usual usually exactly";

const vectorLiteral = (v: number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`;

/**
 * Who may see a chunk, as SQL over `c` (chunks) and `d` (documents): tenant,
 * project, patient scope, channel policy, sensitivity class, approval and soft delete. Every
 * retrieval query includes it; nothing is filtered afterwards.
 */
export function scopeFilter(scope: RetrievalScope): SQL {
  const patients = scope.patientIds?.length
    ? sql`(c.patient_id is null or c.patient_id in (${sql.join(scope.patientIds.map((p) => sql`${p}::uuid`), sql`, `)}))`
    : sql`c.patient_id is null`;
  const visibility = scope.visibility === "public" ? sql`and d.visibility = 'public'` : sql``;
  // Sensitivity class, as `readableBy` in knowledge.ts: restricted documents only for their custodian.
  const sensitivity = scope.reader
    ? sql`(d.sensitivity = 'ordinary' or d.custodian_user_id = ${scope.reader.userId}::uuid)`
    : sql`d.sensitivity = 'ordinary'`;
  return sql`c.organization_id = ${scope.organizationId}::uuid and c.project_id = ${scope.projectId}::uuid
    and c.deleted_at is null and d.deleted_at is null and d.status = 'approved' and d.index_state = 'indexed'
    and d.organization_id = c.organization_id and ${patients} ${visibility} and ${sensitivity}`;
}

/**
 * Hybrid retrieval in one SQL statement: pgvector HNSW over the embedding
 * space (cosine) and HNSW over BM25 sparse vectors (inner product; see
 * lexical.ts), both filtered by the caller's scope inside the index scan,
 * fused with reciprocal rank fusion.
 */
export function createRetrievalIndex(db: RoundsDb, executePrepared?: ExecutePrepared): RetrievalIndex {
  // A space's dimensions never change: read once per space, not on every question.
  const dimensions = new Map<string, number>();
  async function dimensionsOf(spaceId: string): Promise<number> {
    const known = dimensions.get(spaceId);
    if (known !== undefined) return known;
    const [row] = rowsOf<{ dimensions: number }>(await db.execute(sql`select dimensions from embedding_spaces where id = ${spaceId}::uuid`));
    if (!row) throw new RoundsError("NOT_FOUND", "Unknown embedding space.");
    dimensions.set(spaceId, Number(row.dimensions));
    return Number(row.dimensions);
  }

  return {
    specificationVersion: "v1",

    async upsert(spaceId, list: IndexedChunk[]) {
      if (list.length === 0) return;
      const dims = await dimensionsOf(spaceId);
      for (const c of list) {
        if (c.vector.length !== dims) throw new RoundsError("VALIDATION_FAILED", `Vector has ${c.vector.length} dimensions; the space has ${dims}.`);
      }
      for (let i = 0; i < list.length; i += 500) {
        await db.insert(embeddings).values(list.slice(i, i + 500).map((c) => ({ chunkId: c.chunkId, spaceId, embedding: c.vector })))
          .onConflictDoUpdate({ target: [embeddings.chunkId, embeddings.spaceId], set: { embedding: sql`excluded.embedding` } });
      }
    },

    async search(query: SearchQuery): Promise<SearchHit[]> {
      const weight = Math.min(4, Math.max(0, query.vectorWeight ?? 1));
      // The vector list only when it has a say in fusion: with weight 0 its HNSW scan is skipped, not computed and ignored.
      const vector = weight > 0 ? query.vector : undefined;
      const dims = await dimensionsOf(query.spaceId);
      if (vector && vector.length !== dims) throw new RoundsError("VALIDATION_FAILED", `Query vector has ${vector.length} dimensions; the space has ${dims}.`);
      spaceIndexName(query.spaceId); // validates the id before it is inlined (partial-index predicates need a literal)
      const k = Math.max(1, Math.min(query.k, 200));
      const candidates = Math.max(query.candidates ?? Math.max(4 * k, 40), k);
      const scope = scopeFilter(query.scope);
      const vectorWeight = sql.raw(String(weight));
      const space = sql.raw(`'${query.spaceId}'::uuid`);
      const vecList = vector ? (() => {
        // A bound parameter, not a literal: parsed once instead of at each of its uses in the statement text.
        const vec = sql`${vectorLiteral(vector)}::vector(${sql.raw(String(dims))})`;
        const emb = sql.raw(`e.embedding::vector(${dims})`);
        return sql`select id, 1 - distance as similarity, row_number() over (order by distance, id) as rnk from (
            select c.id, ${emb} <=> ${vec} as distance
            from embeddings e join chunks c on c.id = e.chunk_id join documents d on d.id = c.document_id
            where e.space_id = ${space} and ${scope}
            order by ${emb} <=> ${vec} limit ${sql.raw(String(candidates))}
          ) v`;
      })() : sql`select null::uuid as id, null::float8 as similarity, null::bigint as rnk where false`;

      // A query lexeme the chunk holds, itself or through an alternative whose lexemes it holds all of (`held` and `stood_for` of lex_held).
      const held = sql`(idf.lexeme = any(l.held) or idf.lexeme = any(l.stood_for))`;
      const statement = sql`
        with q0 as (
          select t.lexeme, t.lexeme in (select s.lexeme from unnest(to_tsvector('english', ${query.subject ?? query.text})) s) as subj
          from unnest(to_tsvector('english', ${query.text})) as t
          where t.lexeme not in (select g.lexeme from unnest(to_tsvector('english', ${QUESTION_WORDS})) g)
        ),
        alts as (
          -- Other names for some of the query's words: their lexemes, and the query lexemes they stand for.
          select array(select s.lexeme from unnest(to_tsvector('english', a.w)) s) as lexemes,
                 array(select s.lexeme from unnest(to_tsvector('english', a.f)) s) as stands_for
          from jsonb_to_recordset(${JSON.stringify((query.alternatives ?? []).map((a) => ({ w: a.words, f: a.for })))}::jsonb) as a(w text, f text)
        ),
        q as (
          select q0.lexeme, ${termIndex(sql`q0.lexeme`)} as idx, q0.subj, false as alt from q0
          union
          -- An alternative's lexemes are searched too, but only the query's own count towards coverage.
          select x.lexeme, ${termIndex(sql`x.lexeme`)}, false, true from (select distinct unnest(lexemes) as lexeme from alts) x
          where x.lexeme not in (select lexeme from q0)
        ),
        n as (
          select coalesce((select df from term_stats where project_id = ${query.scope.projectId}::uuid and term = ''), 0)::float8 as n
        ),
        idf as (
          select q.lexeme, q.idx, q.subj, q.alt, ln(1 + (greatest(n.n, 1) - least(coalesce(ts.df, 0), n.n) + 0.5) / (least(coalesce(ts.df, 0), n.n) + 0.5)) as idf
          -- One index lookup per query lexeme (lateral; the limit keeps the planner from flattening it into a hash join), never a scan of the project's whole vocabulary.
          from q cross join n left join lateral (select t.df from term_stats t where t.project_id = ${query.scope.projectId}::uuid and t.term = q.lexeme limit 1) ts on true
        ),
        qv as (
          select ('{' || string_agg(idx::text || ':' || w::text, ',' order by idx) || '}/${sql.raw(String(LEXICAL_DIMENSIONS))}')::sparsevec as v
          from (select idx, sum(idf) as w from idf group by idx) x
        ),
        lex_top as (
          -- The query vector as a scalar subquery (an init-plan parameter), so the HNSW index can order by it.
          select c.id, tsvector_to_array(c.tsv) as lexemes, -(c.lexical <#> (select v from qv)) as score
          from chunks c join documents d on d.id = c.document_id
          where (select v from qv) is not null and c.lexical is not null and ${scope}
          order by c.lexical <#> (select v from qv) limit ${sql.raw(String(candidates))}
        ),
        lex_hold as materialized (
          -- The query's lexemes (its own and its alternatives') each candidate holds, found once per candidate, so coverage below
          -- costs (query lexemes × held) rather than (query lexemes × the chunk's vocabulary × alternatives). Materialized (as
          -- lex_held): inlined, the planner would compute these arrays again at each of their uses.
          select l.id, l.score, array(select idf.lexeme from idf where idf.lexeme = any(l.lexemes)) as held
          from lex_top l where l.score > 0
        ),
        lex_held as materialized (
          -- Every alternative's lexemes are query lexemes (q), so an alternative the chunk holds all of is contained in \`held\`.
          select h.id, h.score, h.held, array(select s.lexeme from alts a cross join unnest(a.stands_for) s(lexeme) where cardinality(a.lexemes) > 0 and a.lexemes <@ h.held) as stood_for
          from lex_hold h
        ),
        lex as (
          select l.id, l.score, row_number() over (order by l.score desc, l.id) as rnk,
                 (select sum(idf.idf) from idf where not idf.alt and ${held}) / nullif((select sum(idf) from idf where not alt), 0) as coverage,
                 (select sum(idf.idf) from idf where idf.subj and ${held}) / nullif((select sum(idf) from idf where subj), 0) as subject_coverage
          from lex_held l
        ),
        vec as (${vecList}),
        fused as (
          select coalesce(v.id, l.id) as id, v.rnk as vrank, l.rnk as lrank, v.similarity, l.score as bm25, l.coverage, l.subject_coverage,
                 coalesce(${vectorWeight} / (${RRF_K} + v.rnk), 0) + coalesce(1.0 / (${RRF_K} + l.rnk), 0)
                 -- A clear lexical winner (its BM25 score a multiple of the runner-up's) stays first whatever the vector list says.
                 + case when l.rnk = 1 and l.score >= ${CLEAR_WINNER} * coalesce((select x.score from lex x where x.rnk = 2), 0) then 1.0 else 0 end as score
          from vec v full outer join lex l on l.id = v.id
        )
        select f.id, c.document_id, f.score, f.vrank, f.lrank, f.similarity, f.bm25, f.coverage, f.subject_coverage
        from fused f join chunks c on c.id = f.id
        order by f.score desc, f.id limit ${sql.raw(String(k))}`;

      // The connection's HNSW settings (client.ts) serve up to HNSW_EF_SEARCH candidates; more need a wider search.
      const result = candidates <= HNSW_EF_SEARCH ? await (executePrepared ?? db.execute.bind(db))(statement) : await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as RoundsDb;
        await tx.execute(sql.raw(`set local hnsw.ef_search = ${candidates}`));
        return tx.execute(statement);
      });
      return rowsOf<{ id: string; document_id: string; score: number; vrank: number | null; lrank: number | null; similarity: number | null; bm25: number | null; coverage: number | null; subject_coverage: number | null }>(result)
        .map((r) => ({
          chunkId: r.id, documentId: r.document_id, score: Number(r.score),
          ...(r.vrank != null && { vectorRank: Number(r.vrank), similarity: Number(r.similarity) }),
          ...(r.lrank != null && { lexicalRank: Number(r.lrank), bm25: Number(r.bm25), coverage: Number(r.coverage ?? 0), subjectCoverage: Number(r.subject_coverage ?? 0) }),
        }));
    },
  };
}
