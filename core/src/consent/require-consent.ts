import type { AppContext } from "../app/app-context.ts";
import { RoundsError } from "../errors/index.ts";

export type ConsentType = "recording" | "transcription" | "ai_analysis" | "training_use";

/**
 * Consent checks. PLACEHOLDER until the consent ledger lands: every check
 * denies, so no patient material is used without recorded consent.
 */
export async function requireConsent(_app: AppContext, input: { organizationId: string; patientId: string; types: ConsentType[] }): Promise<void> {
  throw new RoundsError("CONSENT_REQUIRED", "Recorded consent is required for this patient's material.", { details: { missing: input.types } });
}

export async function hasConsent(_app: AppContext, _input: { organizationId: string; patientId: string; type: ConsentType }): Promise<boolean> {
  return false;
}

/** The subset of `patientIds` with current consent of `type`. */
export async function consentedPatients(_app: AppContext, _organizationId: string, _patientIds: string[], _type: ConsentType): Promise<Set<string>> {
  return new Set();
}
