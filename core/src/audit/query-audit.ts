import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import type { AuditQuery, AuditRow } from "./audit-repository.ts";
import { findPatient } from "../identity/find-patient.ts";
import { requireOrganizationWide } from "../tenancy/project-scope.ts";

const PAGE = 500;

function requireAuditReader(actor: Actor): void {
  if (actor.role !== "admin" && actor.role !== "auditor") throw new RoundsError("FORBIDDEN", "Only admins and auditors can read the audit log.");
  requireOrganizationWide(actor, "the audit log");
}

/**
 * The query with its patient (id or reference) resolved in the actor's
 * organisation: a patient it does not hold is NOT_FOUND, so a mistyped id or
 * another clinic's patient never reads as "no entries".
 */
async function scopedQuery<Q extends { patientId?: string }>(app: AppContext, actor: Actor, query: Q): Promise<Q> {
  return query.patientId ? { ...query, patientId: (await findPatient(app, actor.organizationId, query.patientId)).id } : query;
}

export interface AuditPage {
  entries: AuditRow[];
  /** Pass as `before` for the next page; null when this page is the last. */
  next: number | null;
}

/** One page of the organisation's audit log, newest first (keyset paging with `before`). */
export async function queryAudit(app: AppContext, actor: Actor, query: AuditQuery): Promise<AuditPage> {
  requireAuditReader(actor);
  if (query.from && query.to && query.from > query.to) throw new RoundsError("VALIDATION_FAILED", "from must be before to.", { details: { reason: "from", field: "from" } });
  const limit = Math.min(Math.max(query.limit ?? 100, 1), PAGE);
  // One row more than asked says whether another page exists.
  const rows = await app.store.audit.query(actor.organizationId, { ...(await scopedQuery(app, actor, query)), limit: limit + 1 });
  const entries = rows.slice(0, limit);
  return { entries, next: rows.length > limit ? entries.at(-1)!.seq : null };
}

/** Every matching row, newest first, a page at a time (bounded memory for any size). */
export async function* iterateAudit(app: AppContext, actor: Actor, query: Omit<AuditQuery, "limit" | "before">): AsyncGenerator<AuditRow> {
  requireAuditReader(actor);
  const scoped = await scopedQuery(app, actor, query);
  let before: number | undefined;
  for (;;) {
    const page = await app.store.audit.query(actor.organizationId, { ...scoped, limit: PAGE, ...(before !== undefined && { before }) });
    yield* page;
    if (page.length < PAGE) return;
    before = page.at(-1)!.seq;
  }
}
