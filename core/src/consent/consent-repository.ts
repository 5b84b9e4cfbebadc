/**
 * The append-only consent ledger. Implemented in
 * `drizzle/src/repos/consent.ts`. Owned by identity and access. Rows are
 * never updated: current status is the latest event per patient and type.
 */
export type ConsentType = "recording" | "transcription" | "ai_analysis" | "training_use" | "psychotherapy_notes";
export const consentTypes: readonly ConsentType[] = ["recording", "transcription", "ai_analysis", "training_use", "psychotherapy_notes"];
export type ConsentMethod = "chat" | "admin_web" | "api" | "cli";

export interface ConsentEvent {
  seq: number;
  organizationId: string;
  patientId: string;
  type: ConsentType;
  action: "granted" | "revoked";
  recordedByUserId: string | null;
  method: ConsentMethod;
  channel: string | null;
  ip: string | null;
  userAgent: string | null;
  at: Date;
}

export type NewConsentEvent = Omit<ConsentEvent, "seq" | "at">;

export interface ConsentRepository {
  append(event: NewConsentEvent): Promise<ConsentEvent>;
  /** Every event of a patient, oldest first. */
  history(organizationId: string, patientId: string): Promise<ConsentEvent[]>;
  /** Of `patientIds`, those whose latest `type` event is a grant. */
  granted(organizationId: string, patientIds: string[], type: ConsentType): Promise<Set<string>>;
}
