/** The append-only audit log (a database trigger refuses UPDATE and DELETE). */
export interface AuditEntry {
  organizationId: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  patientId: string | null;
  channel: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditRow extends AuditEntry {
  seq: number;
  at: Date;
}

export interface AuditQuery {
  actorUserId?: string;
  action?: string;
  patientId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  /** Rows with `seq` below this (keyset paging, newest first). */
  before?: number;
}

export interface AuditRepository {
  append(entries: AuditEntry[]): Promise<void>;
  query(organizationId: string, query: AuditQuery): Promise<AuditRow[]>;
}
