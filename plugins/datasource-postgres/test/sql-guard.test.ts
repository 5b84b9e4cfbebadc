// The guard and the Safe Harbor check without a database (these run on every
// tier; the service suite runs the same attacks against PostgreSQL).
import { RoundsError } from "@rounds/core";
import { describe, expect, it } from "vitest";
import { accessSetupSql } from "../src/access-setup-sql.ts";
import { catalogTables } from "../src/postgres-data-source.ts";
import { guardSql } from "../src/sql-guard.ts";
import { ATTACKS, demoSource } from "../src/testing/index.ts";

const source = demoSource({ organizationId: "0000000a-0000-4000-8000-00000000000a", url: "unused", tenantId: "clinic-a" });
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
});

describe("Safe Harbor check of the generated views", () => {
  it("refuses a kept patient column or a patient-linked column that is an identifier", () => {
    for (const name of ["email", "first_name", "zip", "home_phone", "mrn", "date_of_birth", "city"]) {
      const bad = { ...source, patients: { ...source.patients!, keepColumns: [{ name, type: "text", description: "" }] } };
      expect(() => accessSetupSql(bad, "rounds_reader"), name).toThrow(/Safe Harbor/);
      expect(() => catalogTables(bad), name).toThrow(/Safe Harbor/);
    }
    const linked = { ...source, tables: source.tables.map((t) => (t.patientColumn ? { ...t, columns: [...t.columns, { name: "street_address", type: "text", description: "" }] } : t)) };
    expect(() => accessSetupSql(linked, "rounds_reader")).toThrow(/geography finer than state/);
    expect(() => catalogTables(linked)).toThrow(/geography finer than state/);
  });

  it("the demo's own views pass, and the patients view exposes only key, age band, sex and state", () => {
    expect(() => accessSetupSql(source, "rounds_reader")).not.toThrow();
    expect(tables.find((t) => t.name === "rounds_patients")?.columns.map((c) => c.name)).toEqual(["patient_key", "age_band", "sex", "state"]);
  });
});
