/**
 * Planner statistics kept current by the store. PostgreSQL's autovacuum
 * daemon re-analyses a table once enough of its rows have changed, but only
 * at its next round (a minute later by default); PGlite runs no background
 * workers at all, so a knowledge base built by ingestion was never analysed,
 * and the planner, believing every table empty, joined each chunk to every
 * approved document (5 s of CPU per question at 4k chunks). Statistics that
 * are merely old mislead it as badly: a `documents` table analysed while its
 * first documents were still being indexed says no document is approved and
 * indexed, so retrieval sorted every chunk of the few documents it expected
 * instead of walking the HNSW indexes (190 ms instead of 21 ms a search at 10k
 * chunks; docs/benchmarks.md).
 *
 * So, after each write that changes what retrieval sees, this does what
 * autoanalyze does, at once: a table is analysed when it was never analysed,
 * or when more than `STALE_ROWS` plus a tenth of its rows were inserted,
 * updated or deleted since its last ANALYZE (the server's own change counters,
 * `n_mod_since_analyze`, autovacuum's test), or, for counters lost with a
 * session (PGlite keeps them in memory only), when its size moved by more than
 * `STALE_PAGES` plus a tenth of its pages.
 */

/** Runs one SQL statement; resolves to its rows. */
export type RunSql = (text: string) => Promise<{ rows: unknown[] }>;

/** Share of its rows (or pages) a table must change by since its last ANALYZE to be analysed again (autovacuum's scale factor). */
const STALE_SHARE = 0.1;
/** Rows changed besides (autovacuum's base threshold): a small table is not analysed on every write. */
const STALE_ROWS = 50;
/** Pages a table must grow or shrink by besides, for the size test. */
const STALE_PAGES = 8;

/** The tables of the current schema whose statistics are missing or stale (see the file comment). */
export async function staleTables(run: RunSql): Promise<string[]> {
  // A session's change counters reach pg_stat_user_tables when it goes idle, but at most once a second unless forced (PGlite has no idle timer to send them later).
  await run("select pg_stat_force_next_flush()");
  // The change counter is read by the function behind pg_stat_user_tables.n_mod_since_analyze (0 for a table it has no
  // entry for, as the view's left join gave): the view, grouped, computes its twenty-odd counters for every table of
  // every schema, which was half of this query's CPU on PGlite, run after every knowledge write.
  const { rows } = await run(`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    cross join lateral (select pg_relation_size(c.oid) / current_setting('block_size')::int as pages) s
    where c.relkind = 'r' and n.nspname = current_schema() and s.pages > 0
      and (c.reltuples < 0
        or pg_stat_get_mod_since_analyze(c.oid) > ${STALE_ROWS} + ${STALE_SHARE} * c.reltuples
        or abs(s.pages - c.relpages) > ${STALE_PAGES} + ${STALE_SHARE} * c.relpages)
    order by 1`);
  return (rows as Array<{ name: string }>).map((r) => r.name);
}

/** Analyses the stale tables (one ANALYZE for all); resolves to their names. */
export async function analyzeStaleTables(run: RunSql): Promise<string[]> {
  const tables = await staleTables(run);
  if (tables.length) await run(`analyze ${tables.join(", ")}`);
  return tables;
}
