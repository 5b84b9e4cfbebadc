// The server topology run natively, as docker-compose.yml runs it: PostgreSQL,
// Redis and an S3 server; `rounds migrate`, one API process
// (`rounds serve --no-worker`) and two worker processes (`rounds worker`),
// all real CLI processes configured by one config file. 200 documents are
// uploaded through the HTTP API; one worker is killed (SIGKILL) mid-run and
// a replacement started; every document ends approved and indexed exactly
// once, and the API answers from them.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createApiKey, loadConfig, silentLogger } from "@rounds/core";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createApp, type RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";

afterAll(cleanupTargets);
const root = resolve(import.meta.dirname, "../..");
const server = appTargets().find((t) => t.name === "server");
if (!server && process.env.CI === "true") throw new Error("CI=true needs PostgreSQL, Redis and S3 for the topology test.");

const DOCS = 200;
const topics = ["dosing", "monitoring", "consent", "integration", "nausea", "blood pressure", "esketamine", "preparation", "interactions", "measurement"];
const doc = (i: number) => `# Protocol note ${i}\n\n${Array.from({ length: 4 }, (_, p) => `Ketamine ${topics[(i + p) % topics.length]} guidance ${i}-${p}: clinicians review dose, dissociation and vital signs during infusion sessions, and record the note code K${i}X${p}.`).join("\n\n")}`;

describe.skipIf(!server)("API + two workers as separate processes (server tier)", () => {
  const children: ChildProcess[] = [];
  let watcher: RoundsApp | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await watcher?.close();
  });

  const cli = (configFile: string, args: string[]) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bot/src/cli/main.ts", "--config", configFile, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const waitFor = (pattern: RegExp, ms = 60_000) => new Promise<RegExpMatchArray>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`timed out waiting for ${pattern}: ${output.slice(-500)}`)), ms);
      const check = () => {
        const m = pattern.exec(output);
        if (m) {
          clearTimeout(timer);
          ok(m);
        }
      };
      child.stdout!.on("data", check);
      child.once("exit", (code) => {
        if (!pattern.exec(output)) {
          clearTimeout(timer);
          fail(new Error(`exited (${code}) before ${pattern}: ${output.slice(-500)}`));
        }
      });
      check();
    });
    return { child, waitFor, exited: new Promise<number | null>((ok) => child.once("exit", (code) => ok(code))) };
  };

  it("200 documents through the API, a worker killed mid-run: every document indexed exactly once", async () => {
    const base = await server!.environment();
    // A lease short enough that a killed worker's jobs come back within seconds, long enough for a busy CI machine.
    const env = { ...base, queue: { ...(base.queue as object), leaseMs: 8000, concurrency: 2 }, api: { port: 0, host: "127.0.0.1" }, log: { level: "warn" } };
    const configFile = join(mkdtempSync(join(tmpdir(), "rounds-topology-")), "rounds.config.json");
    writeFileSync(configFile, JSON.stringify(env));

    const migrate = cli(configFile, ["migrate"]);
    expect(await migrate.exited).toBe(0);

    // The operator's set-up: organisation, project (auto-approve), an API key.
    watcher = await createApp(loadConfig({ env: {}, cwd: root, overrides: { ...env, log: { level: "silent" } } as never }), { migrate: false, logger: silentLogger() });
    const ws = await ensureWorkspace(watcher, { org: "topology", project: "kat" });
    await watcher.store.tenancy.updateProjectPolicy(ws.organization.id, ws.project.id, { autoApproveAbove: 0 });
    const admin = await localOperator(watcher, ws.organization.id);
    const key = (await createApiKey(watcher, admin, { organizationId: ws.organization.id, role: "admin", name: "topology", userId: admin.userId })).key;
    const scope = { organizationId: ws.organization.id, projectId: ws.project.id };

    const api = cli(configFile, ["serve", "--no-worker"]);
    const url = (await api.waitFor(/listening on (http:\/\/[\d.]+:\d+)/))[1]!;
    const workers = [cli(configFile, ["worker"]), cli(configFile, ["worker"])];
    await Promise.all(workers.map((w) => w.waitFor(/Worker started \(bullmq queue\)/)));

    const started = Date.now();
    for (let i = 0; i < DOCS; i++) {
      const response = await fetch(`${url}/v1/projects/${ws.project.id}/documents?fileName=note-${i}.md`, {
        method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/octet-stream" }, body: doc(i),
      });
      expect(response.status).toBe(202);
    }
    const indexedCount = async () => (await watcher!.store.knowledge.listDocuments(scope, { limit: 500 })).filter((d) => d.indexState === "indexed").length;

    // Kill one worker once some documents are done, and start a replacement.
    while ((await indexedCount()) < 40 && Date.now() - started < 120_000) await new Promise((r) => setTimeout(r, 100));
    workers[0]!.child.kill("SIGKILL");
    await workers[0]!.exited;
    const killedAt = await indexedCount();
    expect(killedAt).toBeLessThan(DOCS);
    const replacement = cli(configFile, ["worker"]);
    await replacement.waitFor(/Worker started/);

    while ((await indexedCount()) < DOCS && Date.now() - started < 240_000) await new Promise((r) => setTimeout(r, 250));
    const docs = await watcher.store.knowledge.listDocuments(scope, { limit: 500 });
    expect(docs).toHaveLength(DOCS);
    expect(docs.filter((d) => d.status !== "approved" || d.indexState !== "indexed").map((d) => `${d.fileName}:${d.status}/${d.indexState}`)).toEqual([]);

    let chunkTotal = 0;
    for (const d of docs) {
      const chunks = await watcher.store.knowledge.listChunks(scope, d.id);
      expect(chunks.length).toBeGreaterThan(0);
      expect(new Set(chunks.map((c) => c.position)).size).toBe(chunks.length);
      chunkTotal += chunks.length;
    }
    const count = async (q: ReturnType<typeof sql>) => {
      const r = await watcher!.database.db.execute(q);
      return Number(((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows)[0] as { n: number | string }).n);
    };
    expect(await count(sql`select count(*) as n from chunks where project_id = ${scope.projectId}::uuid`)).toBe(chunkTotal);
    expect(await count(sql`select count(*) as n from embeddings e join chunks c on c.id = e.chunk_id where c.project_id = ${scope.projectId}::uuid`)).toBe(chunkTotal);
    expect(await count(sql`select df as n from term_stats where project_id = ${scope.projectId}::uuid and term = ''`)).toBe(chunkTotal);

    // The API process answers from what the workers indexed.
    const ask = await fetch(`${url}/v1/ask`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ projectId: ws.project.id, question: "What is note code K137X2 about?" }) });
    expect(ask.status).toBe(200);
    const answer = await ask.json() as { kind: string; sources: Array<{ title: string }> };
    expect(answer.sources.map((s) => s.title)).toContain("Protocol note 137");

    // Every process stops cleanly on SIGTERM.
    for (const p of [api, workers[1]!, replacement]) p.child.kill("SIGTERM");
    expect(await Promise.all([api.exited, workers[1]!.exited, replacement.exited])).toEqual([0, 0, 0]);
  }, 300_000);
});
