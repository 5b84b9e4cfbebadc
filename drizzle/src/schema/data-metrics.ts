import { jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns.ts";
import { organizations } from "./tenancy.ts";

/**
 * Named metrics of a practice database that an organisation's admins defined
 * or changed on the admin page (issue #20). They lie over the data source's
 * configured catalogue (the seed): a row with a definition adds or replaces
 * the metric of that id; a row without one (`definition` null) removes it.
 */
export const dataMetrics = pgTable("data_metrics", {
  organizationId: uuid("organization_id").notNull().references(() => organizations.id),
  sourceId: text("source_id").notNull(),
  metricId: text("metric_id").notNull(),
  definition: jsonb("definition").$type<Record<string, unknown>>(),
  updatedByUserId: text("updated_by_user_id"),
  updatedAt: updatedAt(),
}, (t) => [primaryKey({ columns: [t.organizationId, t.sourceId, t.metricId] })]);
