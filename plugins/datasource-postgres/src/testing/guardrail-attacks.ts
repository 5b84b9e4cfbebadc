/** The hostile SQL every SQL data source is tested against lives in `@rounds/core/testing` (one list for PostgreSQL and PGlite). */
export { ATTACKS } from "@rounds/core/testing";
