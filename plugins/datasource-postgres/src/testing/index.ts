/** Test helpers: the demo practice (schema, seed for two tenants, allow list, metrics) on a real PostgreSQL. */
export { DEMO_SCHEMA_SQL, DEMO_TENANTS, demoSeedSql, demoSource, type DemoTenant } from "./demo-practice.ts";
export { createDemoDatabase, type DemoDatabase } from "./demo-database.ts";
/** The hostile SQL every SQL data source is tested against (one list for PostgreSQL and PGlite). */
export { ATTACKS } from "@rounds/core/testing";
