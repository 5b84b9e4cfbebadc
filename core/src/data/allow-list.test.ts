// Narrowing the allow list without DDL, without a database: the catalogue as
// users and the model see it, and the SQL guard over it. Each data source's
// suite and the bot's service suite run the same against a real database.
import { describe, expect, it } from "vitest";
import { RoundsError } from "../errors/index.ts";
import type { DataCatalog } from "../ports/index.ts";
import { demoPractice } from "../testing/index.ts";
import { allowListEntries, narrowCatalog, type HiddenItems } from "./allow-list.ts";
import { catalogTables } from "./practice-catalog.ts";
import { guardSql } from "./sql-guard.ts";
import { sqlPrompt } from "./sql-prompt.ts";

const source = demoPractice({ organizationId: "0000000a-0000-4000-8000-00000000000a", tenantId: "clinic-a" });
const granted: DataCatalog = { sourceId: "demo", title: "Demo", tables: catalogTables(source), relations: source.relations, metrics: source.metrics, k: 10 };
const hidden: HiddenItems = {
  relations: new Set(["rounds_appointments"]),
  columns: new Map([["stock", new Set(["unit"])], ["rounds_treatments", new Set(["dose_mg"])]]),
};
const narrowed = narrowCatalog(granted, hidden);
const guard = (sql: string, parameters = false) => guardSql(sql, narrowed.tables, { parameters, hidden: hidden.columns })
  .then(() => "accepted", (e: unknown) => (e instanceof RoundsError ? `${e.code}: ${e.message}` : String(e)));

describe("narrowing the allow list", () => {
  it("drops hidden relations and columns from the catalogue, the relations that name them, and the model's prompt", () => {
    expect(narrowed.tables.map((t) => t.name)).toEqual(["rounds_treatments", "stock", "sales", "rounds_patients"]);
    expect(narrowed.tables.find((t) => t.name === "stock")!.columns.map((c) => c.name)).toEqual(["item", "category", "on_hand", "reorder_level"]);
    expect(narrowed.tables.find((t) => t.name === "rounds_treatments")!.columns.map((c) => c.name)).not.toContain("dose_mg");
    expect(narrowed.relations.map((r) => r.from)).toEqual(["rounds_treatments.patient_key"]);
    const prompt = JSON.stringify(sqlPrompt(narrowed, "How many items?"));
    expect(prompt).not.toMatch(/rounds_appointments|dose_mg|\bunit\b/);
    expect(prompt).toContain("reorder_level");
    // The granted list still knows every item, marked.
    const entries = allowListEntries(granted, hidden);
    expect(entries.find((t) => t.name === "rounds_appointments")!.hidden).toBe(true);
    expect(entries.find((t) => t.name === "stock")!.columns.filter((c) => c.hidden).map((c) => c.name)).toEqual(["unit"]);
    expect(entries.find((t) => t.name === "rounds_treatments")!.columns.find((c) => c.name === "patient_key")!.fixed).toBe(true);
    // Nothing hidden: the same catalogue object.
    expect(narrowCatalog(granted, { relations: new Set(), columns: new Map() })).toBe(granted);
  });

  it("the guard refuses a hidden relation or column exactly like one never allow-listed", async () => {
    const notListed = await guardSql("SELECT tenant_id FROM stock", granted.tables, { parameters: false }).then(() => "accepted", (e: RoundsError) => e.message);
    expect(await guard("SELECT unit FROM stock")).toBe(`DATA_QUERY_REFUSED: ${notListed.replace("tenant_id", "unit")}`);
    expect(await guard("SELECT status, count(DISTINCT patient_key) AS patients FROM rounds_appointments GROUP BY status")).toBe("DATA_QUERY_REFUSED: Query refused: relation rounds_appointments is not in the allow list.");
    expect(await guard("SELECT item, on_hand FROM stock WHERE category = 'frame'")).toBe("accepted");
    expect(await guard("SELECT count(*) AS treatments, count(DISTINCT patient_key) AS patients FROM rounds_treatments WHERE treatment = 'eye exam'")).toBe("accepted");
  });

  it.each([
    ["an alias of its own name", "SELECT unit AS unit FROM stock"],
    ["an alias in ORDER BY", "SELECT item FROM stock ORDER BY unit"],
    ["a qualified name", "SELECT s.unit FROM stock s"],
    ["*", "SELECT * FROM stock"],
    ["t.*", "SELECT s.* FROM stock s"],
    ["* in a subquery renamed by an alias list", "SELECT x FROM (SELECT * FROM stock) AS q(a, b, c, d, x)"],
    ["a column alias list on the relation (positional renaming)", "SELECT f FROM stock AS s(a, b, c, d, f)"],
    ["a NATURAL join with a made-up value", "SELECT item FROM stock NATURAL JOIN (SELECT 'boxes' AS u) AS x"],
    ["USING the hidden name", "SELECT s.item FROM stock s JOIN stock t USING (unit)"],
    ["a hidden column of a patient view in a filter", "SELECT count(*) AS n, count(DISTINCT patient_key) AS patients FROM rounds_treatments WHERE dose_mg > 30"],
    ["a hidden column of a patient view through a CTE", "WITH t AS (SELECT dose_mg AS d, patient_key FROM rounds_treatments) SELECT count(DISTINCT patient_key) AS patients FROM t WHERE d > 30"],
  ])("reaching a hidden column by %s is refused (and accepted over the full allow list)", async (_how, sql) => {
    expect(await guard(sql)).toMatch(/^DATA_QUERY_REFUSED: /);
    expect(await guardSql(sql, granted.tables, { parameters: false }).then(() => "accepted", (e: RoundsError) => e.message)).toBe("accepted");
  });

  it.each(["SELECT s AS s FROM stock s", "SELECT stock AS stock FROM stock", "WITH w AS (SELECT item FROM stock) SELECT w FROM w"])(
    "a whole-row reference is refused even with nothing hidden (it would read every column of the relation): %s",
    async (sql) => {
      expect(await guardSql(sql, granted.tables, { parameters: false }).then(() => "accepted", (e: RoundsError) => e.message)).toMatch(/names a whole row/);
    },
  );
});
