import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import type { AuditQuery, AuditRow } from "./audit-repository.ts";

const PAGE = 500;

function requireAuditReader(actor: Actor): void {
  if (actor.role !== "admin" && actor.role !== "auditor") throw new RoundsError("FORBIDDEN", "Only admins and auditors can read the audit log.");
}

/** One page of the organisation's audit log, newest first (keyset paging with `before`). */
export async function queryAudit(app: AppContext, actor: Actor, query: AuditQuery): Promise<AuditRow[]> {
  requireAuditReader(actor);
  if (query.from && query.to && query.from > query.to) throw new RoundsError("VALIDATION_FAILED", "from must be before to.", { details: { reason: "from" } });
  return app.store.audit.query(actor.organizationId, { ...query, limit: Math.min(Math.max(query.limit ?? 100, 1), PAGE) });
}

/** Every matching row, newest first, a page at a time (bounded memory for any size). */
export async function* iterateAudit(app: AppContext, actor: Actor, query: Omit<AuditQuery, "limit" | "before">): AsyncGenerator<AuditRow> {
  requireAuditReader(actor);
  let before: number | undefined;
  for (;;) {
    const page = await app.store.audit.query(actor.organizationId, { ...query, limit: PAGE, ...(before !== undefined && { before }) });
    yield* page;
    if (page.length < PAGE) return;
    before = page.at(-1)!.seq;
  }
}

export const AUDIT_CSV_COLUMNS = ["seq", "at", "actor_user_id", "actor_role", "action", "target_type", "target_id", "patient_id", "channel", "details"] as const;

/**
 * One RFC 4180 field. Cells a spreadsheet would run as a formula (starting
 * with = + - @ or a tab/carriage return) get a leading apostrophe.
 */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsvLine(r: AuditRow): string {
  return [r.seq, r.at, r.actorUserId, r.actorRole, r.action, r.targetType, r.targetId, r.patientId, r.channel, r.details].map(csvField).join(",") + "\r\n";
}
