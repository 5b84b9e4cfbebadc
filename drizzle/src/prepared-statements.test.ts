import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "./client.ts";
import { memoryDatabase } from "./testing.ts";

describe("prepared statements on the embedded database", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase(await memoryDatabase());
  });
  afterAll(async () => {
    await handle.close();
  });

  it("returns what the statement returns unprepared, for every run and any text", async () => {
    const texts = ["plain", "it's", "'); drop table pg_class; --", "back\\slash", "", "ünïcødé ☤"];
    for (let round = 0; round < 8; round++) {
      for (const text of texts) {
        const query = sql`select ${text}::text as t, length(${text}::text) as n, ${round}::int as r, ${null}::text as z`;
        const prepared = await handle.executePrepared!(query);
        expect(prepared.rows).toEqual([{ t: text, n: text.length, r: round, z: null }]);
      }
    }
    // The plan was prepared once and reused: one statement in the session.
    const { rows } = await handle.executePrepared!(sql`select count(*)::int as n from pg_prepared_statements`);
    expect(rows).toEqual([{ n: 2 }]);
  });
});
