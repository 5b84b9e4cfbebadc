/**
 * `@rounds/bot/testing`: what another package's tests need to run the real app
 * (the admin page's browser test, for one). Reached by this name only, never by
 * a relative path across packages (the dependency rules in .dependency-cruiser.cjs).
 */
export type { RoundsApp } from "../../src/app/create-app.ts";
export { localOperator } from "../../src/cli/local-operator.ts";
export { waitForJobs } from "../../src/cli/wait-for-jobs.ts";
export { ensureWorkspace } from "../../src/cli/workspace.ts";
export { appTargets, cleanupTargets, startApp, type AppTarget } from "./test-app.ts";
