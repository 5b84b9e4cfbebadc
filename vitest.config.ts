import { defineConfig } from "vitest/config";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// One test run for the whole workspace. Slow suites (real services, the
// browser) are named `*.service.test.ts` and `*.browser.test.ts`; CI always
// runs them, and outside CI a suite whose service is missing says which
// variable to set (serviceFromEnv in @rounds/core/testing).
// Tests run the TypeScript sources: the `rounds-source` export condition (see
// scripts/build.ts) for Vite's resolver and for Node's own, in the test
// processes and what they import natively.
export default defineConfig({
  ssr: { resolve: { conditions: ["rounds-source", "node", "development|production"] } },
  test: {
    execArgv: ["--conditions=rounds-source"],
    include: ["{core,drizzle,bot,admin-web,plugins/*,bench}/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    // Under CI nothing skips: a skipped or todo test fails the run (scripts/ci-no-skips-reporter.ts).
    reporters: ["default", "./scripts/ci-no-skips-reporter.ts"],
    // A folder shared by the run's workers (the migrated PGlite template of @rounds/db/testing), removed at the end.
    // Made here, not by importing scripts/test-run-folder.ts: the config is bundled by esbuild without the
    // `rounds-source` condition, so it must not reach the workspace packages' sources (a fresh clone has no dist/).
    env: { TEST_RUN_FOLDER: (process.env.TEST_RUN_FOLDER ??= mkdtempSync(join(tmpdir(), "rounds-test-run-"))) },
    globalSetup: ["./scripts/test-run-folder.ts"],
  },
});
