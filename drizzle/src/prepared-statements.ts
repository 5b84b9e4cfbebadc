/**
 * Named prepared statements on the embedded database. PGlite runs every
 * query as an unnamed statement, so a long statement (hybrid retrieval) is
 * parsed and planned on every question; prepared once per session and run
 * with EXECUTE, PostgreSQL plans it a few times and then reuses a generic
 * plan (about 6 of the 16 ms of CPU a search cost at 10k chunks). The server
 * tier needs none of this: postgres.js prepares its statements already.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/** Runs a statement as a prepared statement of the session; resolves to its rows. */
export type ExecutePrepared = (query: SQL) => Promise<{ rows: unknown[] }>;

/** Statement shapes kept per session; beyond this, statements run unprepared. */
const MAX_STATEMENTS = 64;

/** A parameter as an SQL literal for EXECUTE (its type comes from the prepared statement). */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "boolean") return value ? "true" : "false";
  // standard_conforming_strings is on: only the quote character needs doubling.
  if (typeof value === "string") return value.includes("\0") ? undefined : `'${value.replaceAll("'", "''")}'`;
  return undefined;
}

export function preparedStatements(client: PGlite): ExecutePrepared {
  const dialect = new PgDialect();
  const names = new Map<string, Promise<string>>();
  return async (query) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const literals = params.map(literal);
    if (literals.some((l) => l === undefined) || (!names.has(text) && names.size >= MAX_STATEMENTS)) {
      return client.query(text, params);
    }
    let name = names.get(text);
    if (!name) {
      const chosen = `rounds_prepared_${names.size + 1}`;
      name = client.query(`prepare ${chosen} as ${text}`).then(() => chosen);
      names.set(text, name);
      name.catch(() => names.delete(text));
    }
    return client.query(`execute ${await name}${literals.length ? `(${literals.join(", ")})` : ""}`);
  };
}
