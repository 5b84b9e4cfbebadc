import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { recordAudit } from "./record-audit.ts";
import type { AuditQuery, AuditRow } from "./audit-repository.ts";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditFilters {
  actorUserId?: string;
  action?: string;
  patientId?: string;
  from?: Date;
  to?: Date;
  /** At most 5000 rows per page; 100 by default. */
  limit?: number;
  /** Keyset paging: rows older than this `seq` (the previous page's `nextBefore`). */
  before?: number;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `before` for the next (older) page; `null` on the last page. */
  nextBefore: number | null;
}

/**
 * Reads the caller's organisation's audit log (admins and auditors). The
 * organisation comes from the actor, never from the request, and is a
 * condition of the query itself. Reading the log is itself audited.
 */
export async function queryAudit(app: AppContext, actor: Actor, filters: AuditFilters): Promise<AuditPage> {
  if (actor.role !== "admin" && actor.role !== "auditor") throw new RoundsError("FORBIDDEN", "Only admins and auditors can read the audit log.");
  const bad = (field: string, rule: string) => new RoundsError("BAD_REQUEST", `${field} ${rule}.`, { details: { reason: "audit_filter", field } });
  if (filters.actorUserId !== undefined && !uuidPattern.test(filters.actorUserId)) throw bad("actor", "must be a user id");
  if (filters.patientId !== undefined && !uuidPattern.test(filters.patientId)) throw bad("patient", "must be a patient id");
  if (filters.action !== undefined && !/^[\w.:-]{1,100}$/.test(filters.action)) throw bad("action", "must be an action name such as consent.granted");
  for (const [field, d] of [["from", filters.from], ["to", filters.to]] as const) {
    if (d !== undefined && Number.isNaN(d.getTime())) throw bad(field, "must be a date (YYYY-MM-DD or an ISO time)");
  }
  if (filters.from && filters.to && filters.from > filters.to) throw bad("from", "must not be after to");
  const limit = filters.limit ?? 100;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 5000)) throw bad("limit", "must be a whole number from 1 to 5000");
  if (filters.before !== undefined && !(Number.isInteger(filters.before) && filters.before >= 1)) throw bad("before", "must be a positive whole number");
  const query: AuditQuery = {
    limit: limit + 1,
    ...(filters.actorUserId && { actorUserId: filters.actorUserId.toLowerCase() }),
    ...(filters.action && { action: filters.action }),
    ...(filters.patientId && { patientId: filters.patientId.toLowerCase() }),
    ...(filters.from && { from: filters.from }),
    ...(filters.to && { to: filters.to }),
    ...(filters.before !== undefined && { before: filters.before }),
  };
  const rows = await app.store.audit.query(actor.organizationId, query);
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "audit.read", ...(filters.patientId && { patientId: filters.patientId.toLowerCase() }), details: { rows: Math.min(rows.length, limit) } });
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: rows.length > limit ? page.at(-1)!.seq : null };
}

/** Parses `YYYY-MM-DD` (a whole UTC day: `to` includes that day) or an ISO time. */
export function parseAuditDate(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T${end ? "23:59:59.999" : "00:00:00.000"}Z`);
  return new Date(value);
}
