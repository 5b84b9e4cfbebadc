// Kept for suites that import it from here; the helpers live in src/testing.ts.
export { databaseTargets, freshDatabase, type DatabaseTarget } from "../src/testing.ts";
