import { stringify } from "csv-stringify/sync";
import type { AuditRow } from "./audit-repository.ts";

const auditCsvColumns = ["seq", "at", "actor_user_id", "actor_role", "action", "target_type", "target_id", "patient_id", "channel", "details"] as const;

const options = { record_delimiter: "windows", escape_formulas: true, cast: { boolean: (v: boolean) => String(v), date: (d: Date) => d.toISOString() } } as const;

/**
 * The audit log as RFC 4180 CSV (header row, CRLF), one row at a time so an
 * export of any size streams. Exactly what is stored, nothing joined in (no
 * names). Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
 * tab, CR) are prefixed with `'` by csv-stringify.
 */
export async function* auditCsv(rows: AsyncIterable<AuditRow>): AsyncGenerator<string> {
  yield stringify([[...auditCsvColumns]], options);
  for await (const r of rows) {
    yield stringify([[r.seq, r.at, r.actorUserId, r.actorRole, r.action, r.targetType, r.targetId, r.patientId, r.channel, r.details ? JSON.stringify(r.details) : null]], options);
  }
}
