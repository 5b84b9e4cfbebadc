import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RoundsError } from "../../errors/index.ts";
import type { DataSource } from "../../ports/index.ts";

export interface DataSourceFixture {
  source: DataSource;
  /** An organisation the source serves, with at least one metric. */
  organizationId: string;
  close?: () => Promise<void>;
}

const code = (e: unknown) => (e instanceof RoundsError ? e.code : String(e));

/** Every DataSource: serves only its organisations, runs its metrics, refuses anything but one SELECT. */
export function describeDataSourceConformance(name: string, create: () => Promise<DataSourceFixture>): void {
  describe(`DataSource conformance: ${name}`, () => {
    let fx: DataSourceFixture;
    beforeAll(async () => { fx = await create(); }, 60_000);
    afterAll(async () => fx?.close?.());

    it("describes its allow list and metrics to the organisations it serves, and to no other", async () => {
      const catalog = await fx.source.catalog(fx.organizationId);
      expect(catalog?.tables.length).toBeGreaterThan(0);
      expect(catalog?.metrics.length).toBeGreaterThan(0);
      expect(catalog!.k).toBeGreaterThanOrEqual(1);
      expect(await fx.source.catalog("ffffffff-ffff-4fff-8fff-ffffffffffff")).toBeUndefined();
      await expect(fx.source.runSql("ffffffff-ffff-4fff-8fff-ffffffffffff", "SELECT 1")).rejects.toSatisfy((e) => code(e) === "NOT_FOUND");
    });

    it("runs every metric with its defaults: a rectangular result and the SQL that ran", async () => {
      const catalog = (await fx.source.catalog(fx.organizationId))!;
      for (const metric of catalog.metrics) {
        await fx.source.checkMetric(fx.organizationId, metric);
        const r = await fx.source.runMetric(fx.organizationId, metric, {});
        expect(r.sql.length).toBeGreaterThan(0);
        expect(r.columns.length).toBeGreaterThan(0);
        for (const row of r.rows) expect(row.length).toBe(r.columns.length);
        expect(r.suppressedRows).toBeGreaterThanOrEqual(0);
      }
      // A metric whose SQL writes is refused by the check and by the run, whoever defined it; another organisation is not served.
      const table = catalog.tables[0]!.name;
      const hostile = { ...catalog.metrics[0]!, sql: `DELETE FROM ${table}` };
      await expect(fx.source.checkMetric(fx.organizationId, hostile)).rejects.toSatisfy((e) => code(e) === "DATA_QUERY_REFUSED");
      await expect(fx.source.runMetric(fx.organizationId, hostile, {})).rejects.toSatisfy((e) => code(e) === "DATA_QUERY_REFUSED");
      await expect(fx.source.runMetric("ffffffff-ffff-4fff-8fff-ffffffffffff", catalog.metrics[0]!, {})).rejects.toSatisfy((e) => code(e) === "NOT_FOUND");
    });

    it("refuses writes, DDL and more than one statement", async () => {
      const table = (await fx.source.catalog(fx.organizationId))!.tables[0]!.name;
      for (const sql of [`DROP TABLE ${table}`, `DELETE FROM ${table}`, `SELECT 1; DELETE FROM ${table}`]) {
        await expect(fx.source.runSql(fx.organizationId, sql)).rejects.toSatisfy((e) => code(e) === "DATA_QUERY_REFUSED");
      }
    });
  });
}
