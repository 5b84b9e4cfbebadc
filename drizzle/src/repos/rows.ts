/** The rows of a raw `db.execute` result: PGlite returns `{ rows }`, postgres-js the array itself. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
