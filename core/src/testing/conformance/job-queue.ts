import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RoundsError } from "../../errors/index.ts";
import { type AnyJobDefinition, defineJob } from "../../jobs/job-definition.ts";
import { UnrecoverableError } from "../../jobs/job-errors.ts";
import type { JobEvent, JobQueue } from "../../jobs/job-queue.ts";

/** Every JobQueue passes this suite: the embedded and the Redis tier behave the same. */
export function describeJobQueueConformance(name: string, create: () => Promise<JobQueue>): void {
  const calls = new Map<string, number>();
  const gaveUp = new Map<string, Array<{ attempts: number; reason: string }>>();
  const recordGiveUp = async (p: { key: string }, failure: { attempts: number; reason: string }) => {
    gaveUp.set(p.key, [...(gaveUp.get(p.key) ?? []), { attempts: failure.attempts, reason: failure.reason }]);
  };
  const bump = (k: string) => { const n = (calls.get(k) ?? 0) + 1; calls.set(k, n); return n; };
  const flaky = defineJob({
    name: "test.flaky", version: 1, payload: z.object({ key: z.string(), failTimes: z.number() }), attempts: 3, backoffMs: 20,
    handler: async () => async (p) => {
      if (bump(p.key) <= p.failTimes) throw new Error("transient fault");
      return { ok: p.key };
    },
    onGiveUp: recordGiveUp,
  });
  const bad = defineJob({
    name: "test.bad", version: 1, payload: z.object({ key: z.string(), kind: z.enum(["unrecoverable", "rounds4xx"]) }), attempts: 3, backoffMs: 20,
    handler: async () => async (p) => {
      bump(p.key);
      if (p.kind === "unrecoverable") throw new UnrecoverableError("the file is corrupt");
      throw new RoundsError("PARSE_FAILED", "The document is encrypted.");
    },
    onGiveUp: recordGiveUp,
  });
  const progress = defineJob({
    name: "test.progress", version: 1, payload: z.object({ steps: z.number() }),
    handler: async () => async (p, ctx) => {
      for (let i = 1; i <= p.steps; i++) await ctx.progress(i / p.steps);
      return "done";
    },
  });
  const slow = defineJob({
    name: "test.slow", version: 1, payload: z.object({ key: z.string(), ms: z.number() }),
    handler: async () => async (p) => {
      await new Promise((r) => setTimeout(r, p.ms));
      bump(p.key);
      return "finished";
    },
  });
  // Runs for a minute unless stopped, like a handler that checks its signal between batches.
  const endless = defineJob({
    name: "test.endless", version: 1, payload: z.object({ key: z.string() }),
    handler: async () => async (p, ctx) => {
      bump(p.key);
      for (let i = 0; i < 600 && !ctx.signal.aborted; i++) await new Promise((r) => setTimeout(r, 100));
      return ctx.signal.aborted ? "stopped" : "finished";
    },
  });
  const all: AnyJobDefinition[] = [flaky, bad, progress, slow, endless];
  const withQueue = async (fn: (q: JobQueue) => Promise<void>) => {
    const q = await create();
    for (const d of all) q.register(d);
    await q.startWorker({ concurrency: 2 });
    try {
      await fn(q);
    } finally {
      await q.close();
    }
  };
  const key = () => `${name}-${Math.random().toString(36).slice(2)}`;

  describe(`JobQueue conformance: ${name}`, () => {
    it("says whether this process works the queue: not before startWorker, yes after, not once closed", async () => {
      const q = await create();
      try {
        expect(q.working).toBe(false);
        await q.startWorker({ concurrency: 1 });
        expect(q.working).toBe(true);
      } finally {
        await q.close();
      }
      expect(q.working).toBe(false);
    });

    it("retries a thrown fault, then succeeds", () => withQueue(async (q) => {
      const k = key();
      const { id } = await q.enqueue(flaky, { key: k, failTimes: 2 });
      const r = await q.waitFor(id, 20_000);
      expect(r.state).toBe("completed");
      expect(r.result).toEqual({ ok: k });
      expect(calls.get(k)).toBe(3);
    }));

    it("fails for good after the last attempt", () => withQueue(async (q) => {
      const k = key();
      const { id } = await q.enqueue(flaky, { key: k, failTimes: 10 });
      const r = await q.waitFor(id, 20_000);
      expect(r.state).toBe("failed");
      expect(calls.get(k)).toBe(3);
    }));

    it("runs the give-up hook once, before the failure is visible, and never for a job that succeeded", () => withQueue(async (q) => {
      const [k1, k2, k3] = [key(), key(), key()];
      const exhausted = await q.enqueue(flaky, { key: k1, failTimes: 10 });
      const refused = await q.enqueue(bad, { key: k2, kind: "rounds4xx" as const });
      const recovered = await q.enqueue(flaky, { key: k3, failTimes: 1 });
      expect((await q.waitFor(exhausted.id, 20_000)).state).toBe("failed");
      expect(gaveUp.get(k1)).toEqual([{ attempts: 3, reason: "Error" }]);
      expect((await q.waitFor(refused.id, 20_000)).state).toBe("failed");
      expect(gaveUp.get(k2)).toEqual([{ attempts: 1, reason: expect.stringMatching(/encrypted/) }]);
      expect((await q.waitFor(recovered.id, 20_000)).state).toBe("completed");
      await new Promise((r) => setTimeout(r, 200));
      expect(gaveUp.get(k3)).toBeUndefined();
      expect(gaveUp.get(k1)).toHaveLength(1);
    }));

    it("does not retry UnrecoverableError or a 4xx RoundsError, and keeps the reason", () => withQueue(async (q) => {
      const k1 = key();
      const k2 = key();
      const a = await q.enqueue(bad, { key: k1, kind: "unrecoverable" as const });
      const b = await q.enqueue(bad, { key: k2, kind: "rounds4xx" as const });
      const ra = await q.waitFor(a.id, 20_000);
      const rb = await q.waitFor(b.id, 20_000);
      expect([ra.state, rb.state]).toEqual(["failed", "failed"]);
      expect(calls.get(k1)).toBe(1);
      expect(calls.get(k2)).toBe(1);
      expect(rb.error).toMatch(/encrypted/);
    }));

    it("reports progress events in order", () => withQueue(async (q) => {
      const seen: number[] = [];
      let jobId = "";
      const off = q.on((e: JobEvent) => { if (e.type === "progress" && e.jobId === jobId) seen.push(e.progress as number); });
      jobId = (await q.enqueue(progress, { steps: 4 })).id;
      expect((await q.waitFor(jobId, 20_000)).state).toBe("completed");
      await new Promise((r) => setTimeout(r, 200));
      off();
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(seen.at(-1)).toBe(1);
      expect([...seen].sort()).toEqual(seen);
    }));

    it("creates a job once per idempotency key", () => withQueue(async (q) => {
      const k = key();
      const a = await q.enqueue(slow, { key: k, ms: 10 }, { idempotencyKey: k });
      const b = await q.enqueue(slow, { key: k, ms: 10 }, { idempotencyKey: k });
      expect(b.id).toBe(a.id);
      await q.waitFor(a.id, 20_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(calls.get(k)).toBe(1);
    }));

    it("rejects an invalid payload at enqueue", () => withQueue(async (q) => {
      await expect(q.enqueue(slow, { key: 1 } as never)).rejects.toThrow(/Invalid payload for job test.slow/);
    }));

    it("close() lets the running job finish", async () => {
      const q = await create();
      for (const d of all) q.register(d);
      await q.startWorker({ concurrency: 1 });
      const k = key();
      const { id } = await q.enqueue(slow, { key: k, ms: 1500 });
      // Wait (generously: CI machines are busy) until the worker has taken the job, then close mid-run.
      for (let i = 0; i < 750 && (await q.get(id))?.state !== "active"; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await q.get(id))?.state).toBe("active");
      await q.close();
      expect(calls.get(k)).toBe(1);
      const again = await create();
      try {
        expect((await again.get(id))?.state).toBe("completed");
      } finally {
        await again.close();
      }
    });

    it("close() stops a job that outlasts the grace period and returns it to the queue, attempt unused, for the next worker", async () => {
      const q = await create();
      for (const d of all) q.register(d);
      await q.startWorker({ concurrency: 1 });
      const k = key();
      const { id } = await q.enqueue(endless, { key: k });
      for (let i = 0; i < 750 && (await q.get(id))?.state !== "active"; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await q.get(id))?.state).toBe("active");
      const started = Date.now();
      await q.close();
      // The factories give a grace period of a few seconds, far less than the job's minute.
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(calls.get(k)).toBe(1);
      const next = await create();
      try {
        expect(await next.get(id)).toMatchObject({ state: "waiting", attempts: 0 });
        for (const d of all) next.register(d);
        await next.startWorker({ concurrency: 1 });
        for (let i = 0; i < 750 && calls.get(k) !== 2; i++) await new Promise((r) => setTimeout(r, 20));
        expect(calls.get(k)).toBe(2);
      } finally {
        await next.close();
      }
    }, 60_000);
  });
}
