/**
 * BM25 as pgvector sparse vectors. Each indexed chunk stores, per lexeme of
 * its tsvector (hashed into 2^20 dimensions), the saturated and
 * length-normalised term frequency  tf·(k1+1) / (tf + k1·(1−b+b·dl/avgdl)).
 * A query vector carries each query lexeme's IDF from `term_stats`, so the
 * inner product of the two is the chunk's BM25 score, and an HNSW index
 * (sparsevec_ip_ops) finds the top chunks without reading whole posting
 * lists. `avgdl` is a fixed reference length (chunks are size-bounded by the
 * chunker), so stored weights never need recomputing as the corpus grows.
 */
import { type SQL, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { LEXICAL_DIMENSIONS } from "../schema/columns.ts";
import { rowsOf } from "./rows.ts";

export const K1 = 1.2;
export const B = 0.75;
/** Reference chunk length in lexeme occurrences (about a 500-token chunk). */
export const AVGDL = 180;
/** HNSW indexes sparse vectors of at most 1000 non-zero elements. */
const MAX_TERMS = 1000;

/** `1 + (hashtext(lexeme) mod (2^20 − 1))`: the dimension of a lexeme. */
export const termIndex = (lexeme: SQL) => sql`(1 + mod(abs(hashtext(${lexeme})::bigint), ${sql.raw(String(LEXICAL_DIMENSIONS - 1))}))`;

/** Sets `lexical` for the live chunks of a document and adds them to the project's term statistics. */
export async function indexLexical(tx: RoundsDb, documentId: string): Promise<void> {
  await tx.execute(sql`
    update chunks c set lexical = s.v from (
      select c2.id, ('{' || string_agg(w.idx::text || ':' || w.weight::text, ',' order by w.idx) || '}/${sql.raw(String(LEXICAL_DIMENSIONS))}')::sparsevec as v
      from chunks c2 cross join lateral (
        select idx, sum(tf * ${sql.raw(String(K1 + 1))} / (tf + ${sql.raw(String(K1))} * (${sql.raw(String(1 - B))} + ${sql.raw(String(B))} * dl / ${sql.raw(String(AVGDL))}))) as weight
        from (
          select ${termIndex(sql`u.lexeme`)} as idx, coalesce(array_length(u.positions, 1), 1)::float8 as tf,
                 sum(coalesce(array_length(u.positions, 1), 1)) over ()::float8 as dl
          from unnest(c2.tsv) u
        ) t group by idx order by weight desc limit ${sql.raw(String(MAX_TERMS))}
      ) w
      where c2.document_id = ${documentId}::uuid and c2.deleted_at is null
      group by c2.id
    ) s where c.id = s.id`);
  await adjustTermStats(tx, sql`c.document_id = ${documentId}::uuid and c.deleted_at is null and c.lexical is not null`, 1);
}

/**
 * Adds (`sign` 1) or removes (−1) the chunks matching `where` (over `c`) from
 * their projects' document frequencies and chunk counts. Call with −1 before
 * chunks stop being searchable.
 */
export async function adjustTermStats(tx: RoundsDb, where: SQL, sign: 1 | -1): Promise<void> {
  const s = sql.raw(sign === 1 ? "" : "-");
  await tx.execute(sql`
    insert into term_stats (project_id, term, df)
    select c.project_id, u.lexeme, ${s}count(*)::int from chunks c, unnest(c.tsv) u where ${where} group by 1, 2
    union all
    select c.project_id, '', ${s}count(*)::int from chunks c where ${where} group by 1
    order by 1, 2
    on conflict (project_id, term) do update set df = term_stats.df + excluded.df`);
}

/** Words looked up at once (a question's subject with its alternatives, or the neighbours of two misspelled words). */
const MAX_WORDS = 2000;

/** Words as one PostgreSQL text-array literal (`{"a","b"}`): each quoted, its backslashes and double quotes escaped. */
export function textArray(words: readonly string[]): string {
  return `{${words.map((w) => `"${w.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
}

/**
 * The project's vocabulary as the lexical index sees it: how many indexed
 * chunks hold each word (by its English lexeme; a word with several lexemes
 * counts its most frequent one) and how many indexed chunks there are. Stop
 * words have no lexeme and are left out. Scoped by organisation and project.
 */
export async function termFrequencies(run: (query: SQL) => Promise<unknown>, scope: { organizationId: string; projectId: string }, words: string[]): Promise<{ chunks: number; frequencies: Map<string, number> }> {
  const list = [...new Set(words)].slice(0, MAX_WORDS);
  const project = sql`(select p.id from projects p where p.id = ${scope.projectId}::uuid and p.organization_id = ${scope.organizationId}::uuid)`;
  const total = sql`select ''::text as word, coalesce((select ts.df from term_stats ts where ts.project_id = ${project} and ts.term = ''), 0)::int as df`;
  const perWord = list.length
    ? sql`select w.word, max(coalesce(ts.df, 0))::int as df
          from unnest(${textArray(list)}::text[]) as w(word)
          cross join lateral unnest(to_tsvector('english', w.word)) as l
          -- One index lookup per lexeme (lateral; the limit keeps the planner from flattening it into a hash join), never a scan of the project's whole vocabulary.
          left join lateral (select t.df from term_stats t where t.project_id = ${project} and t.term = l.lexeme limit 1) ts on true
          group by w.word
          union all `
    : sql``;
  // (The words as one array parameter: the statement's text is the same for any number of words, so a prepared plan serves all.)
  const result = await run(sql`${perWord}${total}`);
  const rows = rowsOf<{ word: string; df: number }>(result);
  const frequencies = new Map<string, number>();
  let chunks = 0;
  for (const r of rows) {
    if (r.word === "") chunks = Number(r.df);
    else frequencies.set(r.word, Number(r.df));
  }
  return { chunks, frequencies };
}
