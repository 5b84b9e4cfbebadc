// The server topology run natively, the way an operator runs it: PostgreSQL,
// Redis, an S3 server (s3rver), one API process (`rounds serve --no-worker`)
// and two worker processes (`rounds worker`), all real CLI processes
// configured by environment variables and a config file. 200 documents go in
// through the HTTP API; one worker is SIGKILLed mid-run and replaced; every
// document ends indexed exactly once, the API answers from them, and a
// per-minute training schedule fires exactly once across the workers.
import { tmpdir } from "node:os";
import { silentLogger } from "@rounds/core";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app/create-app.ts";
import { runCli, startCli, type CliProcess } from "./support/cli-process.ts";
import { operatorEnvironment } from "./support/operator-env.ts";
import { appTargets, cleanupTargets } from "./support/test-app.ts";
import { loadRoundsConfig } from "../src/app/load-rounds-config.ts";

afterAll(cleanupTargets);

const DOCS = 200;
const topics = ["dosing", "monitoring", "consent", "integration", "nausea", "blood pressure", "esketamine", "preparation", "interactions", "measurement"];
const doc = (i: number) => `# Ketamine protocol note ${i}\n\n${Array.from({ length: 4 }, (_, p) => `Section ${p} on ketamine ${topics[(i + p) % topics.length]} for infusion sessions and patient monitoring, note ${i}-${p}. ${"Clinicians review dose, dissociation and vital signs during ketamine-assisted therapy. ".repeat(4)}`).join("\n\n")}`;

const server = appTargets().find((t) => t.name === "server");

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe.skipIf(!server)("native server topology: one API process, two workers", () => {
  const processes: CliProcess[] = [];
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(processes.map((p) => p.exited()));
  });

  it("indexes 200 documents exactly once with a worker killed mid-run, answers from them, and fires a schedule once", async () => {
    // A short lease so a killed worker's jobs come back within seconds (default 30 s).
    const env = await operatorEnvironment(server!, { queue: { leaseMs: 8000 } });
    await runCli(["migrate"], env);
    await runCli(["init", "--org", "topology", "--project", "kat"], env);
    const key = (await runCli(["api-key", "topology test"], env)).split("\n")[0]!.trim();
    expect(key).toMatch(/^rk_/);

    const api = startCli("api", ["serve", "--no-worker"], env);
    const workers = [startCli("worker-1", ["worker"], env), startCli("worker-2", ["worker"], env)];
    processes.push(api, ...workers);
    const url = (await api.waitFor(/listening on (http:\/\/\S+)/))[1]!;
    await Promise.all(workers.map((w) => w.waitFor(/Worker started \(bullmq queue\)/)));

    const call = async (method: string, path: string, body?: unknown, raw?: string) => {
      const res = await fetch(`${url}/v1${path}`, {
        method, headers: { authorization: `Bearer ${key}`, ...(raw !== undefined ? { "content-type": "application/octet-stream" } : body !== undefined ? { "content-type": "application/json" } : {}) },
        ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) as never : (undefined as never);
    };
    const projectId = ((await call("GET", "/projects")) as Array<{ id: string; slug: string }>).find((p) => p.slug === "kat")!.id;

    // Every minute; no trainer is configured, so each firing records "failed: no trainer", which is enough to count firings.
    const schedule = (await call("POST", "/commands/schedule", { projectId, args: "set \"* * * * *\"" })) as { data: { id: string; nextRunAt: string } };
    const firstRun = new Date(schedule.data.nextRunAt);

    const ids: string[] = [];
    for (let i = 0; i < DOCS; i++) ids.push(((await call("POST", `/projects/${projectId}/documents?fileName=note-${i}.md`, undefined, doc(i))) as { document: { id: string } }).document.id);
    expect(new Set(ids).size).toBe(DOCS);

    // Approve each document as it leaves processing, until enough are indexed to kill a worker mid-run.
    type Doc = { id: string; status: string; indexState: string };
    const approved = new Set<string>();
    const approvePending = async () => {
      const docs = (await call("GET", `/projects/${projectId}/documents?limit=500`)) as Doc[];
      for (const d of docs) {
        if ((d.status === "pending" || d.status === "irrelevant") && !approved.has(d.id)) {
          await call("POST", `/projects/${projectId}/documents/${d.id}/approve`);
          approved.add(d.id);
        }
      }
      return docs;
    };
    await until("50 documents indexed", async () => ((await approvePending()).filter((d) => d.indexState === "indexed").length >= 50 ? true : undefined), 120_000);
    workers[0]!.child.kill("SIGKILL");
    expect((await workers[0]!.exited()).signal).toBe("SIGKILL");
    const replacement = startCli("worker-3", ["worker"], env);
    processes.push(replacement);

    const final = await until("every document indexed", async () => {
      const docs = await approvePending();
      return docs.length === DOCS && docs.every((d) => d.status === "approved" && d.indexState === "indexed") ? docs : undefined;
    }, 150_000);
    expect(final.map((d) => d.id).sort()).toEqual([...ids].sort());

    // Exactly once, checked in the database the processes shared.
    const check = await createApp(loadRoundsConfig({ env, cwd: tmpdir(), overrides: { log: { level: "silent" } } }), { migrate: false, logger: silentLogger() });
    try {
      const rows = async (q: ReturnType<typeof sql>) => {
        const r = await check.database.db.execute(q);
        return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<Record<string, string | number>>;
      };
      const perDoc = await rows(sql`select d.id as id, count(distinct c.id) as chunks, count(distinct c.position) as positions, count(e.chunk_id) as vectors
        from documents d left join chunks c on c.document_id = d.id left join embeddings e on e.chunk_id = c.id
        where d.project_id = ${projectId}::uuid group by d.id`);
      expect(perDoc).toHaveLength(DOCS);
      for (const r of perDoc) {
        expect(Number(r.chunks)).toBeGreaterThan(0);
        expect(Number(r.positions)).toBe(Number(r.chunks));
        expect(Number(r.vectors)).toBe(Number(r.chunks));
      }
      const chunkTotal = perDoc.reduce((a, r) => a + Number(r.chunks), 0);
      expect(Number((await rows(sql`select df as n from term_stats where project_id = ${projectId}::uuid and term = ''`))[0]!.n)).toBe(chunkTotal);
    } finally {
      await check.close();
    }

    const answer = (await call("POST", "/ask", { projectId, question: "What do clinicians review during ketamine-assisted therapy?" })) as { kind: string; sources: Array<{ documentId: string }> };
    expect(answer.kind).not.toBe("refusal");
    expect(ids).toContain(answer.sources[0]!.documentId);

    // The schedule: wait until its first minute has been handled, then count firings in every worker's log.
    await until("the schedule to fire", async () => {
      const s = ((await call("POST", "/commands/schedule", { projectId, args: "list" })) as { data: Array<{ id: string; lastRunAt: string | null }> }).data.find((x) => x.id === schedule.data.id);
      return s?.lastRunAt ? s : undefined;
    }, Math.max(0, firstRun.getTime() - Date.now()) + 30_000);
    // Each firing is logged by the process that ran it, with the time: at most one per scheduled minute across all processes.
    const firings = [...workers, replacement].flatMap((w) => w.logRecords().filter((r) => r.msg === "schedule ran" && r.schedule === schedule.data.id).map((r) => ({ by: w.name, minute: new Date(r.time as number).toISOString().slice(0, 16) })));
    expect(firings.length).toBeGreaterThanOrEqual(1);
    expect(new Set(firings.map((f) => f.minute)).size).toBe(firings.length);

    // The API process took no jobs.
    expect(api.logRecords().some((r) => r.msg === "document indexed")).toBe(false);
    expect(workers[1]!.logRecords().some((r) => r.msg === "document indexed")).toBe(true);
  }, 300_000);
});
