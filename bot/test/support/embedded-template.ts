import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@rounds/db";
import { inject } from "vitest";

/**
 * A migrated embedded database folder, made once per `vitest run` and copied
 * into each embedded test app's data folder. Creating a PGlite folder runs
 * initdb, which with the migrations took 10–30 s per app (most of a small
 * suite's time); a copy takes a second or two. The template is made by the
 * same `openDatabase` + `migrate` an app runs, and the app still migrates its
 * copy on start (a no-op check), so the folder an app sees is the one a fresh
 * start would have made. Suites about creating a data folder (the CLI's init,
 * the data-folder lock) make their own and do not use this.
 *
 * The run's worker processes share it through the folder the global setup
 * provides (scripts/test-run-folder.ts): the first to need it builds it
 * aside and renames it into place; one that loses that race uses the winner's.
 */
let template: Promise<string> | undefined;

function migratedTemplate(): Promise<string> {
  return (template ??= (async () => {
    const runFolder = inject("roundsTestRunFolder") ?? mkdtempSync(join(tmpdir(), "rounds-test-run-"));
    const ready = join(runFolder, "embedded-template");
    if (existsSync(join(ready, "db"))) return ready;
    const building = mkdtempSync(join(runFolder, "embedded-building-"));
    const handle = await openDatabase({ dataDir: building, owner: "test-template" });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
    try {
      renameSync(building, ready);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
      rmSync(building, { recursive: true, force: true });
    }
    return ready;
  })());
}

/** Puts a migrated embedded database into `dataDir` (which must not hold one yet). */
export async function seedEmbeddedDatabase(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(await migratedTemplate(), "db"), join(dataDir, "db"), { recursive: true, errorOnExist: true, force: false });
}
