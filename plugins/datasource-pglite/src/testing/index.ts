/** Test helpers: the demo practice (shared with the PostgreSQL source, `@rounds/core/testing`) in a PGlite folder. */
export { createDemoFolder, demoSource, type DemoFolder } from "./demo-folder.ts";
