import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy.ts";

/**
 * Relations and columns of a practice database's allow list that an
 * organisation's admin hid from Rounds on the admin page (issue #20): the
 * database still grants them, Rounds no longer shows or queries them. A row
 * per hidden item; `column_name` is '' for a whole relation. Restoring deletes
 * the row; who did what and when is in the audit log.
 */
export const dataAllowListHidden = pgTable("data_allow_list_hidden", {
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  sourceId: text("source_id").notNull(),
  relation: text("relation").notNull(),
  columnName: text("column_name").notNull().default(""),
  hiddenByUserId: text("hidden_by_user_id"),
  hiddenAt: timestamp("hidden_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.organizationId, t.sourceId, t.relation, t.columnName] })]);
