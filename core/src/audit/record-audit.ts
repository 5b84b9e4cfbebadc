import type { AppContext } from "../app/app-context.ts";
import type { Actor } from "../ports/index.ts";

export interface AuditInput {
  organizationId: string;
  actor?: Actor | undefined;
  action: string;
  targetType?: string;
  targetId?: string;
  patientId?: string;
  channel?: string;
  /** Identifiers and counts only: never text or names. */
  details?: Record<string, unknown>;
}

/** The one call that writes the audit log: reads of patient data, admin actions, consent, exports, promotions. */
export async function recordAudit(app: AppContext, input: AuditInput): Promise<void> {
  await app.store.audit.append([{
    organizationId: input.organizationId,
    actorUserId: input.actor?.userId ?? null,
    actorRole: input.actor?.role ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    patientId: input.patientId ?? null,
    channel: input.channel ?? input.actor?.identity?.channel ?? null,
    details: input.details ?? null,
  }]);
}
