import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** A cell as it crosses the worker boundary (structured clone). */
export type WorkerCell = string | number | boolean | bigint | Date | null | object;

export interface ReadReply {
  /** EXPLAIN's total cost of the statement. */
  cost: number;
  /** Set when the cost was above the limit: the statement did not run. */
  refusedForCost?: boolean;
  rows?: Array<Record<string, WorkerCell>>;
  fields?: Array<{ name: string; dataTypeID: number }>;
  /** The rows of `cohortSql` (each row's patient keys), read in the same transaction. */
  cohortRows?: Array<Record<string, WorkerCell>>;
}

/** A database error from inside the worker: SQLSTATE only (its message may quote data). */
export class WorkerSqlError extends Error {
  constructor(readonly code: string | undefined) {
    super(`PGlite failed${code ? ` (SQLSTATE ${code})` : ""}`);
  }
}

/** The worker ran past its time and was stopped. */
export class WorkerTimeout extends Error {}

// Plain JavaScript so it runs the same from sources (tsx, vitest) and from dist.
// One PGlite session; every request is one transaction, rolled back unless it is a setup.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { PGlite } = await import(workerData.pglite);
  const db = await PGlite.create(workerData.dataDir);
  const fail = (id, e) => parentPort.postMessage({ id, error: { code: typeof e?.code === "string" ? e.code : undefined } });
  parentPort.on("message", async (m) => {
    try {
      if (m.kind === "close") {
        await db.close();
        parentPort.postMessage({ id: m.id, ok: true });
        return;
      }
      if (m.kind === "setup") {
        await db.transaction(async (tx) => { for (const s of m.statements) await tx.exec(s); });
        parentPort.postMessage({ id: m.id, ok: true });
        return;
      }
      await db.exec("BEGIN READ ONLY");
      try {
        await db.exec("SET LOCAL ROLE " + m.role);
        if (m.tenant !== null) await db.query("SELECT set_config('rounds.tenant_id', $1, true)", [m.tenant]);
        const plan = await db.query("EXPLAIN (FORMAT JSON) " + m.sql, m.params);
        const cost = Number(plan.rows[0]?.["QUERY PLAN"]?.[0]?.Plan?.["Total Cost"]);
        if (!(cost <= m.costLimit)) { parentPort.postMessage({ id: m.id, reply: { cost, refusedForCost: true } }); return; }
        const r = await db.query(m.sql, m.params);
        const cohorts = m.cohortSql ? (await db.query(m.cohortSql, m.params)).rows : undefined;
        parentPort.postMessage({ id: m.id, reply: { cost, rows: r.rows, fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), cohortRows: cohorts } });
      } finally {
        await db.exec("ROLLBACK");
      }
    } catch (e) {
      fail(m.id, e);
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: String(e && e.message || e).slice(0, 200) }));
`;

type Message = { id?: number; ready?: true; fatal?: string; ok?: true; reply?: ReadReply; error?: { code?: string } };

/**
 * A PGlite database folder opened in a worker thread. PGlite runs in the
 * thread that calls it and its `statement_timeout` does not interrupt a
 * running statement, so a runaway query would block Rounds' own event loop:
 * here it blocks only the worker, which is terminated when the time limit
 * passes (the folder is reopened by the next request). Requests run one at a
 * time (one session).
 */
export class PgliteWorker {
  private worker?: Promise<Worker>;
  private queue: Promise<unknown> = Promise.resolve();
  private next = 1;

  constructor(private readonly dataDir: string) {}

  private open(): Promise<Worker> {
    this.worker ??= new Promise<Worker>((resolve, reject) => {
      const pglite = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
      const w = new Worker(WORKER, { eval: true, workerData: { dataDir: this.dataDir, pglite } });
      w.once("message", (m: Message) => {
        if (m.ready) resolve(w);
        else { void w.terminate(); reject(new WorkerSqlError(undefined)); }
      });
      w.once("error", (e) => reject(e));
    }).catch((e: unknown) => {
      this.worker = undefined;
      throw e;
    });
    return this.worker;
  }

  /** Runs statements in one transaction (the setup). */
  setup(statements: string[], timeoutMs: number): Promise<void> {
    return this.request({ kind: "setup", statements }, timeoutMs).then(() => undefined);
  }

  /**
   * One read-only transaction as `role`, with the tenant set (or not): EXPLAIN,
   * then the statement unless it costs more than `costLimit`, then `cohortSql`
   * (the differencing guard's patient keys) with the same parameters.
   */
  read(input: { role: string; tenant: string | null; sql: string; params: unknown[]; costLimit: number; cohortSql?: string }, timeoutMs: number): Promise<ReadReply> {
    return this.request({ kind: "read", ...input }, timeoutMs).then((m) => m.reply!);
  }

  private request(body: Record<string, unknown>, timeoutMs: number): Promise<Message> {
    const run = async (): Promise<Message> => {
      const worker = await this.open();
      const id = this.next++;
      return new Promise<Message>((resolve, reject) => {
        const timer = setTimeout(() => {
          worker.off("message", onMessage);
          this.worker = undefined;
          void worker.terminate();
          reject(new WorkerTimeout());
        }, timeoutMs);
        const onMessage = (m: Message) => {
          if (m.id !== id) return;
          clearTimeout(timer);
          worker.off("message", onMessage);
          if (m.error) reject(new WorkerSqlError(m.error.code));
          else resolve(m);
        };
        worker.on("message", onMessage);
        worker.postMessage({ id, ...body });
      });
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Closes the database cleanly (then the worker); a worker that does not answer within 10 s is terminated. */
  async close(): Promise<void> {
    if (this.worker === undefined) return;
    await this.request({ kind: "close" }, 10_000).catch(() => undefined);
    const w = this.worker as Promise<Worker> | undefined;
    this.worker = undefined;
    if (w !== undefined) await (await w.catch(() => undefined))?.terminate();
  }
}
