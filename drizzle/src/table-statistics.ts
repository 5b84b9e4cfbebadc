/**
 * Planner statistics on the embedded database. PostgreSQL's autovacuum
 * daemon re-analyses a table once enough of it has changed; PGlite runs no
 * background workers, so a knowledge base built by ingestion was never
 * analysed, and the planner, believing every table empty, chose plans for
 * one-row tables: hybrid retrieval joined each chunk to every approved
 * document (quadratic in the corpus: 5 s of CPU per question at 4k chunks
 * and 900 documents, 35 ms once analysed). This does what autoanalyze does,
 * by page counts (PGlite keeps no change counters across sessions): a table
 * never analysed, or whose size moved by more than a tenth since its last
 * ANALYZE, is analysed again (and by more than `STALE_PAGES`, so small tables
 * are not analysed on every write).
 */

/** Runs one SQL statement; resolves to its rows. */
export type RunSql = (text: string) => Promise<{ rows: unknown[] }>;

/** Share of its pages a table must grow or shrink by since its last ANALYZE to be analysed again (autovacuum's scale factor). */
export const STALE_SHARE = 0.1;
/** Pages a table must change by besides (autovacuum's base threshold, in pages): small tables are not analysed on every write. */
export const STALE_PAGES = 8;

/** The tables of the current schema whose statistics are missing or stale (see the file comment). */
export async function staleTables(run: RunSql): Promise<string[]> {
  const { rows } = await run(`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    cross join lateral (select pg_relation_size(c.oid) / current_setting('block_size')::int as pages) s
    where c.relkind = 'r' and n.nspname = current_schema() and s.pages > 0
      and (c.reltuples < 0 or abs(s.pages - c.relpages) > ${STALE_PAGES} + ${STALE_SHARE} * c.relpages)
    order by 1`);
  return (rows as Array<{ name: string }>).map((r) => r.name);
}

/** Analyses the stale tables (one ANALYZE for all); resolves to their names. */
export async function analyzeStaleTables(run: RunSql): Promise<string[]> {
  const tables = await staleTables(run);
  if (tables.length) await run(`analyze ${tables.join(", ")}`);
  return tables;
}
