import type { JobStore, StoredJob } from "@rounds/core";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { RoundsDb } from "../client.ts";
import { jobs } from "../schema/index.ts";
import { rowsOf } from "./rows.ts";


function toStored(r: typeof jobs.$inferSelect): StoredJob {
  return {
    id: r.id, queue: r.queue, name: r.name, version: r.version, payload: r.payload, state: r.state, attempts: r.attempts,
    maxAttempts: r.maxAttempts, backoffMs: r.backoffMs, progress: r.progress, result: r.result, error: r.error,
  };
}

/** The database queue's storage: claims with FOR UPDATE SKIP LOCKED and leases. */
export function createJobStore(db: RoundsDb): JobStore {
  return {
    async insert(job) {
      const inserted = await db.insert(jobs).values({
        queue: job.queue, name: job.name, version: job.version, payload: job.payload, idempotencyKey: job.idempotencyKey ?? null,
        maxAttempts: job.maxAttempts, backoffMs: job.backoffMs, runAt: job.runAt,
      }).onConflictDoNothing().returning({ id: jobs.id });
      if (inserted[0]) return { id: inserted[0].id, created: true };
      const [existing] = await db.select({ id: jobs.id }).from(jobs)
        .where(and(eq(jobs.queue, job.queue), eq(jobs.idempotencyKey, job.idempotencyKey ?? "")));
      return { id: existing!.id, created: false };
    },

    async claim(queue, workerId, leaseMs, now) {
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const at = now.toISOString();
      const [row] = rowsOf<{ id: string }>(await db.execute(sql`
        update ${jobs} set state = 'active', attempts = attempts + 1, locked_by = ${workerId},
          locked_until = ${until}::timestamptz, updated_at = now()
        where id = (
          select id from ${jobs}
          where queue = ${queue}
            and ((state = 'waiting' and run_at <= ${at}::timestamptz)
              or (state = 'active' and locked_until < ${at}::timestamptz))
          order by run_at, created_at
          for update skip locked
          limit 1)
        returning id`));
      if (!row) return undefined;
      const [job] = await db.select().from(jobs).where(eq(jobs.id, row.id));
      return job ? toStored(job) : undefined;
    },

    async heartbeat(id, workerId, until) {
      const r = await db.update(jobs).set({ lockedUntil: until }).where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.state, "active"))).returning({ id: jobs.id });
      return r.length === 1;
    },

    async complete(id, workerId, result) {
      await db.update(jobs).set({ state: "completed", result, lockedBy: null, lockedUntil: null, finishedAt: new Date(), updatedAt: new Date(), error: null })
        .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)));
    },

    async fail(id, workerId, error, retryAt) {
      await db.update(jobs).set(retryAt
        ? { state: "waiting", runAt: retryAt, error, lockedBy: null, lockedUntil: null, updatedAt: new Date() }
        : { state: "failed", error, lockedBy: null, lockedUntil: null, finishedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)));
    },

    async release(id, workerId) {
      // Returned, not failed: the attempt does not count.
      await db.update(jobs).set({ state: "waiting", attempts: sql`greatest(${jobs.attempts} - 1, 0)`, lockedBy: null, lockedUntil: null, updatedAt: new Date() })
        .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)));
    },

    async setProgress(id, progress) {
      await db.update(jobs).set({ progress, updatedAt: new Date() }).where(eq(jobs.id, id));
    },

    async get(id) {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
      return row ? toStored(row) : undefined;
    },

    async counts(queue) {
      const r = await db.select({ name: jobs.name, n: sql<number>`count(*)::int` }).from(jobs)
        .where(and(eq(jobs.queue, queue), inArray(jobs.state, ["waiting", "active"]))).groupBy(jobs.name);
      return Object.fromEntries(r.map((x) => [x.name, Number(x.n)]));
    },
  };
}
