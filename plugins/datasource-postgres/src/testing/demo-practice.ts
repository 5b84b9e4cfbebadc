/** The demo practice (shared by every SQL data source: `@rounds/core/testing`) with a PostgreSQL connection. */
import { demoPractice } from "@rounds/core/testing";
import type { SourceSettings } from "../source-settings.ts";

export { DEMO_SCHEMA_SQL, DEMO_TENANTS, demoSeedSql, type DemoTenant } from "@rounds/core/testing";

/** The allow list and metric catalogue of the demo practice, for one organisation, read through `url`. */
export function demoSource(input: { organizationId: string; url: string; tenantId: string; k?: number }): SourceSettings {
  return { ...demoPractice(input), url: input.url };
}
