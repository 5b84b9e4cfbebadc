import { createRequire } from "node:module";
import type { Logger } from "../logging/logger.ts";
import type { Store } from "../store/store.ts";

/**
 * Counts hits in fixed windows, shared by every process of a deployment:
 * the database on the embedded tier, Redis on the server tier.
 */
export interface RateCounter {
  readonly backend: "database" | "redis";
  /** Adds one hit to `key` in the window starting at `windowStart`; returns the window's count. */
  hit(key: string, windowStart: Date, windowMs: number): Promise<number>;
  /** Adds one hit to each key in turn, stopping after the first whose count passes its limit; returns the counts of the keys hit. */
  hitInTurn(hits: ReadonlyArray<{ key: string; limit: number }>, windowStart: Date, windowMs: number): Promise<number[]>;
  close?(): Promise<void>;
}

export function databaseRateCounter(store: Store): RateCounter {
  return {
    backend: "database",
    hit: (key, windowStart) => store.identity.hitRateWindow(key, windowStart),
    // One statement for all the keys (one round trip on the request path).
    hitInTurn: (hits, windowStart) => store.identity.hitRateWindows(hits, windowStart),
  };
}

/** `hitInTurn` from single hits, for a counter whose hits are one round trip each anyway. */
async function hitEachInTurn(counter: Pick<RateCounter, "hit">, hits: ReadonlyArray<{ key: string; limit: number }>, windowStart: Date, windowMs: number): Promise<number[]> {
  const counts: number[] = [];
  for (const h of hits) {
    const count = await counter.hit(h.key, windowStart, windowMs);
    counts.push(count);
    if (count > h.limit) break;
  }
  return counts;
}

// ioredis is loaded only when a Redis counter is made (server tier): most commands never need it.
const require = createRequire(import.meta.url);

/**
 * INCR and PEXPIREAT in one MULTI: atomic across processes, and each window's
 * key expires a minute after the window ends. When Redis cannot be reached
 * the hit is counted in the database instead (limits stay enforced, with a
 * warning), rather than letting every question through or refusing them all.
 */
export function redisRateCounter(options: { redisUrl: string; prefix: string; store: Store; logger: Logger }): RateCounter & { close(): Promise<void> } {
  const { Redis } = require("ioredis") as typeof import("ioredis");
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, lazyConnect: true });
  redis.on("error", () => undefined); // reported per hit below; ioredis keeps reconnecting
  const fallback = databaseRateCounter(options.store);
  let warned = false;
  return {
    backend: "redis",
    hitInTurn(hits, windowStart, windowMs) {
      return hitEachInTurn(this, hits, windowStart, windowMs);
    },
    async hit(key, windowStart, windowMs) {
      try {
        if (redis.status === "wait") await redis.connect();
        const redisKey = `${options.prefix}:rate:${key}:${windowStart.getTime()}`;
        const result = await redis.multi().incr(redisKey).pexpireat(redisKey, windowStart.getTime() + windowMs + 60_000).exec();
        const [error, count] = result?.[0] ?? [new Error("empty MULTI reply"), null];
        if (error) throw error;
        warned = false;
        return Number(count);
      } catch (error) {
        if (!warned) options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, "rate limiter: Redis unavailable, counting in the database");
        warned = true;
        return fallback.hit(key, windowStart, windowMs);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
