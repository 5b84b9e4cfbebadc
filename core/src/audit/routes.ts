import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { auditCsv } from "./audit-csv.ts";
import { type AuditFilters, parseAuditDate, queryAudit } from "./query-audit.ts";

interface AuditQuerystring {
  actor?: string;
  action?: string;
  patient?: string;
  from?: string;
  to?: string;
  limit?: number;
  before?: number;
  format?: "json" | "csv";
}

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerAuditRoutes(api: FastifyInstance, app: AppContext): void {
  api.get<{ Querystring: AuditQuerystring }>("/audit", {
    schema: {
      summary: "The organisation's audit log, newest first (JSON, or CSV with format=csv or Accept: text/csv)",
      description: "Filters: actor (user id), action, patient (patient id), from/to (YYYY-MM-DD, whole UTC days, or ISO times), limit (1–5000, default 100), before (the previous page's nextBefore). CSV carries the same rows, with the next page in the x-next-before header.",
      tags: ["audit"],
      querystring: {
        type: "object", additionalProperties: false,
        properties: {
          actor: { type: "string", maxLength: 64 }, action: { type: "string", maxLength: 100 }, patient: { type: "string", maxLength: 64 },
          from: { type: "string", maxLength: 40 }, to: { type: "string", maxLength: 40 },
          limit: { type: "integer", minimum: 1, maximum: 5000 }, before: { type: "integer", minimum: 1 }, format: { enum: ["json", "csv"] },
        },
      },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin", "auditor");
    const q = request.query;
    const filters: AuditFilters = {
      ...(q.actor && { actorUserId: q.actor }), ...(q.action && { action: q.action }), ...(q.patient && { patientId: q.patient }),
      ...(q.from && { from: parseAuditDate(q.from, false) }), ...(q.to && { to: parseAuditDate(q.to, true) }),
      ...(q.limit !== undefined && { limit: q.limit }), ...(q.before !== undefined && { before: q.before }),
    };
    const page = await queryAudit(app, actor, filters);
    const csv = q.format === "csv" || (q.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ""));
    if (!csv) return page;
    if (page.nextBefore !== null) reply.header("x-next-before", String(page.nextBefore));
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="audit-${app.now().toISOString().slice(0, 10)}.csv"`)
      .header("cache-control", "no-store")
      .send(auditCsv(page.rows));
  });
}
