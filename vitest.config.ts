import { defineConfig } from "vitest/config";

// One test run for the whole workspace. Slow suites (real services, the
// browser) are named `*.service.test.ts` and `*.browser.test.ts`; CI always
// runs them, and outside CI a suite whose service is missing says which
// variable to set (serviceFromEnv in @rounds/core/testing).
export default defineConfig({
  test: {
    include: ["{core,drizzle,bot,admin-web,plugins/*,bench}/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
