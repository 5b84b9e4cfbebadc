import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

/**
 * A folder that lives for one `vitest run`, shared by its worker processes:
 * the migrated PGlite template of `@rounds/db/testing` is made there once.
 * vitest.config.ts makes it when the run starts and hands it to the workers
 * as TEST_RUN_FOLDER; this global setup makes the template before any
 * worker starts (so no suite's hook pays for it, and two workers do not both
 * make it), and removes the folder when the run ends.
 *
 * The template is made in a child Node process that runs the workspace's
 * TypeScript sources (`rounds-source` condition), as the test workers do: the
 * global setup itself is loaded without that condition, and a fresh clone has
 * no built dist/ to fall back on.
 */
export default function setup(): () => void {
  const folder = process.env.TEST_RUN_FOLDER;
  if (!folder) throw new Error("TEST_RUN_FOLDER is not set: vitest.config.ts sets it for the run");
  const root = resolve(import.meta.dirname, "..");
  execFileSync(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "--input-type=module", "-e", 'await (await import("@rounds/db/testing")).migratedTemplate();'], {
    cwd: root,
    env: { ...process.env, TEST_RUN_FOLDER: folder },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return () => rmSync(folder, { recursive: true, force: true });
}
