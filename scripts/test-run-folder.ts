import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A folder that lives for one `vitest run`, shared by its worker processes:
 * the migrated PGlite template of `@rounds/db/testing` is made there once.
 * vitest.config.ts makes it when the run starts (`runFolder`) and hands it to
 * the workers as ROUNDS_TEST_RUN_FOLDER; this global setup makes the template
 * before any worker starts (so no suite's hook pays for it, and two workers do
 * not both make it), and removes the folder when the run ends.
 */
export function runFolder(): string {
  return (process.env.ROUNDS_TEST_RUN_FOLDER ??= mkdtempSync(join(tmpdir(), "rounds-test-run-")));
}

export default async function setup(): Promise<() => void> {
  const folder = runFolder();
  // The sources (not a built dist/ that may be older), as the tests import them.
  const { migratedTemplate } = await import("../drizzle/src/testing.ts");
  await migratedTemplate();
  return () => rmSync(folder, { recursive: true, force: true });
}
