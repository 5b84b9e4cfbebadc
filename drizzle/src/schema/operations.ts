import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts, updatedAt } from "./columns.ts";

/**
 * The embedded tier's job queue (the server tier uses BullMQ on Redis).
 * Workers claim rows with `FOR UPDATE SKIP LOCKED` and a lease; a lease that
 * runs out (worker killed) makes the job claimable again.
 */
export const jobs = pgTable("jobs", {
  id: id(),
  queue: text("queue").notNull(),
  name: text("name").notNull(),
  version: integer("version").notNull().default(1),
  payload: jsonb("payload").$type<unknown>().notNull(),
  idempotencyKey: text("idempotency_key"),
  state: text("state", { enum: ["waiting", "active", "completed", "failed"] }).notNull().default("waiting"),
  attempts: integer("attempts").notNull().default(0),
  maxAttempts: integer("max_attempts").notNull().default(3),
  backoffMs: integer("backoff_ms").notNull().default(1000),
  runAt: ts("run_at").notNull().defaultNow(),
  lockedBy: text("locked_by"),
  lockedUntil: ts("locked_until"),
  progress: jsonb("progress").$type<unknown>(),
  result: jsonb("result").$type<unknown>(),
  error: text("error"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  finishedAt: ts("finished_at"),
}, (t) => [
  index("jobs_claim").on(t.queue, t.state, t.runAt),
  uniqueIndex("jobs_idempotency").on(t.queue, t.idempotencyKey),
]);

/** Chat deliveries already handled (Slack retries, Teams resends). */
export const processedEvents = pgTable("processed_events", {
  eventKey: text("event_key").primaryKey(),
  createdAt: createdAt(),
});

/** Fixed-window counters for rate limits on the embedded tier. */
export const rateLimitWindows = pgTable("rate_limit_windows", {
  key: text("key").notNull(),
  windowStart: ts("window_start").notNull(),
  count: integer("count").notNull().default(0),
}, (t) => [primaryKey({ columns: [t.key, t.windowStart] })]);

/** Local model files registered with `rounds models add`. */
export const modelFiles = pgTable("model_files", {
  id: id(),
  name: text("name").notNull().unique(),
  path: text("path").notNull(),
  sha256: text("sha256").notNull(),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  architecture: text("architecture"),
  metadata: jsonb("metadata").$type<Record<string, unknown>>(),
  organizationId: uuid("organization_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  lastLoadedAt: ts("last_loaded_at"),
});

/**
 * One row whose `n` every statement that changes who may do what bumps (triggers of migration
 * 0017: API keys but for their last use, users, projects, organisations), committed with it;
 * the in-process caches of those reads (`repos/identity-cache.ts`) are valid while it stays the
 * same, whichever process or connection wrote.
 */
export const identityGeneration = pgTable("identity_generation", {
  id: integer("id").primaryKey().default(1),
  n: bigint("n", { mode: "number" }).notNull().default(0),
});
