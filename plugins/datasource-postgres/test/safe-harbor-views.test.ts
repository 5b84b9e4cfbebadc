// The Safe Harbor check of the generated views, without a database (runs on every tier).
import { catalogTables } from "@rounds/core";
import { describe, expect, it } from "vitest";
import { accessSetupSql } from "../src/access-setup-sql.ts";
import { demoSource } from "../src/testing/index.ts";

const source = demoSource({ organizationId: "0000000a-0000-4000-8000-00000000000a", url: "unused", tenantId: "clinic-a" });
const tables = catalogTables(source);

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
