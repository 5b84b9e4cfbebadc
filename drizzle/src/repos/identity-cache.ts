/**
 * The reads every API request makes to learn who is asking (the API key and
 * its user) and about what (the project), cached in this process. Every
 * statement that changes API keys (but their last use), users, projects or
 * organisations bumps `identity_generation.n` in its own transaction
 * (triggers, migration 0017), whichever process or connection runs it: the
 * CLI on PostgreSQL, the server a CLI command was routed through on the
 * embedded tier, raw SQL. A cached value was read in the same statement, and
 * so the same snapshot, as the generation it is kept with; it is served
 * while a read of the generation returns that same number, so a revoked key,
 * a removed or disabled user or a changed project policy takes effect on the
 * very next request. A hit costs one one-row read instead of the statements
 * it replaces; on the embedded database not even that: no other process can
 * open its folder (the one-writer lock; CLI commands are routed through the
 * server holding it), and PGlite hands this process the triggers'
 * notification with the statement that commits the change
 * (`IdentityChanges`), so a count of those notifications is the generation.
 */
import { sql } from "drizzle-orm";
import type { IdentityChanges, RoundsDb } from "../client.ts";
import { rowsOf } from "./rows.ts";

/** Entries kept per cache; beyond this the oldest goes (a deployment has few keys and projects in use). */
const MAX_ENTRIES = 1000;

/** The generation of the identity tables, as a column of a statement that reads them (so both come from one snapshot). */
export const generationColumn = () => sql<number>`(select g.n from identity_generation g where g.id = 1)`.mapWith(Number);


export interface GenerationCache<V> {
  /**
   * The value for `key`: from the cache while the generation is the one it was read at, otherwise from
   * `load` (which reads the value and `generationColumn` in one statement). `undefined` is not cached.
   */
  get(key: string, load: () => Promise<{ generation: number; value: V | undefined }>): Promise<V | undefined>;
  /** Changes a cached value in place (a write that does not bump the generation, such as an API key's last use). */
  update(change: (value: V) => void): void;
}

export interface IdentityCaches {
  cache<V>(): GenerationCache<V>;
}

/** Caches over one database; each reads the generation once per `get`, or, given `changes`, counts them instead. */
export function identityCaches(db: RoundsDb, changes?: IdentityChanges): IdentityCaches {
  const currentGeneration = async (): Promise<number | undefined> => {
    if (changes) return changes.count();
    const [row] = rowsOf<{ n: number | string | null }>(await db.execute(sql`select ${generationColumn()} as n`));
    return row?.n == null ? undefined : Number(row.n);
  };
  return {
    cache<V>(): GenerationCache<V> {
      const entries = new Map<string, { generation: number; value: V }>();
      return {
        async get(key, load) {
          const entry = entries.get(key);
          if (entry && entry.generation === await currentGeneration()) return structuredClone(entry.value);
          // Counted before the read: a change committed while it runs makes the entry stale at once (read again next time).
          const seen = changes?.count();
          const loaded = await load();
          const { value } = loaded;
          const generation = seen ?? loaded.generation;
          entries.delete(key);
          if (value !== undefined && Number.isFinite(generation)) {
            entries.set(key, { generation, value: structuredClone(value) });
            if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
          }
          return value;
        },
        update(change) {
          for (const entry of entries.values()) change(entry.value);
        },
      };
    },
  };
}
