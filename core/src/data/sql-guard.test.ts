// The guard without a database (this runs on every tier; each SQL source's
// suite runs the same attacks against its database).
import { describe, expect, it } from "vitest";
import { RoundsError } from "../errors/index.ts";
import { ATTACKS, demoPractice } from "../testing/index.ts";
import { catalogTables } from "./practice-catalog.ts";
import { guardSql } from "./sql-guard.ts";

const source = demoPractice({ organizationId: "0000000a-0000-4000-8000-00000000000a", tenantId: "clinic-a" });
const tables = catalogTables(source);
const refusal = (p: Promise<unknown>) => p.then(() => "accepted", (e: unknown) => (e instanceof RoundsError ? e.code : String(e)));

describe("the SQL guard (PostgreSQL's parser, no database)", () => {
  // The time limit is the database's: the guard accepts that query.
  const byGuard = ATTACKS.filter((a) => !a.attack.includes("statement_timeout"));

  it.each(byGuard)("$attack → $expected", async ({ sql, expected }) => {
    expect(await refusal(guardSql(sql, tables, { parameters: false }))).toBe(expected === "refused" ? "DATA_QUERY_REFUSED" : "accepted");
  });

  it("accepts every demo metric (with $n parameters), and free-form SQL may not use parameters", async () => {
    for (const m of source.metrics) expect(await refusal(guardSql(m.sql, tables, { parameters: true })), m.id).toBe("accepted");
    expect(await refusal(guardSql("SELECT item FROM stock WHERE category = $1", tables, { parameters: false }))).toBe("DATA_QUERY_REFUSED");
  });

  it("reports the patient count column and keeps the statement as written, without its semicolon", async () => {
    const g = await guardSql("SELECT age_band, count(DISTINCT patient_key) AS n FROM rounds_patients GROUP BY age_band; -- trailing", tables, { parameters: false });
    expect(g.patientsColumn).toBe("n");
    expect(g.statement).toBe("SELECT age_band, count(DISTINCT patient_key) AS n FROM rounds_patients GROUP BY age_band");
    expect((await guardSql("SELECT item FROM stock", tables, { parameters: false })).patientsColumn).toBeUndefined();
  });

  it("reports the highest $n, and the statement that lists each row's patient keys instead of counting them", async () => {
    const metric = await guardSql("SELECT age_band, count(DISTINCT p.patient_key) AS patients FROM rounds_patients p WHERE age_band <> $2 AND sex = $1 GROUP BY age_band", tables, { parameters: true });
    expect(metric.parameterCount).toBe(2);
    expect(metric.patientsColumn).toBe("patients");
    expect(metric.patientKeysStatement).toBe("SELECT age_band, array_remove(array_agg(DISTINCT \"p\".\"patient_key\"), NULL) AS patients FROM rounds_patients p WHERE age_band <> $2 AND sex = $1 GROUP BY age_band");
    const plain = await guardSql("SELECT item FROM stock", tables, { parameters: false });
    expect(plain.parameterCount).toBe(0);
    expect(plain.patientKeysStatement).toBeUndefined();
  });
});
