// `rounds serve --no-worker` and the embedded tier, with real CLI processes.
// An embedded data folder has one process at a time (its lock), so a server
// without a worker would leave every job to no one: `serve --no-worker` on it
// is refused before the folder is opened. And a CLI command routed through a
// server that works no queue (started without a worker by a program, or
// shutting down) never waits for ever: it exits non-zero saying the documents
// are queued and how to get them processed, and the document is kept.
// Embedded tier only by construction: PostgreSQL takes no folder lock, and
// there `rounds worker` processes work the queue beside the API.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migratedPgliteCopy } from "@rounds/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app/create-app.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { startServer } from "../src/server/start-server.ts";
import { startCli } from "./support/cli-process.ts";
import { operatorVariables } from "./support/operator-env.ts";

const folders: string[] = [];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});
const folder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
/** A data folder holding a copy of the run's migrated database: these cases are about serving, not creating a database. */
const dataFolder = async (prefix: string) => migratedPgliteCopy(folder(prefix));

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = startCli(args[0]!, args, env);
  const { code } = await p.exited();
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

describe("serve without a worker on the embedded tier", () => {
  it("`rounds serve --no-worker` on an embedded folder is refused, saying why and what to run, and leaves the folder free", async () => {
    const dataDir = await dataFolder("rounds-no-worker-");
    const env = { ...operatorVariables("embedded", { dataDir }), ROUNDS_LOG_LEVEL: "warn" };
    expect((await cli(env, "init", "--org", "clinic", "--project", "kb")).code).toBe(0);
    const serve = startCli("serve", ["serve", "--no-worker"], env);
    const ended = await Promise.race([serve.exited(), new Promise<"running">((r) => setTimeout(() => r("running"), 90_000))]);
    if (ended === "running") {
      serve.child.kill("SIGTERM");
      await serve.exited();
    }
    expect(ended).toEqual({ code: 2, signal: null });
    expect(serve.stderr()).toMatch(/^rounds: --no-worker needs a database other processes can open, and this one is embedded \(.+\): only the process that holds it can run its jobs/m);
    expect(serve.stderr()).toContain("Start `rounds serve` without --no-worker");
    expect(serve.stdout()).not.toMatch(/listening/);
    // Nothing holds the folder: the next command opens it itself.
    const list = await cli(env, "docs", "list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("no documents yet");
  }, 240_000);

  it("a CLI ingest routed through a server that works no queue exits non-zero at once, saying the document is queued; the document is kept", async () => {
    const dataDir = await dataFolder("rounds-no-worker-");
    const config = loadRoundsConfig({ env: {}, cwd: tmpdir(), overrides: { tier: "embedded", dataDir, log: { level: "silent" }, api: { host: "127.0.0.1", port: 0 } } as never });
    // A program that embeds the server without a worker (the CLI refuses --no-worker here; startServer takes it).
    const app = await createApp(config, { migrate: true, owner: "serve" });
    try {
      const ws = await ensureWorkspace(app, { org: "clinic", project: "kb" });
      const server = await startServer(app, { worker: false, channels: false });
      try {
        const file = join(folder("rounds-no-worker-files-"), "dosing-guide.md");
        writeFileSync(file, "# Dosing guide\n\nCheck blood pressure every 15 minutes during an infusion.\n");
        const env = { ...operatorVariables("embedded", { dataDir }), ROUNDS_LOG_LEVEL: "warn" };
        const started = Date.now();
        const ingest = startCli("ingest", ["ingest", file], env);
        const ended = await Promise.race([ingest.exited(), new Promise<"waiting">((r) => setTimeout(() => r("waiting"), 90_000))]);
        if (ended === "waiting") {
          ingest.child.kill("SIGTERM");
          await ingest.exited();
        }
        expect(ended, "the CLI was still waiting for a job no worker runs").not.toBe("waiting");
        expect(ended).toEqual({ code: 1, signal: null });
        expect(Date.now() - started).toBeLessThan(90_000);
        expect(ingest.stdout()).toMatch(/1 of 1 file\(s\) accepted for processing/);
        expect(ingest.stderr()).toContain(`rounds: 1 document(s) are queued, but the server at ${server.url} (pid ${process.pid}) runs no worker, so nothing will process them`);
        expect(ingest.stderr()).toContain("restart `rounds serve` without --no-worker");
        // Nothing lost: the document is there, waiting to be processed.
        const docs = await app.store.knowledge.listDocuments({ organizationId: ws.organization.id, projectId: ws.project.id }, {});
        expect(docs.map((d) => [d.fileName, d.status])).toEqual([["dosing-guide.md", "processing"]]);
      } finally {
        await server.close();
      }
    } finally {
      await app.close();
    }
  }, 240_000);
});
