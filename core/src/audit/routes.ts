import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.ts";
import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import { recordAudit } from "./record-audit.ts";
import { auditCsv } from "./audit-csv.ts";
import { iterateAudit, queryAudit } from "./query-audit.ts";
import { requireOrganizationWide } from "../tenancy/project-scope.ts";

interface AuditQuerystring { action?: string; actorUserId?: string; patientId?: string; from?: string; to?: string; limit?: number; before?: number; format?: "json" | "csv" }

const uuid = { type: "string", format: "uuid" } as const;

/** `from`/`to`: an ISO date-time, or a day (YYYY-MM-DD, UTC) meaning its first (`from`) or last (`to`) moment. */
function instant(value: string, field: "from" | "to"): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(day ? `${value}T${field === "from" ? "00:00:00.000" : "23:59:59.999"}Z` : value);
  if (Number.isNaN(d.getTime()) || !(day || /^\d{4}-\d{2}-\d{2}T/.test(value))) {
    throw new RoundsError("VALIDATION_FAILED", `${field} must be a date (2026-11-01) or a date and time (2026-11-01T09:00:00Z).`, { details: { reason: field, field } });
  }
  return d;
}

/** HTTP routes of this domain, mounted under `/v1`. */
export function registerAuditRoutes(api: FastifyInstance, app: AppContext): void {
  api.get<{ Querystring: AuditQuerystring }>("/audit", {
    schema: {
      summary: "The organisation's audit log, newest first, with filters; `format=csv` (or Accept: text/csv) exports every matching entry",
      description: "`from`/`to` take a day (2026-11-01, UTC; `to` includes the whole day) or an ISO date-time. JSON pages hold at most 500 entries; pass the last `seq` as `before` for the next page. The CSV streams all matching entries; cells that a spreadsheet would run as formulas are prefixed with an apostrophe.",
      tags: ["audit"],
      querystring: {
        type: "object", additionalProperties: false,
        properties: {
          action: { type: "string", maxLength: 80 }, actorUserId: uuid, patientId: uuid,
          from: { type: "string", maxLength: 40 }, to: { type: "string", maxLength: 40 },
          limit: { type: "integer", minimum: 1, maximum: 500 }, before: { type: "integer", minimum: 1 }, format: { enum: ["json", "csv"] },
        },
      },
    },
  }, async (request, reply) => {
    const actor = requireRole(request, "admin", "auditor");
    requireOrganizationWide(actor, "the audit log"); // before a CSV stream starts
    const q = request.query;
    const filters = {
      ...(q.action && { action: q.action }), ...(q.actorUserId && { actorUserId: q.actorUserId }), ...(q.patientId && { patientId: q.patientId }),
      ...(q.from && { from: instant(q.from, "from") }), ...(q.to && { to: instant(q.to, "to") }),
    };
    const csv = q.format === "csv" || (q.format === undefined && /\btext\/csv\b/.test(String(request.headers.accept ?? "")));
    if (!csv) {
      return queryAudit(app, actor, { ...filters, ...(q.limit && { limit: q.limit }), ...(q.before && { before: q.before }) });
    }
    await queryAudit(app, actor, { ...filters, limit: 1 }); // role and filter checks before the stream starts
    await recordAudit(app, { organizationId: actor.organizationId, actor, action: "audit.export", details: { filters: Object.keys(filters) } });
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="rounds-audit-${stamp}.csv"`)
      .header("cache-control", "no-store")
      .send(Readable.from(auditCsv(iterateAudit(app, actor, filters))));
  });
}
