import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A folder that lives for one `vitest run`, shared by its worker processes:
 * the migrated PGlite template of `@rounds/db/testing` is made there once.
 * vitest.config.ts makes it when the run starts (`runFolder`) and hands it to
 * the workers as ROUNDS_TEST_RUN_FOLDER; this global setup removes it when the
 * run ends.
 */
export function runFolder(): string {
  return (process.env.ROUNDS_TEST_RUN_FOLDER ??= mkdtempSync(join(tmpdir(), "rounds-test-run-")));
}

export default function setup(): () => void {
  const folder = runFolder();
  return () => rmSync(folder, { recursive: true, force: true });
}
