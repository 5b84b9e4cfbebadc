import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor } from "../ports/index.ts";
import { type ConsentEvent, type ConsentMethod, type ConsentType, consentTypes } from "./consent-repository.ts";

export type { ConsentType };

/**
 * Consent checks over the append-only ledger. Everything patient-scoped
 * asks here first: session uploads (recording, transcription), answers drawing
 * on sessions (ai_analysis), training exports (training_use). No record means
 * no consent.
 */
export async function requireConsent(app: AppContext, input: { organizationId: string; patientId: string; types: ConsentType[] }): Promise<void> {
  const missing: ConsentType[] = [];
  for (const type of input.types) {
    if (!(await app.store.consent.granted(input.organizationId, [input.patientId], type)).has(input.patientId)) missing.push(type);
  }
  if (missing.length) {
    throw new RoundsError("CONSENT_REQUIRED", `This patient has not given consent for ${missing.join(" and ").replace("_", " ")}. Record it first (consent grant).`, { details: { missing } });
  }
}

export async function hasConsent(app: AppContext, input: { organizationId: string; patientId: string; type: ConsentType }): Promise<boolean> {
  return (await app.store.consent.granted(input.organizationId, [input.patientId], input.type)).has(input.patientId);
}

/** The subset of `patientIds` with current consent of `type`. */
export async function consentedPatients(app: AppContext, organizationId: string, patientIds: string[], type: ConsentType): Promise<Set<string>> {
  return app.store.consent.granted(organizationId, patientIds, type);
}

/**
 * Records a grant or revocation. Staff record for patients of their
 * organisation; a patient only for themselves. Takes effect at once: the
 * next answer or export reads the ledger.
 */
export async function recordConsent(app: AppContext, input: {
  actor: Actor; patientId: string; type: ConsentType; action: "granted" | "revoked"; method: ConsentMethod; channel?: string; ip?: string; userAgent?: string;
}): Promise<ConsentEvent> {
  const { actor } = input;
  if (!consentTypes.includes(input.type)) throw new RoundsError("BAD_REQUEST", `Unknown consent type. Use one of: ${consentTypes.join(", ")}.`);
  if (actor.role === "auditor") throw new RoundsError("FORBIDDEN", "Auditors cannot record consent.");
  if (actor.role === "patient" && actor.patientId !== input.patientId) throw new RoundsError("NOT_FOUND", "No such patient.");
  const patient = await app.store.identity.getPatient(actor.organizationId, input.patientId);
  if (!patient) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
  const event = await app.store.consent.append({
    organizationId: actor.organizationId, patientId: patient.id, type: input.type, action: input.action, recordedByUserId: actor.userId,
    method: input.method, channel: input.channel ?? null, ip: input.ip ?? null, userAgent: input.userAgent ?? null,
  });
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: `consent.${input.action}`, targetType: "patient", targetId: patient.id, patientId: patient.id, details: { type: input.type, method: input.method } });
  return event;
}

/** Current status per consent type, from the ledger. */
export async function consentStatus(app: AppContext, organizationId: string, patientId: string): Promise<Record<ConsentType, "granted" | "revoked" | "never asked">> {
  const history = await app.store.consent.history(organizationId, patientId);
  const status = Object.fromEntries(consentTypes.map((t) => [t, "never asked"])) as Record<ConsentType, "granted" | "revoked" | "never asked">;
  for (const e of history) status[e.type] = e.action;
  return status;
}
