import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { staleBuilds } from "../bot/bin/build-stamp.js";

const run = promisify(execFile);

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
 *
 * A run folder handed in that already holds the template (a run started by
 * another, bot/test/ci-no-skips.test.ts) is used as it is.
 *
 * When the run ends it also drops the PostgreSQL databases its suites made.
 *
 * It also brings the compiled build up to date (`npm run build`, only when a
 * package's dist/ is missing or older than its sources), at the same time as
 * the template: the suites that start the real `rounds` command run
 * bot/bin/rounds.js, as an operator does, and that refuses a stale build. No
 * suite builds by itself, so dist/ is not replaced under a running command.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const folder = process.env.TEST_RUN_FOLDER;
  if (!folder) throw new Error("TEST_RUN_FOLDER is not set: vitest.config.ts sets it for the run");
  const root = resolve(import.meta.dirname, "..");
  // The migrated template, and the archive of a new cluster that in-memory test databases start from (emptyClusterImage).
  const missing = [
    ...(existsSync(join(folder, "pglite-template", "db")) ? [] : ["migratedTemplate()"]),
    ...(existsSync(join(folder, "pglite-empty-cluster.tar")) ? [] : ["emptyClusterImageFile()"]),
  ];
  const template = missing.length ? fromSources(root, folder, missing) : undefined;
  const build = staleBuilds(root, ["admin-web"]).length > 0
    ? run(process.execPath, ["--import", "tsx", resolve(root, "scripts/build.ts")], { cwd: root, maxBuffer: 64 << 20 })
    : undefined;
  const outcomes = await Promise.allSettled([...(template ? [template] : []), ...(build ? [build] : [])]);
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") process.stdout.write(outcome.value.stdout);
  }
  const failed = outcomes.find((o) => o.status === "rejected");
  if (failed) {
    const error = failed.reason as Error & { stdout?: string; stderr?: string };
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`the test run's set-up failed: ${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
  return async () => {
    rmSync(folder, { recursive: true, force: true });
    // The PostgreSQL databases the run's suites made (drizzle/src/testing.ts, runDatabasePrefix). A run that cannot
    // reach PostgreSQL made none; a failure here fails the run, so leftovers do not pile up unseen.
    const url = process.env.TEST_DATABASE_URL;
    if (url) await fromSources(root, folder, [`dropRunDatabases(${JSON.stringify(url)})`]);
  };
}

/** Makes `@rounds/db/testing`'s `calls`, together, in a child Node process on the workspace's TypeScript sources, as the test workers run. */
function fromSources(root: string, folder: string, calls: string[]) {
  const script = `const testing = await import("@rounds/db/testing"); await Promise.all([${calls.map((c) => `testing.${c}`).join(", ")}]);`;
  return run(process.execPath, ["--conditions=rounds-source", "--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, TEST_RUN_FOLDER: folder },
    maxBuffer: 64 << 20,
  });
}
