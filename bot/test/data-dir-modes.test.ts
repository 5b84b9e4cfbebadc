// Issue #15, finding 6: the embedded tier's data folder (PGlite database and
// its write-ahead log, local blobs, the server secret) is readable by the
// server's user alone, whatever umask the process started with. The process
// here starts with umask 000, which made every file 0666 before. A folder an
// older version left open is closed on start. (The server tier keeps its data
// in PostgreSQL and S3, so this is about the embedded tier's folder.)
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiKey, runCommand } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";

/** Every entry under `root` whose permission bits are not `0700` (folders) or `0600` (files). */
function openEntries(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return;
    const mode = info.mode & 0o777;
    if (info.isDirectory()) {
      if (mode !== 0o700) out.push(`${path} ${mode.toString(8)}`);
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if (mode !== 0o600) {
      out.push(`${path} ${mode.toString(8)}`);
    }
  };
  walk(root);
  return out;
}

describe("the embedded data folder", () => {
  let originalUmask = 0o022;
  const parent = mkdtempSync(join(tmpdir(), "rounds-modes-"));
  let app: RoundsApp | undefined;

  beforeAll(() => {
    originalUmask = process.umask(0);
  });
  afterAll(async () => {
    await app?.close();
    await cleanupTargets();
    process.umask(originalUmask);
    rmSync(parent, { recursive: true, force: true });
  });

  it("is 0700 with 0600 files after ingest and questions, though the process started with umask 000", async () => {
    const dataDir = join(parent, "fresh");
    app = await startApp({ tier: "embedded", dataDir });
    const ws = await ensureWorkspace(app, { org: "modes", project: "kat" });
    const operator = await localOperator(app, ws.organization.id);
    await createApiKey(app, undefined, { organizationId: ws.organization.id, role: "admin", name: "makes the server secret" });
    const source = join(parent, "guide.md");
    writeFileSync(source, "# Ketamine observation\n\nPatients are observed for at least two hours after each ketamine dose, with blood pressure checks.\n");
    const ingest = await runCommand(app, "ingest", { actor: operator, origin: "cli", projectId: ws.project.id, args: source, visibility: "private" });
    const [doc] = ingest.data as Array<{ documentId: string }>;
    await waitForJobs(app);
    await runCommand(app, "docs", { actor: operator, origin: "cli", projectId: ws.project.id, args: `approve ${doc!.documentId}`, visibility: "private" });
    await waitForJobs(app);
    await runCommand(app, "ask", { actor: operator, origin: "cli", projectId: ws.project.id, args: "How long are patients observed after a ketamine dose?", visibility: "private" });
    await app.close();
    app = undefined;
    // The database, its WAL, the blobs and the secret all exist, and none is open to others.
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(["blobs", "db", "secret"]));
    expect(readdirSync(join(dataDir, "db", "pg_wal")).length).toBeGreaterThan(0);
    expect(openEntries(dataDir)).toEqual([]);
  }, 120_000);

  it("closes a folder an older version left world-writable", async () => {
    const dataDir = join(parent, "old");
    mkdirSync(join(dataDir, "blobs", "objects"), { recursive: true });
    writeFileSync(join(dataDir, "blobs", "objects", "leftover"), "old bytes");
    chmodSync(join(dataDir, "blobs", "objects", "leftover"), 0o666);
    for (const d of [dataDir, join(dataDir, "blobs"), join(dataDir, "blobs", "objects")]) chmodSync(d, 0o777);
    app = await startApp({ tier: "embedded", dataDir });
    await app.close();
    app = undefined;
    expect(openEntries(dataDir)).toEqual([]);
  }, 120_000);
});
