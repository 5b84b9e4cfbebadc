import { z } from "zod";

const parameter = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lower-case SQL identifier"),
  type: z.enum(["date", "integer", "number", "category"]),
  description: z.string().max(500).optional(),
  values: z.array(z.string().min(1).max(200)).max(100).optional(),
  default: z.union([z.string().max(200), z.number(), z.boolean(), z.null()]).optional(),
  role: z.enum(["start", "end", "min", "max"]).optional(),
  unit: z.enum(["minutes", "hours", "days"]).optional(),
}).strict().refine((p) => p.type !== "category" || (p.values?.length ?? 0) > 0, { message: "a category parameter lists its values", path: ["values"] });

/**
 * A named metric's definition (`Metric` in the data-source port), as a data
 * source's settings and an admin's edit on the admin page give it; the SQL is
 * checked separately by the source's guard (`DataSource.checkMetric`).
 */
export const metricDefinition = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lower-case letters, digits, '_' or '-'"),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(1000),
  phrases: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  parameters: z.array(parameter).max(20).default([]),
  sql: z.string().min(8).max(8000),
}).strict().refine((m) => new Set(m.parameters.map((p) => p.name)).size === m.parameters.length, { message: "parameter names must differ", path: ["parameters"] });
