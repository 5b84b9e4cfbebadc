import { stringify } from "csv-stringify/sync";
import type { AuditRow } from "./audit-repository.ts";

export const auditCsvColumns = ["seq", "at", "actor_user_id", "actor_role", "action", "target_type", "target_id", "patient_id", "channel", "details"] as const;

/**
 * The audit rows as RFC 4180 CSV (header row, CRLF). Exactly what is stored,
 * nothing joined in (no names). Cells a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR) are prefixed with `'` by csv-stringify.
 */
export function auditCsv(rows: AuditRow[]): string {
  return stringify(rows.map((r) => [
    r.seq, r.at.toISOString(), r.actorUserId, r.actorRole, r.action, r.targetType, r.targetId, r.patientId, r.channel,
    r.details ? JSON.stringify(r.details) : null,
  ]), { header: true, columns: [...auditCsvColumns], record_delimiter: "windows", escape_formulas: true, cast: { boolean: (v) => String(v) } });
}
