import { bigserial, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy.ts";

/**
 * Patient cohorts behind counts an organisation was shown from a practice
 * database (issue #20's differencing guard): each row one cohort, its keys
 * HMACs of the source's opaque view keys (never a patient id), its family the
 * statement it came from (hashed). Bounded retention: the guard deletes rows
 * past its window and beyond its history limit on every release.
 */
export const dataReleasedCohorts = pgTable("data_released_cohorts", {
  seq: bigserial("seq", { mode: "number" }).primaryKey(),
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  sourceId: text("source_id").notNull(),
  family: text("family").notNull(),
  keys: text("keys").array().notNull(),
  releasedAt: timestamp("released_at", { withTimezone: true }).notNull(),
}, (t) => [index("data_released_cohorts_scope").on(t.organizationId, t.sourceId, t.seq)]);
